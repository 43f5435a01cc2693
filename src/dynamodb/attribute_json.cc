#include "dynamodb/attribute_json.h"

#include <algorithm>
#include <set>

#include "dynamodb/limits.h"
#include "dynamodb/number.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

ApiError Invalid(std::string detail) {
  return ValidationError("One or more parameter values were invalid: " + std::move(detail));
}

Result<std::string> StringOf(const json::value& v) {
  if (!v.is_string()) return Fail(WrongJsonType(v, "String"));
  return std::string(v.get_string());
}

Result<std::string> DecodeBinary(const json::value& v) {
  auto text = StringOf(v);
  if (!text) return Fail(text.error());
  std::string bytes;
  if (!Base64Decode(*text, bytes)) {
    return Fail(SerializationError("Base64 encoded length is expected a multiple of 4 bytes"));
  }
  return bytes;
}

// DynamoDB names the members it read before the first repeat in byte order, then the
// repeat, then the rest as sent; binaries in base64 without spaces; no numbers at all.
ApiError DuplicateMembers(AttrType type, const std::vector<std::string>& as_sent) {
  if (type == AttrType::kNS) return Invalid("Input collection contains duplicates.");
  std::set<std::string> seen;
  std::vector<std::string> listed;
  std::size_t i = 0;
  for (; i < as_sent.size(); ++i) {
    if (!seen.insert(as_sent[i]).second) break;
  }
  listed.assign(seen.begin(), seen.end());
  listed.insert(listed.end(), as_sent.begin() + static_cast<long>(std::min(i, as_sent.size())),
                as_sent.end());
  std::string rendered;
  for (const std::string& member : listed) {
    if (!rendered.empty()) rendered += type == AttrType::kBS ? "," : ", ";
    rendered += "\"" + (type == AttrType::kBS ? Base64Encode(member) : member) + "\"";
  }
  return Invalid(
      "Input collection [" + rendered + "]" +
      (type == AttrType::kBS ? "of type BS contains duplicates." : " contains duplicates."));
}

Result<AttributeValue> SetFromJson(AttrType type, const json::value& v) {
  if (!v.is_array()) return Fail(SerializationError("Unexpected field type"));
  AttributeValue out;
  out.type = type;
  for (const auto& e : v.get_array()) {
    if (type == AttrType::kBS) {
      auto b = DecodeBinary(e);
      if (!b) return Fail(b.error());
      out.set.push_back(std::move(*b));
      continue;
    }
    auto s = StringOf(e);
    if (!s) return Fail(s.error());
    if (type == AttrType::kNS) {
      auto n = ParseNumber(*s);
      if (!n) return Fail(n.error());
      *s = FormatNumber(*n);
    }
    out.set.push_back(std::move(*s));
  }
  if (out.set.empty()) {
    // DynamoDB's wording, its doubled space and its separate binary sentence included.
    if (type == AttrType::kBS) return Fail(Invalid("Binary sets should not be empty"));
    return Fail(Invalid(std::string("An ") + (type == AttrType::kSS ? "string" : "number") +
                        " set  may not be empty"));
  }
  std::vector<std::string> as_sent = out.set;
  NormalizeSet(out);
  if (out.set.size() != as_sent.size()) return Fail(DuplicateMembers(type, as_sent));
  return out;
}

}  // namespace

Result<Item> MapFromJson(const json::value& json, int depth);

