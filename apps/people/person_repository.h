// Where people are kept. The service talks to this interface only; DynamoPersonRepository is
// the real one, InMemoryPersonRepository the twin the tests use. Page tokens are the
// repository's own opaque strings: only it knows what a position in its store looks like.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "people/person.h"
#include "people/person_dto.h"

namespace nimbus::people {

struct RepositoryError {
  enum class Code {
    kInvalidPageToken,  // the client's token was not one this repository issued
    kAlreadyExists,     // Create found the id taken
    kStorage,           // the store failed or returned something unreadable
  };
  Code code = Code::kStorage;
  std::string detail;  // for the log only: it may name tables and carry store error text
};

template <typename T>
using RepositoryResult = std::expected<T, RepositoryError>;

// The fields PUT replaces; created_at stays as stored.
struct PersonUpdate {
  std::string id;
  std::string name;
  std::string email;
  std::optional<std::string> phone;  // nullopt removes a stored phone
  std::string updated_at;
};

class PersonRepository {
 public:
  virtual ~PersonRepository() = default;

  virtual RepositoryResult<void> Create(const Person& person) = 0;
  virtual RepositoryResult<std::optional<Person>> Find(std::string_view id) = 0;
  // At most request.limit people; next_token is set when more may remain.
  virtual RepositoryResult<PersonPage> List(const PageRequest& request) = 0;
  // Never creates: nullopt when no person has update.id, and nothing is written.
  virtual RepositoryResult<std::optional<Person>> Update(const PersonUpdate& update) = 0;
  // false when no person had the id.
  virtual RepositoryResult<bool> Remove(std::string_view id) = 0;
};

}  // namespace nimbus::people
