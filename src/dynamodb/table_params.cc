#include "dynamodb/table_params.h"

#include <algorithm>
#include <boost/json.hpp>

#include "dynamodb/limits.h"
#include "dynamodb/request.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

const std::string kInvalid = "One or more parameter values were invalid: ";

// Decodes one UTF-8 code point at `i` (advancing it); U+FFFD for a malformed sequence.
char32_t NextCodePoint(std::string_view s, std::size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i++]);
  int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
  if (extra < 0) return 0xFFFD;
  char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size() || (static_cast<unsigned char>(s[i]) >> 6) != 0x2) return 0xFFFD;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  }
  return cp;
}

std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) NextCodePoint(s, i);
  return n;
}

// AWS's tag character set, ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$: letters, separators and digits of
// any script, and _ . : / = + - @. ASCII punctuation and symbols outside those (and emoji) are
// refused; other non-ASCII code points below the emoji planes are taken as letters.
bool TagCharactersValid(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = NextCodePoint(s, i);
    if (c == 0xFFFD) return false;
    if (c < 0x80) {
      if (std::isalnum(static_cast<int>(c)) || c == ' ') continue;
      if (std::string_view("_.:/=+-@").find(static_cast<char>(c)) != std::string_view::npos) {
        continue;
      }
      return false;
    }
    if (c >= 0x1F000 || (c >= 0x2190 && c <= 0x2BFF) || (c >= 0x80 && c < 0xA0)) return false;
  }
  return true;
}

}  // namespace

std::string TableArn(const OperationContext& ctx, std::string_view table_name) {
  return "arn:aws:dynamodb:" + ctx.options.region + ":" + ctx.options.account_id + ":table/" +
         std::string(table_name);
}

Result<Definitions> ParseDefinitions(const Request& req, bool required) {
  const json::value* defs = req.if_contains("AttributeDefinitions");
  if (defs == nullptr || defs->is_null()) {
    if (!required) return Definitions{};
    return Fail(MemberError("null", "attributeDefinitions", "Member must not be null"));
  }
  if (!defs->is_array()) return Fail(SerializationError("AttributeDefinitions must be a list"));
  Definitions out;
  int i = 0;
  for (const auto& d : defs->get_array()) {
    ++i;
    const json::object* o = d.if_object();
    if (o == nullptr) return Fail(SerializationError("AttributeDefinition must be a structure"));
    std::string member = "attributeDefinitions." + std::to_string(i) + ".member.";
    auto name = RequiredString(*o, "AttributeName", member + "attributeName");
    if (!name) return Fail(name.error());
    auto type = RequiredString(*o, "AttributeType", member + "attributeType");
    if (!type) return Fail(type.error());
    if (*type != "S" && *type != "N" && *type != "B") {
      return Fail(MemberError("'" + *type + "'", member + "attributeType",
                              "Member must satisfy enum value set: [B, N, S]"));
    }
    if (!out.emplace(*name, *type).second) {
      return Fail(ValidationError(
          "Cannot have two attributes with the same name. Attribute name: " + *name));
    }
  }
  return out;
}

