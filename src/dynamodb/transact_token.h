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

}  // namespace nimbus::dynamodb
