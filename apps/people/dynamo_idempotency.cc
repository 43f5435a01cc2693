#include "people/dynamo_idempotency.h"

#include <charconv>

#include "people/dynamo_transaction.h"

namespace nimbus::people {
namespace {

using sdk::dynamodb::Item;

boost::json::object S(std::string_view value) { return {{"S", value}}; }

long long EpochSeconds(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

boost::json::object N(long long value) { return {{"N", std::to_string(value)}}; }

RepositoryError Unreadable(std::string_view why) {
  return {RepositoryError::Code::kStorage, "idempotency record: " + std::string(why)};
}

}  // namespace

boost::json::object PutIdempotencyRecord(std::string_view table, const IdempotencyWrite& write,
                                         const Item& snapshot) {
  Item item{{"idempotencyKey", S(write.key)},
            {"fingerprint", S(write.fingerprint)},
            {"snapshot", {{"M", snapshot}}},
            {"expiresAt", N(EpochSeconds(write.expires_at))}};
  return {{"Put",
           {{"TableName", table},
            {"Item", std::move(item)},
            {"ConditionExpression", "attribute_not_exists(idempotencyKey) OR expiresAt <= :now"},
            {"ExpressionAttributeValues", {{":now", N(EpochSeconds(write.now))}}}}}};
}

RepositoryResult<std::optional<StoredIdempotency>> FindIdempotencyRecord(
    sdk::dynamodb::Client& client, std::string_view table, std::string_view key) {
  auto reply = client.GetItem(table, {{"idempotencyKey", S(key)}}, {{"ConsistentRead", true}});
  if (!reply)
    return std::unexpected(StoreFailure("GetItem on " + std::string(table), reply.error()));
  if (!*reply) return std::optional<StoredIdempotency>();
  const Item& item = **reply;
  const auto* fingerprint = item.if_contains("fingerprint");
  const auto* expires = item.if_contains("expiresAt");
  const auto* snapshot = item.if_contains("snapshot");
  if (fingerprint == nullptr || expires == nullptr || snapshot == nullptr) {
    return std::unexpected(Unreadable("missing attributes"));
  }
  const auto* fingerprint_s =
      fingerprint->is_object() ? fingerprint->get_object().if_contains("S") : nullptr;
  const auto* expires_n = expires->is_object() ? expires->get_object().if_contains("N") : nullptr;
  const auto* snapshot_m =
      snapshot->is_object() ? snapshot->get_object().if_contains("M") : nullptr;
  if (fingerprint_s == nullptr || !fingerprint_s->is_string() || expires_n == nullptr ||
      !expires_n->is_string() || snapshot_m == nullptr || !snapshot_m->is_object()) {
    return std::unexpected(Unreadable("mistyped attributes"));
  }
  long long seconds = 0;
  std::string_view text = expires_n->get_string();
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return std::unexpected(Unreadable("expiresAt is not an integer"));
  }
  return std::optional<StoredIdempotency>(
      StoredIdempotency{std::string(fingerprint_s->get_string()),
                        std::chrono::system_clock::time_point(std::chrono::seconds(seconds)),
                        snapshot_m->get_object()});
}

}  // namespace nimbus::people
