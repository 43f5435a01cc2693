// What a use case of either resource reports when it cannot do what was asked, and the list
// and write options the services share. Knows nothing of HTTP or DynamoDB.
#pragma once

#include <chrono>
#include <expected>
#include <optional>
#include <string>

#include "people/field_error.h"
#include "people/preconditions.h"
#include "people/repository_types.h"

namespace nimbus::people {

struct ServiceError {
  enum class Kind {
    kInvalidInput,
    kNotFound,
    kEmailTaken,
    kPreconditionFailed,
    kIdempotencyKeyReused,
    kConcurrentUpdate,
    kInternal,
  };
  Kind kind = Kind::kInternal;
  FieldErrors errors;  // kInvalidInput: what to tell the client
  std::string detail;  // kInternal: what to log, never to send

  static ServiceError InvalidInput(FieldErrors errors);
  static ServiceError Of(Kind kind);
  static ServiceError Internal(std::string detail);
};

template <typename T>
using ServiceResult = std::expected<T, ServiceError>;

// Repository failures that reach the client as themselves; the rest are internal.
ServiceError FromRepository(const RepositoryError& error);

struct ListQuery {
  std::optional<int> limit;  // kDefaultPageLimit when absent
  std::optional<std::string> next_token;
};

// Checks query.limit against the bounds and fills in the default.
std::expected<PageRequest, ServiceError> ToPageRequest(const ListQuery& query);

// How long a create's response is replayed for the same Idempotency-Key.
inline constexpr std::chrono::hours kIdempotencyWindow{24};
// Read-check-write rounds a write without If-Match makes before giving up on a busy entity.
inline constexpr int kMaxWriteAttempts = 3;

// A POST's Idempotency-Key, already scoped to the resource and caller, and what identifies the
// request it was first used with.
struct IdempotencyRequest {
  std::string key;
  std::string fingerprint;
};

// What a create made (or, for a repeated Idempotency-Key, what the first one made).
template <typename T>
struct Created {
  T entity;
  bool replayed = false;
};

// The record a create with an Idempotency-Key writes in the same transaction as the entity.
// It may replace a record of the same key only when that one has expired by `now`.
struct IdempotencyWrite {
  std::string key;
  std::string fingerprint;
  std::chrono::system_clock::time_point now;
  std::chrono::system_clock::time_point expires_at;
};

// What a previous create with an Idempotency-Key stored: replayed until `expires_at`.
template <typename T>
struct IdempotencyRecord {
  std::string fingerprint;
  std::chrono::system_clock::time_point expires_at;
  T entity;
};

}  // namespace nimbus::people
