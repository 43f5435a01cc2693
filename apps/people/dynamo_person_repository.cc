#include "people/dynamo_person_repository.h"

#include "people/dynamo_idempotency.h"
#include "people/dynamo_partitioned_list.h"
#include "people/dynamo_transaction.h"
#include "people/dynamo_versioned_item.h"
#include "people/email_claim.h"
#include "people/person_item_mapper.h"

namespace nimbus::people {
namespace {

using Code = RepositoryError::Code;

RepositoryError Unreadable(std::string_view operation, const std::string& why) {
  return {Code::kStorage, std::string(operation) + " returned " + why};
}

}  // namespace

DynamoPersonRepository::DynamoPersonRepository(sdk::dynamodb::Client& client, PeopleTables tables)
    : client_(client), tables_(std::move(tables)) {}

RepositoryResult<void> DynamoPersonRepository::Create(
    const Person& person, const std::optional<IdempotencyWrite>& idempotency) {
  const Item item = PersonToItem(person);
  DynamoTransaction transaction;
  // The idempotency record first: when a retry races the original, the key's condition is the
  // one reported (a replay), not the email's (a 409).
  if (idempotency) {
    transaction.Add(PutIdempotencyRecord(tables_.idempotency, *idempotency, item),
                    Code::kIdempotencyKeyTaken);
  }
  transaction.Add(PutNewItem(tables_.people, kPersonHashKey, item), Code::kAlreadyExists)
      .Add(ClaimEmail(tables_.people, kPersonHashKey, person.email, person.id), Code::kEmailTaken);
  return transaction.Commit(client_, "TransactWriteItems (create person)");
}

RepositoryResult<std::optional<Person>> DynamoPersonRepository::Find(std::string_view id) {
  // A strongly consistent read, so a client sees its own POST or PUT at once.
  auto reply = client_.GetItem(tables_.people, PersonKey(id), {{"ConsistentRead", true}});
  if (!reply) return std::unexpected(StoreFailure("GetItem on " + tables_.people, reply.error()));
  if (!*reply) return std::optional<Person>();
  auto person = PersonFromItem(**reply);
  if (!person) return std::unexpected(Unreadable("GetItem", person.error()));
  return std::optional<Person>(std::move(*person));
}

RepositoryResult<std::optional<IdempotencyRecord<Person>>> DynamoPersonRepository::FindIdempotency(
    std::string_view key) {
  auto stored = FindIdempotencyRecord(client_, tables_.idempotency, key);
  if (!stored) return std::unexpected(std::move(stored.error()));
  if (!*stored) return std::optional<IdempotencyRecord<Person>>();
  auto person = PersonFromItem((*stored)->snapshot);
  if (!person) return std::unexpected(Unreadable("idempotency snapshot", person.error()));
  return std::optional<IdempotencyRecord<Person>>(
      {std::move((*stored)->fingerprint), (*stored)->expires_at, std::move(*person)});
}

RepositoryResult<PersonPage> DynamoPersonRepository::List(const PageRequest& request) {
  auto items = ListPartitions(client_, PeopleListIndex(tables_.people), request);
  if (!items) return std::unexpected(std::move(items.error()));
  PersonPage page;
  page.next_token = std::move(items->next_token);
  for (const Item& item : items->items) {
    auto person = PersonFromItem(item);
    if (!person) return std::unexpected(Unreadable("Query", person.error()));
    page.items.push_back(std::move(*person));
  }
  return page;
}

RepositoryResult<void> DynamoPersonRepository::Replace(const Person& current,
                                                       const Person& replacement) {
  DynamoTransaction transaction;
  transaction.Add(PutItemIfVersion(tables_.people, PersonToItem(replacement), current.version),
                  Code::kVersionMismatch);
  if (!SameEmail(current.email, replacement.email)) {
    transaction
        .Add(ReleaseEmail(tables_.people, kPersonHashKey, current.email, current.id),
             Code::kStorage)
        .Add(ClaimEmail(tables_.people, kPersonHashKey, replacement.email, replacement.id),
             Code::kEmailTaken);
  }
  return transaction.Commit(client_, "TransactWriteItems (replace person)");
}

RepositoryResult<void> DynamoPersonRepository::Remove(const Person& current) {
  DynamoTransaction transaction;
  transaction
      .Add(DeleteItemIfVersion(tables_.people, PersonKey(current.id), current.version),
           Code::kVersionMismatch)
      .Add(ReleaseEmail(tables_.people, kPersonHashKey, current.email, current.id), Code::kStorage);
  return transaction.Commit(client_, "TransactWriteItems (remove person)");
}

}  // namespace nimbus::people
