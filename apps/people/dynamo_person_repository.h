// PersonRepository on a DynamoDB table whose hash key is personId (S). Holds a reference to
// the client, which must outlive it; not thread-safe, as the client is not.
#pragma once

#include <string>

#include "nimbus/sdk/dynamodb.h"
#include "people/person_repository.h"

namespace nimbus::people {

class DynamoPersonRepository final : public PersonRepository {
 public:
  DynamoPersonRepository(sdk::dynamodb::Client& client, std::string table);

  RepositoryResult<void> Create(const Person& person) override;
  RepositoryResult<std::optional<Person>> Find(std::string_view id) override;
  RepositoryResult<PersonPage> List(const PageRequest& request) override;
  RepositoryResult<std::optional<Person>> Update(const PersonUpdate& update) override;
  RepositoryResult<bool> Remove(std::string_view id) override;

 private:
  RepositoryError StorageError(std::string_view operation, const sdk::dynamodb::Error& error) const;

  sdk::dynamodb::Client& client_;
  std::string table_;
};

}  // namespace nimbus::people
