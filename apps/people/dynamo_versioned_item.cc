#include "people/dynamo_versioned_item.h"

#include <charconv>

namespace nimbus::people {
namespace {

boost::json::object IfVersion(Version expected) {
  return {{"ConditionExpression", "#version = :expected"},
          {"ExpressionAttributeNames", {{"#version", kVersionAttribute}}},
          {"ExpressionAttributeValues", {{":expected", VersionAttribute(expected)}}}};
}

}  // namespace

boost::json::object VersionAttribute(Version version) { return {{"N", std::to_string(version)}}; }

std::optional<Version> ReadVersion(const sdk::dynamodb::Item& item) {
  const auto* attribute = item.if_contains(kVersionAttribute);
  if (attribute == nullptr || !attribute->is_object()) return std::nullopt;
  const auto* n = attribute->get_object().if_contains("N");
  if (n == nullptr || !n->is_string()) return std::nullopt;
  std::string_view text = n->get_string();
  Version version = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (ec != std::errc() || end != text.data() + text.size() || version < kFirstVersion) {
    return std::nullopt;
  }
  return version;
}

boost::json::object PutNewItem(std::string_view table, std::string_view hash_key,
                               const sdk::dynamodb::Item& item) {
  return {{"Put",
           {{"TableName", table},
            {"Item", item},
            {"ConditionExpression", "attribute_not_exists(#key)"},
            {"ExpressionAttributeNames", {{"#key", hash_key}}}}}};
}

boost::json::object PutItemIfVersion(std::string_view table, const sdk::dynamodb::Item& item,
                                     Version expected) {
  boost::json::object put = IfVersion(expected);
  put["TableName"] = table;
  put["Item"] = item;
  return {{"Put", std::move(put)}};
}

boost::json::object DeleteItemIfVersion(std::string_view table, const sdk::dynamodb::Item& key,
                                        Version expected) {
  boost::json::object del = IfVersion(expected);
  del["TableName"] = table;
  del["Key"] = key;
  return {{"Delete", std::move(del)}};
}

}  // namespace nimbus::people
