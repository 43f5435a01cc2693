// Where people are kept. The service talks to this interface only; DynamoPersonRepository is
// the real one, InMemoryPersonRepository the twin the tests use. Page tokens are the
// repository's own opaque strings: only it knows what a position in its store looks like.
//
// Every write is all-or-nothing: the person, the claim on their email and the idempotency
// record change together or not at all.
#pragma once

#include <optional>
#include <string_view>

#include "people/person.h"
#include "people/person_dto.h"
#include "people/repository_types.h"
#include "people/service_types.h"

namespace nimbus::people {

class PersonRepository {
 public:
  virtual ~PersonRepository() = default;

  // kAlreadyExists, kEmailTaken or kIdempotencyKeyTaken when that is in the way.
  virtual RepositoryResult<void> Create(const Person& person,
                                        const std::optional<IdempotencyWrite>& idempotency) = 0;
  virtual RepositoryResult<std::optional<Person>> Find(std::string_view id) = 0;
  virtual RepositoryResult<std::optional<IdempotencyRecord<Person>>> FindIdempotency(
      std::string_view key) = 0;
  // At most request.limit people; next_token is set when more may remain.
  virtual RepositoryResult<PersonPage> List(const PageRequest& request) = 0;
  // Stores `replacement` (same id) if the stored person is still at current.version
  // (else kVersionMismatch), moving the email claim when the email changed (kEmailTaken).
  virtual RepositoryResult<void> Replace(const Person& current, const Person& replacement) = 0;
  // Deletes the person and their email claim if still at current.version.
  virtual RepositoryResult<void> Remove(const Person& current) = 0;
};

}  // namespace nimbus::people
