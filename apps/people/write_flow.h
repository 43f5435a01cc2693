// The two write patterns both services follow, written once.
//
// ReadCheckWrite: read the entity, check If-Match against its version, write the new state
// conditioned on that version. When the condition fails someone wrote in between: with
// If-Match the client's version is stale (412); without, the service read-check-writes again,
// a bounded number of times (kMaxWriteAttempts) before answering 409 concurrent-update.
//
// CreateIdempotently: with an Idempotency-Key, a live record for the key answers for the
// request (the first response again, or 422 when the request differs); otherwise the record
// is written in the create's own transaction, so of concurrent requests with one key exactly
// one creates and the others replay it.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "people/preconditions.h"
#include "people/service_types.h"

namespace nimbus::people {

// find(id) -> RepositoryResult<std::optional<T>>; write(const T& current) -> RepositoryResult<T>.
template <typename T, typename Find, typename Write>
ServiceResult<T> ReadCheckWrite(std::string_view id, const std::optional<IfMatch>& if_match,
                                Find&& find, Write&& write) {
  for (int attempt = 1; attempt <= kMaxWriteAttempts; ++attempt) {
    auto current = find(id);
    if (!current) return std::unexpected(FromRepository(current.error()));
    if (!*current) return std::unexpected(ServiceError::Of(ServiceError::Kind::kNotFound));
    if (if_match && !if_match->Matches((*current)->version)) {
      return std::unexpected(ServiceError::Of(ServiceError::Kind::kPreconditionFailed));
    }
    auto written = write(**current);
    if (written) return std::move(*written);
    const auto code = written.error().code;
    const bool raced =
        code == RepositoryError::Code::kVersionMismatch || code == RepositoryError::Code::kConflict;
    if (!raced || (if_match && code == RepositoryError::Code::kVersionMismatch)) {
      return std::unexpected(FromRepository(written.error()));
    }
  }
  return std::unexpected(ServiceError::Of(ServiceError::Kind::kConcurrentUpdate));
}

// find_record(key) -> RepositoryResult<std::optional<IdempotencyRecord<T>>>;
// validate() -> FieldErrors; create(const std::optional<IdempotencyWrite>&) -> RepositoryResult<T>.
template <typename T, typename FindRecord, typename Validate, typename Create>
ServiceResult<Created<T>> CreateIdempotently(const std::optional<IdempotencyRequest>& idempotency,
                                             std::chrono::system_clock::time_point now,
                                             FindRecord&& find_record, Validate&& validate,
                                             Create&& create) {
  // A live record decides the answer: nullopt when there is none.
  auto replay = [&]() -> std::optional<ServiceResult<Created<T>>> {
    auto record = find_record(idempotency->key);
    if (!record) return std::unexpected(FromRepository(record.error()));
    if (!*record || (*record)->expires_at <= now) return std::nullopt;
    if ((*record)->fingerprint != idempotency->fingerprint) {
      return std::unexpected(ServiceError::Of(ServiceError::Kind::kIdempotencyKeyReused));
    }
    return Created<T>{std::move((*record)->entity), true};
  };
  if (idempotency) {
    if (auto answer = replay()) return std::move(*answer);
  }
  if (FieldErrors errors = validate(); !errors.empty()) {
    return std::unexpected(ServiceError::InvalidInput(std::move(errors)));
  }
  std::optional<IdempotencyWrite> write;
  if (idempotency) {
    write =
        IdempotencyWrite{idempotency->key, idempotency->fingerprint, now, now + kIdempotencyWindow};
  }
  for (int attempt = 1; attempt <= kMaxWriteAttempts; ++attempt) {
    auto created = create(write);
    if (created) return Created<T>{std::move(*created), false};
    const auto code = created.error().code;
    if (code == RepositoryError::Code::kIdempotencyKeyTaken) {
      if (auto answer = replay()) return std::move(*answer);
      continue;  // the record expired between the write and the read: write again
    }
    if (code != RepositoryError::Code::kConflict) {
      return std::unexpected(FromRepository(created.error()));
    }
  }
  return std::unexpected(ServiceError::Of(ServiceError::Kind::kConcurrentUpdate));
}

}  // namespace nimbus::people
