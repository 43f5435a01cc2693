// PersonRepository in a std::map: the twin of DynamoPersonRepository for tests. Lists in id
// order; its page tokens are "after:<id>". FailNextCall makes the next call fail as a store
// outage would, to test what clients see then.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "people/person_repository.h"

namespace nimbus::people {

class InMemoryPersonRepository final : public PersonRepository {
 public:
  RepositoryResult<void> Create(const Person& person) override;
  RepositoryResult<std::optional<Person>> Find(std::string_view id) override;
  RepositoryResult<PersonPage> List(const PageRequest& request) override;
  RepositoryResult<std::optional<Person>> Update(const PersonUpdate& update) override;
  RepositoryResult<bool> Remove(std::string_view id) override;

  void FailNextCall(std::string detail) { failure_ = std::move(detail); }
  const std::map<std::string, Person, std::less<>>& people() const { return people_; }

 private:
  std::optional<RepositoryError> TakeFailure();

  std::map<std::string, Person, std::less<>> people_;
  std::optional<std::string> failure_;
};

}  // namespace nimbus::people
