// PersonRepository in std::maps: the twin of DynamoPersonRepository for tests, with the same
// all-or-nothing writes, email claims, versions and idempotency records. Lists in id order;
// its page tokens are "after:<id>". FailNextCall makes the next call fail as a store outage
// would; ConflictNextWrites makes the next writes fail as a concurrent transaction would.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "people/person_repository.h"

namespace nimbus::people {

class InMemoryPersonRepository final : public PersonRepository {
 public:
  RepositoryResult<void> Create(const Person& person,
                                const std::optional<IdempotencyWrite>& idempotency) override;
  RepositoryResult<std::optional<Person>> Find(std::string_view id) override;
  RepositoryResult<std::optional<IdempotencyRecord<Person>>> FindIdempotency(
      std::string_view key) override;
  RepositoryResult<PersonPage> List(const PageRequest& request) override;
  RepositoryResult<void> Replace(const Person& current, const Person& replacement) override;
  RepositoryResult<void> Remove(const Person& current) override;

  void FailNextCall(std::string detail) { failure_ = std::move(detail); }
  // The next `count` writes fail with `code` (kConflict, kVersionMismatch) and change nothing.
  void FailNextWrites(int count, RepositoryError::Code code) {
    failing_writes_ = count;
    write_failure_ = code;
  }
  const std::map<std::string, Person, std::less<>>& people() const { return people_; }
  // Lower-cased email → owner id.
  const std::map<std::string, std::string, std::less<>>& email_claims() const { return claims_; }

 private:
  std::optional<RepositoryError> TakeFailure();
  std::optional<RepositoryError> TakeWriteFailure();

  std::map<std::string, Person, std::less<>> people_;
  std::map<std::string, std::string, std::less<>> claims_;
  std::map<std::string, IdempotencyRecord<Person>, std::less<>> idempotency_;
  std::optional<std::string> failure_;
  int failing_writes_ = 0;
  RepositoryError::Code write_failure_ = RepositoryError::Code::kConflict;
};

}  // namespace nimbus::people
