// The vocabulary the people and customers repositories share: what they report when they
// cannot do what was asked (they fail in the same ways), and the pages their listings return.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace nimbus::people {

struct RepositoryError {
  enum class Code {
    kInvalidPageToken,     // the client's token was not one this repository issued
    kAlreadyExists,        // Create found the id taken
    kEmailTaken,           // another entity holds the email (case-insensitively)
    kVersionMismatch,      // the stored entity is gone or no longer at the expected version
    kIdempotencyKeyTaken,  // a live record already holds the idempotency key
    kConflict,             // another transaction touched the same items at the same time
    kStorage,              // the store failed or returned something unreadable
  };
  Code code = Code::kStorage;
  std::string detail;  // for the log only: it may name tables and carry store error text
};

template <typename T>
using RepositoryResult = std::expected<T, RepositoryError>;

// One page of a listing. `next_token` is opaque to clients; absent on the last page.
template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_token;
};

// Which page to read: `token` is a `next_token` a previous page returned.
struct PageRequest {
  int limit = 0;
  std::optional<std::string> token;
};

}  // namespace nimbus::people