Result<json::array> ParseKeySchemaParam(const json::object& owner, std::string_view member,
                                        const Definitions& defs, std::set<std::string>& used) {
  const json::value* schema = owner.if_contains("KeySchema");
  if (schema == nullptr || schema->is_null()) {
    return Fail(MemberError("null", member, "Member must not be null"));
  }
  if (!schema->is_array()) return Fail(SerializationError("KeySchema must be a list"));
  const json::array& elements = schema->get_array();
  if (elements.empty() || elements.size() > 2) {
    return Fail(MemberError("'" + json::serialize(elements) + "'", member,
                            elements.empty() ? "Member must have length greater than or equal to 1"
                                             : "Member must have length less than or equal to 2"));
  }
  json::array out;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const json::object* o = elements[i].if_object();
    if (o == nullptr) return Fail(SerializationError("KeySchemaElement must be a structure"));
    std::string element = std::string(member) + "." + std::to_string(i + 1) + ".member.";
    auto name = RequiredString(*o, "AttributeName", element + "attributeName");
    if (!name) return Fail(name.error());
    auto type = RequiredString(*o, "KeyType", element + "keyType");
    if (!type) return Fail(type.error());
    if (i == 0 && *type != "HASH") {
      return Fail(
          ValidationError("Invalid KeySchema: The first KeySchemaElement is not a HASH key type"));
    }
    if (i == 1 && *type != "RANGE") {
      return Fail(ValidationError(
          "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"));
    }
    if (i == 1 && *name == names[0]) {
      return Fail(ValidationError(
          "Both the Hash Key and the Range Key element in the KeySchema have the same name"));
    }
    names.push_back(*name);
    out.push_back(json::object{{"AttributeName", *name}, {"KeyType", *type}});
  }
  for (const auto& n : names) {
    if (!defs.contains(n)) {
      std::string keys, all;
      for (const auto& k : names) keys += (keys.empty() ? "" : ", ") + k;
      for (const auto& [k, t] : defs) all += (all.empty() ? "" : ", ") + k;
      return Fail(ValidationError(
          kInvalid + "Some index key attributes are not defined in AttributeDefinitions. Keys: [" +
          keys + "], AttributeDefinitions: [" + all + "]"));
    }
    used.insert(n);
  }
  return out;
}

Result<json::object> ParseCapacity(const json::value& throughput, std::string_view member,
                                   std::string_view index, const std::string& region) {
  if (!throughput.is_object()) {
    return Fail(SerializationError("ProvisionedThroughput must be a structure"));
  }
  json::object out{{"NumberOfDecreasesToday", 0}};
  for (const auto& [field, camel, max] :
       {std::tuple{"ReadCapacityUnits", "readCapacityUnits", limits::kTableMaxReadCapacityUnits},
        std::tuple{"WriteCapacityUnits", "writeCapacityUnits",
                   limits::kTableMaxWriteCapacityUnits}}) {
    auto units = OptionalInteger(throughput.get_object(), field);
    if (!units) return Fail(units.error());
    std::string path = std::string(member) + "." + camel;
    if (!*units) return Fail(MemberError("null", path, "Member must not be null"));
    if (**units < 1) {
      return Fail(MemberError("'" + std::to_string(**units) + "'", path,
                              "Member must have value greater than or equal to 1"));
    }
    if (**units > max) {
      std::string what = index.empty()
                             ? std::string(field) + ", "
                             : std::string(field) + " for index " + std::string(index) + ", ";
      return Fail(LimitExceeded(
          "The requested " + what + std::to_string(**units) + ", is above the per " +
          (index.empty() ? "table" : "index") + " maximum for the account in " + region +
          ". Per table maximum: " + std::to_string(max) +
          ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request "
          "higher limits."));
    }
    out[field] = **units;
  }
  return out;
}

json::object OnDemandThroughput() {
  return {{"NumberOfDecreasesToday", 0}, {"ReadCapacityUnits", 0}, {"WriteCapacityUnits", 0}};
}

