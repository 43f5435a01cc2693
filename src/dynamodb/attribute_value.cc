#include "dynamodb/attribute_value.h"

#include <algorithm>
#include <array>

#include "dynamodb/number.h"

namespace nimbus::dynamodb {
namespace {

constexpr std::array<std::string_view, 11> kTypeNames = {"",   "S", "N", "B",    "SS",  "NS",
                                                         "BS", "M", "L", "NULL", "BOOL"};

int FloorHalf(int v) { return v >= 0 ? v / 2 : -((1 - v) / 2); }

// What DynamoDB charges for a number: one byte, one more per base-100 digit between the most
// and the least significant decimal digit (pairs aligned on the decimal point, so 3.14159
// spans 3|14|15|9 = 4), and one for a negative sign. 1E125 costs 2, like 1.
std::size_t NumberSize(std::string_view canonical) {
  auto n = ParseNumber(canonical);
  if (!n || n->IsZero()) return 1;
  int most = n->exponent - 1;                                    // power of ten of the first digit
  int least = n->exponent - static_cast<int>(n->digits.size());  // of the last
  std::size_t pairs = static_cast<std::size_t>(FloorHalf(most) - FloorHalf(least) + 1);
  return 1 + pairs + (n->negative ? 1 : 0);
}

}  // namespace

AttributeValue AttributeValue::String(std::string s) {
  AttributeValue v;
  v.type = AttrType::kS;
  v.scalar = std::move(s);
  return v;
}

AttributeValue AttributeValue::NumberText(std::string canonical) {
  AttributeValue v;
  v.type = AttrType::kN;
  v.scalar = std::move(canonical);
  return v;
}

AttributeValue AttributeValue::Binary(std::string bytes) {
  AttributeValue v;
  v.type = AttrType::kB;
  v.scalar = std::move(bytes);
  return v;
}

AttributeValue AttributeValue::Bool(bool b) {
  AttributeValue v;
  v.type = AttrType::kBool;
  v.boolean = b;
  return v;
}

AttributeValue AttributeValue::Null() { return AttributeValue{}; }

AttributeValue AttributeValue::List(std::vector<AttributeValue> l) {
  AttributeValue v;
  v.type = AttrType::kL;
  v.list = std::move(l);
  return v;
}

AttributeValue AttributeValue::Map(std::map<std::string, AttributeValue> m) {
  AttributeValue v;
  v.type = AttrType::kM;
  v.map = std::move(m);
  return v;
}

bool AttributeValue::operator==(const AttributeValue& o) const {
  if (type != o.type) return false;
  switch (type) {
    case AttrType::kS:
    case AttrType::kN:
    case AttrType::kB:
      return scalar == o.scalar;
    case AttrType::kBool:
      return boolean == o.boolean;
    case AttrType::kNull:
      return true;
    case AttrType::kSS:
    case AttrType::kNS:
    case AttrType::kBS:
      return set == o.set;
    case AttrType::kL:
      return list == o.list;
    case AttrType::kM:
      return map == o.map;
  }
  return false;
}

std::string_view TypeName(AttrType type) { return kTypeNames[static_cast<std::size_t>(type)]; }

bool ParseTypeName(std::string_view name, AttrType& out) {
  for (std::size_t i = 1; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == name) {
      out = static_cast<AttrType>(i);
      return true;
    }
  }
  return false;
}

std::size_t AttributeSize(const AttributeValue& v) {
  switch (v.type) {
    case AttrType::kS:
    case AttrType::kB:
      return v.scalar.size();
    case AttrType::kN:
      return NumberSize(v.scalar);
    case AttrType::kBool:
    case AttrType::kNull:
      return 1;
    case AttrType::kSS:
    case AttrType::kBS: {
      std::size_t n = 0;
      for (const auto& s : v.set) n += s.size();
      return n;
    }
    case AttrType::kNS: {
      std::size_t n = 0;
      for (const auto& s : v.set) n += NumberSize(s);
      return n;
    }
    case AttrType::kL: {
      std::size_t n = 3;
      for (const auto& e : v.list) n += 1 + AttributeSize(e);
      return n;
    }
    case AttrType::kM: {
      std::size_t n = 3;
      for (const auto& [k, e] : v.map) n += 1 + k.size() + AttributeSize(e);
      return n;
    }
  }
  return 0;
}

std::size_t ItemSize(const Item& item) {
  std::size_t n = 0;
  for (const auto& [name, v] : item) n += name.size() + AttributeSize(v);
  return n;
}

void NormalizeSet(AttributeValue& v) {
  std::sort(v.set.begin(), v.set.end());
  v.set.erase(std::unique(v.set.begin(), v.set.end()), v.set.end());
}

int NestingDepth(const AttributeValue& v) {
  int depth = 0;
  if (v.type == AttrType::kM) {
    for (const auto& [name, child] : v.map) depth = std::max(depth, 1 + NestingDepth(child));
  } else if (v.type == AttrType::kL) {
    for (const auto& child : v.list) depth = std::max(depth, 1 + NestingDepth(child));
  }
  return depth;
}

}  // namespace nimbus::dynamodb
