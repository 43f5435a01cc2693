#include "dynamodb/item_codec.h"

#include <cstdint>

namespace nimbus::dynamodb {
namespace {

constexpr char kFormatVersion = 1;
constexpr int kMaxNesting = 64;  // deeper than DynamoDB's 32 levels: only corruption trips it

void PutVarint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void PutBytes(std::string& out, std::string_view bytes) {
  PutVarint(out, bytes.size());
  out.append(bytes);
}

void PutValue(std::string& out, const AttributeValue& v);

void PutMap(std::string& out, const Item& map) {
  PutVarint(out, map.size());
  for (const auto& [name, v] : map) {
    PutBytes(out, name);
    PutValue(out, v);
  }
}

void PutValue(std::string& out, const AttributeValue& v) {
  out.push_back(static_cast<char>(v.type));
  switch (v.type) {
    case AttrType::kS:
    case AttrType::kN:
    case AttrType::kB:
      PutBytes(out, v.scalar);
      break;
    case AttrType::kBool:
      out.push_back(v.boolean ? 1 : 0);
      break;
    case AttrType::kNull:
      break;
    case AttrType::kSS:
    case AttrType::kNS:
    case AttrType::kBS:
      PutVarint(out, v.set.size());
      for (const auto& s : v.set) PutBytes(out, s);
      break;
    case AttrType::kL:
      PutVarint(out, v.list.size());
      for (const auto& e : v.list) PutValue(out, e);
      break;
    case AttrType::kM:
      PutMap(out, v.map);
      break;
  }
}

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool Done() const { return in_.empty(); }

  bool Varint(std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64 && !in_.empty(); shift += 7) {
      auto byte = static_cast<unsigned char>(in_.front());
      in_.remove_prefix(1);
      v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }

  bool Bytes(std::string& out) {
    std::uint64_t n;
    if (!Varint(n) || n > in_.size()) return false;
    out.assign(in_.substr(0, n));
    in_.remove_prefix(n);
    return true;
  }

  bool Byte(char& c) {
    if (in_.empty()) return false;
    c = in_.front();
    in_.remove_prefix(1);
    return true;
  }

  bool Map(Item& map, int depth) {
    std::uint64_t n;
    if (!Varint(n) || n > in_.size()) return false;
    for (std::uint64_t i = 0; i < n; ++i) {
      std::string name;
      AttributeValue v;
      if (!Bytes(name) || !Value(v, depth + 1)) return false;
      map.emplace(std::move(name), std::move(v));
    }
    return true;
  }

  bool Value(AttributeValue& v, int depth) {
    char tag;
    if (depth > kMaxNesting || !Byte(tag)) return false;
    if (tag < static_cast<char>(AttrType::kS) || tag > static_cast<char>(AttrType::kBool)) {
      return false;
    }
    v.type = static_cast<AttrType>(tag);
    std::uint64_t n;
    switch (v.type) {
      case AttrType::kS:
      case AttrType::kN:
      case AttrType::kB:
        return Bytes(v.scalar);
      case AttrType::kBool: {
        char b;
        if (!Byte(b)) return false;
        v.boolean = b != 0;
        return true;
      }
      case AttrType::kNull:
        return true;
      case AttrType::kSS:
      case AttrType::kNS:
      case AttrType::kBS:
        if (!Varint(n) || n > in_.size()) return false;
        v.set.resize(n);
        for (auto& s : v.set) {
          if (!Bytes(s)) return false;
        }
        return true;
      case AttrType::kL:
        if (!Varint(n) || n > in_.size()) return false;
        v.list.resize(n);
        for (auto& e : v.list) {
          if (!Value(e, depth + 1)) return false;
        }
        return true;
      case AttrType::kM:
        return Map(v.map, depth);
    }
    return false;
  }

 private:
  std::string_view in_;
};

}  // namespace

std::string EncodeItem(const Item& item) {
  std::string out(1, kFormatVersion);
  PutMap(out, item);
  return out;
}

std::optional<Item> DecodeItem(std::string_view bytes) {
  if (bytes.empty() || bytes.front() != kFormatVersion) return std::nullopt;
  Reader reader(bytes.substr(1));
  Item item;
  if (!reader.Map(item, 0) || !reader.Done()) return std::nullopt;
  return item;
}

}  // namespace nimbus::dynamodb
