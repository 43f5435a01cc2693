// Idempotency records in DynamoDB: a table whose hash key is idempotencyKey (S), with TTL on
// expiresAt (N, epoch seconds) so that DynamoDB deletes them after the replay window. TTL
// deletes late (up to days on AWS), so readers and the write condition check expiresAt
// themselves. The record keeps the created entity's item (`snapshot`), so a replay answers
// with exactly what the first request did even after the entity changed.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "nimbus/sdk/dynamodb.h"
#include "people/repository_types.h"
#include "people/service_types.h"

namespace nimbus::people {

struct StoredIdempotency {
  std::string fingerprint;
  std::chrono::system_clock::time_point expires_at;
  sdk::dynamodb::Item snapshot;
};

// The TransactItems entry that writes `write` holding `snapshot`.
boost::json::object PutIdempotencyRecord(std::string_view table, const IdempotencyWrite& write,
                                         const sdk::dynamodb::Item& snapshot);

// The record for `key`, expired or not (the caller compares expires_at with its clock).
RepositoryResult<std::optional<StoredIdempotency>> FindIdempotencyRecord(
    sdk::dynamodb::Client& client, std::string_view table, std::string_view key);

}  // namespace nimbus::people