Result<AttributeValue> ValueFromJson(const json::value& json, int depth) {
  if (depth > limits::kMaxDocumentPathDepth) {
    return Fail(NestingTooDeep());
  }
  if (!json.is_object()) return Fail(SerializationError("Unexpected value type in payload"));
  const auto& obj = json.get_object();
  if (obj.empty()) {
    return Fail(
        ValidationError("Supplied AttributeValue is empty, must contain exactly one of the "
                        "supported datatypes"));
  }
  if (obj.size() > 1) {
    return Fail(
        ValidationError("Supplied AttributeValue has more than one datatypes set, must contain "
                        "exactly one of the supported datatypes"));
  }
  const auto& [key, v] = *obj.begin();
  AttrType type;
  if (!ParseTypeName(key, type)) {
    return Fail(
        ValidationError("Supplied AttributeValue is empty, must contain exactly one of the "
                        "supported datatypes"));
  }
  switch (type) {
    case AttrType::kS: {
      auto s = StringOf(v);
      if (!s) return Fail(s.error());
      return AttributeValue::String(std::move(*s));
    }
    case AttrType::kN: {
      auto s = StringOf(v);
      if (!s) return Fail(s.error());
      auto n = ParseNumber(*s);
      if (!n) return Fail(n.error());
      return AttributeValue::NumberText(FormatNumber(*n));
    }
    case AttrType::kB: {
      auto b = DecodeBinary(v);
      if (!b) return Fail(b.error());
      return AttributeValue::Binary(std::move(*b));
    }
    case AttrType::kSS:
    case AttrType::kNS:
    case AttrType::kBS:
      return SetFromJson(type, v);
    case AttrType::kBool:
      if (!v.is_bool()) return Fail(WrongJsonType(v, "Boolean"));
      return AttributeValue::Bool(v.get_bool());
    case AttrType::kNull:
      if (!v.is_bool()) return Fail(WrongJsonType(v, "Boolean"));
      if (!v.get_bool()) {
        return Fail(Invalid("Null attribute value types must have the value of true"));
      }
      return AttributeValue::Null();
    case AttrType::kL: {
      if (!v.is_array()) return Fail(SerializationError("Unexpected field type"));
      std::vector<AttributeValue> list;
      for (const auto& e : v.get_array()) {
        auto a = ValueFromJson(e, depth + 1);
        if (!a) return Fail(a.error());
        list.push_back(std::move(*a));
      }
      return AttributeValue::List(std::move(list));
    }
    case AttrType::kM: {
      auto m = MapFromJson(v, depth + 1);
      if (!m) return Fail(m.error());
      return AttributeValue::Map(std::move(*m));
    }
  }
  return Fail(SerializationError("Unknown attribute type"));
}

Result<AttributeValue> AttributeFromJson(const json::value& json) { return ValueFromJson(json, 0); }

Result<Item> ItemFromJson(const json::value& json) { return MapFromJson(json, 0); }

json::value AttributeToJson(const AttributeValue& v) {
  json::object out;
  std::string key(TypeName(v.type));
  switch (v.type) {
    case AttrType::kS:
    case AttrType::kN:
      out[key] = v.scalar;
      break;
    case AttrType::kB:
      out[key] = Base64Encode(v.scalar);
      break;
    case AttrType::kBool:
      out[key] = v.boolean;
      break;
    case AttrType::kNull:
      out[key] = true;
      break;
    case AttrType::kSS:
    case AttrType::kNS:
    case AttrType::kBS: {
      json::array arr;
      for (const auto& s : v.set) {
        arr.emplace_back(v.type == AttrType::kBS ? Base64Encode(s) : s);
      }
      out[key] = std::move(arr);
      break;
    }
    case AttrType::kL: {
      json::array arr;
      for (const auto& e : v.list) arr.push_back(AttributeToJson(e));
      out[key] = std::move(arr);
      break;
    }
    case AttrType::kM:
      out[key] = ItemToJson(v.map);
      break;
  }
  return out;
}

Result<Item> MapFromJson(const json::value& json, int depth) {
  if (!json.is_object()) {
    if (json.is_array()) {
      return Fail(
          SerializationError("Unrecognized collection type java.util.Map<java.lang.String, "
                             "com.amazonaws.dynamodb.v20120810.AttributeValue>"));
    }
    return Fail(SerializationError("Unexpected field type"));
  }
  Item item;
  for (const auto& [name, v] : json.get_object()) {
    auto a = ValueFromJson(v, depth);
    if (!a) return Fail(a.error());
    item.emplace(std::string(name), std::move(*a));
  }
  return item;
}

json::object ItemToJson(const Item& item) {
  json::object out;
  for (const auto& [name, v] : item) out[name] = AttributeToJson(v);
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kBase64Alphabet[(n >> s) & 63]);
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out.push_back(kBase64Alphabet[(n >> 18) & 63]);
    out.push_back(kBase64Alphabet[(n >> 12) & 63]);
    out.push_back(rest == 2 ? kBase64Alphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

bool Base64Decode(std::string_view text, std::string& out) {
  out.clear();
  if (text.size() % 4 != 0) return false;
  unsigned buffer = 0;
  int bits = 0;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '=') {
      if (i + 2 < text.size()) return false;
      ++padding;
      continue;
    }
    if (padding > 0) return false;
    auto pos = kBase64Alphabet.find(c);
    if (pos == std::string_view::npos) return false;
    buffer = (buffer << 6) | static_cast<unsigned>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return true;
}

}  // namespace nimbus::dynamodb
