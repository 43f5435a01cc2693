// ClientRequestToken idempotency for TransactWriteItems. A token's record lives in RocksDB
// (keyspace kClientTokenSpace) and is written in the same batch as the transaction it
// completed, so "executed" and "token recorded" are one atomic fact, across restarts too.
//   kClientTokenSpace | token -> {"at": <epoch seconds of completion>, "fp": "<fingerprint>"}
// The fingerprint identifies the request's TransactItems independent of JSON member order.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "dynamodb/errors.h"
#include "dynamodb/operations.h"

namespace nimbus::dynamodb {

std::string ClientTokenKey(std::string_view token);

// A stable digest of `v` in which object members are taken in sorted order.
std::string RequestFingerprint(const boost::json::value& v);

enum class TokenState {
  kFresh,     // never used, or its window has passed: execute
  kReplay,    // completed within the window with the same request: return success, write nothing
  kMismatch,  // completed within the window with another request
};

// REQUIRES: the caller holds the key lock of ClientTokenKey(token).
Result<TokenState> CheckClientToken(OperationContext& ctx, std::string_view token,
                                    std::string_view fingerprint);

// The record to put, in the transaction's batch, once it commits at `now`.
std::string EncodeTokenRecord(std::string_view fingerprint, double now);

// Deletes up to `max_visits` records past their window, looking at the records that follow
// `token` in key order (wrapping around), so that records do not pile up: SDKs send a fresh
// token with every call. Each deletion holds that token's key lock.
// REQUIRES: the caller holds no key lock.
Result<void> PurgeExpiredTokens(OperationContext& ctx, std::string_view token,
                                std::size_t max_visits);

}  // namespace nimbus::dynamodb
