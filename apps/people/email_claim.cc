#include "people/email_claim.h"

#include <algorithm>

namespace nimbus::people {
namespace {

boost::json::object S(std::string_view value) { return {{"S", value}}; }

boost::json::object ClaimKey(std::string_view hash_key, std::string_view email) {
  return {{hash_key, S(std::string(kEmailClaimPrefix) + NormalizeEmail(email))}};
}

}  // namespace

std::string NormalizeEmail(std::string_view email) {
  std::string lower(email);
  std::ranges::transform(lower, lower.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return lower;
}

bool SameEmail(std::string_view a, std::string_view b) {
  return NormalizeEmail(a) == NormalizeEmail(b);
}

bool IsEmailClaimKey(std::string_view id) { return id.starts_with(kEmailClaimPrefix); }

boost::json::object ClaimEmail(std::string_view table, std::string_view hash_key,
                               std::string_view email, std::string_view owner_id) {
  boost::json::object item = ClaimKey(hash_key, email);
  item["ownerId"] = S(owner_id);
  return {{"Put",
           {{"TableName", table},
            {"Item", std::move(item)},
            {"ConditionExpression", "attribute_not_exists(#key)"},
            {"ExpressionAttributeNames", {{"#key", hash_key}}}}}};
}

boost::json::object ReleaseEmail(std::string_view table, std::string_view hash_key,
                                 std::string_view email, std::string_view owner_id) {
  return {{"Delete",
           {{"TableName", table},
            {"Key", ClaimKey(hash_key, email)},
            {"ConditionExpression", "attribute_not_exists(#key) OR ownerId = :owner"},
            {"ExpressionAttributeNames", {{"#key", hash_key}}},
            {"ExpressionAttributeValues", {{":owner", S(owner_id)}}}}}};
}

}  // namespace nimbus::people
