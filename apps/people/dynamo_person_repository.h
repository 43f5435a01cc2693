// PersonRepository on DynamoDB: the people table (hash key personId; GSI list-index on
// listShard + createdAt) holds people and their email claims; the idempotency table holds
// the records of creates made with an Idempotency-Key. Holds a reference to the client, which
// must outlive it; not thread-safe, as the client is not.
#pragma once

#include <string>

#include "nimbus/sdk/dynamodb.h"
#include "people/person_repository.h"

namespace nimbus::people {

struct PeopleTables {
  std::string people = "people";
  std::string idempotency = "idempotency";
};

class DynamoPersonRepository final : public PersonRepository {
 public:
  DynamoPersonRepository(sdk::dynamodb::Client& client, PeopleTables tables);

  RepositoryResult<void> Create(const Person& person,
                                const std::optional<IdempotencyWrite>& idempotency) override;
  RepositoryResult<std::optional<Person>> Find(std::string_view id) override;
  RepositoryResult<std::optional<IdempotencyRecord<Person>>> FindIdempotency(
      std::string_view key) override;
  RepositoryResult<PersonPage> List(const PageRequest& request) override;
  RepositoryResult<void> Replace(const Person& current, const Person& replacement) override;
  RepositoryResult<void> Remove(const Person& current) override;

 private:
  sdk::dynamodb::Client& client_;
  PeopleTables tables_;
};

}  // namespace nimbus::people