Result<json::object> ParseProjection(const json::object& owner, std::string_view member) {
  const json::value* projection = owner.if_contains("Projection");
  if (projection == nullptr || projection->is_null()) {
    return Fail(MemberError("null", member, "Member must not be null"));
  }
  if (!projection->is_object()) return Fail(SerializationError("Projection must be a structure"));
  auto type = OptionalString(projection->get_object(), "ProjectionType");
  if (!type) return Fail(type.error());
  if (!*type) return Fail(ValidationError(kInvalid + "Unknown ProjectionType: null"));
  if (**type != "ALL" && **type != "KEYS_ONLY" && **type != "INCLUDE") {
    return Fail(MemberError("'" + **type + "'", std::string(member) + ".projectionType",
                            "Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]"));
  }
  json::object out{{"ProjectionType", **type}};
  const json::value* attrs = projection->get_object().if_contains("NonKeyAttributes");
  bool has_attrs = attrs != nullptr && !attrs->is_null();
  if (**type == "INCLUDE" && !has_attrs) {
    return Fail(ValidationError(
        kInvalid + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified"));
  }
  if (**type != "INCLUDE" && has_attrs) {
    return Fail(ValidationError(kInvalid + "ProjectionType is " + **type +
                                ", but NonKeyAttributes is specified"));
  }
  if (has_attrs) {
    if (!attrs->is_array()) return Fail(SerializationError("NonKeyAttributes must be a list"));
    std::string path = std::string(member) + ".nonKeyAttributes";
    if (attrs->get_array().empty()) {
      return Fail(MemberError("'[]'", path, "Member must have length greater than or equal to 1"));
    }
    if (attrs->get_array().size() > limits::kMaxNonKeyAttributesPerIndex) {
      return Fail(MemberError("'" + json::serialize(*attrs) + "'", path,
                              "Member must have length less than or equal to 20"));
    }
    std::vector<std::string> names;
    for (const auto& a : attrs->get_array()) {
      if (!a.is_string()) return Fail(SerializationError("NonKeyAttributes must hold strings"));
      names.emplace_back(a.get_string());
    }
    std::sort(names.begin(), names.end());
    if (auto dup = std::adjacent_find(names.begin(), names.end()); dup != names.end()) {
      return Fail(ValidationError(kInvalid + "Duplicate element in NonKeyAttributes: " + *dup));
    }
    json::array sorted;
    for (auto& n : names) sorted.push_back(json::value(n));
    out["NonKeyAttributes"] = std::move(sorted);
  }
  return out;
}

Result<Tags> ParseTags(const json::value* tags) {
  if (tags == nullptr || tags->is_null()) {
    return Fail(MemberError("null", "tags", "Member must not be null"));
  }
  if (!tags->is_array()) return Fail(SerializationError("Tags must be a list"));
  Tags out;
  std::set<std::string> keys;
  for (const auto& t : tags->get_array()) {
    if (!t.is_object()) return Fail(SerializationError("Tag must be a structure"));
    auto key = OptionalString(t.get_object(), "Key");
    if (!key) return Fail(key.error());
    auto value = OptionalString(t.get_object(), "Value");
    if (!value) return Fail(value.error());
    std::string k = key->value_or("");
    if (!*key || k.empty() || CodePoints(k) > limits::kMaxTagKeyLength || !TagCharactersValid(k)) {
      return Fail(ValidationError("The Tag Key provided is invalid, Key: " + k));
    }
    if (!*value || CodePoints(**value) > limits::kMaxTagValueLength ||
        !TagCharactersValid(**value)) {
      return Fail(
          ValidationError("The Tag Value provided is invalid, Value: " + value->value_or("null")));
    }
    if (k.starts_with("aws:")) {
      return Fail(ValidationError("Tag Key cannot be prefixed with aws:, Key: " + k));
    }
    if (!keys.insert(k).second) {
      return Fail(
          ValidationError("Duplicate Tag Keys provided as input: Duplicate Tag Key found " + k));
    }
    out.emplace_back(std::move(k), std::move(**value));
  }
  if (out.size() > limits::kMaxTagsPerResource) {
    return Fail(
        ValidationError("Number of Tags exceed the current limit for the provided ResourceArn"));
  }
  return out;
}

Result<void> MergeTags(Tags& tags, const Tags& added) {
  Tags merged = tags;
  for (const auto& [key, value] : added) {
    auto it =
        std::find_if(merged.begin(), merged.end(), [&](const auto& t) { return t.first == key; });
    if (it != merged.end()) {
      it->second = value;
    } else {
      merged.emplace_back(key, value);
    }
  }
  if (merged.size() > limits::kMaxTagsPerResource) {
    return Fail(
        ValidationError("Number of Tags exceed the current limit for the provided ResourceArn"));
  }
  tags = std::move(merged);
  return {};
}

std::pair<long long, long long> CurrentCapacity(const json::object& owner) {
  const json::value* pt = owner.if_contains("ProvisionedThroughput");
  if (pt == nullptr || !pt->is_object()) return {0, 0};
  auto get = [&](const char* f) {
    const json::value* v = pt->get_object().if_contains(f);
    return v != nullptr && v->is_int64() ? v->get_int64() : 0;
  };
  return {get("ReadCapacityUnits"), get("WriteCapacityUnits")};
}

}  // namespace nimbus::dynamodb
