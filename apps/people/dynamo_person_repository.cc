#include "people/dynamo_person_repository.h"

#include <boost/json/array.hpp>

#include "people/page_token.h"
#include "people/person_item_mapper.h"

namespace nimbus::people {
namespace {

RepositoryError Unreadable(std::string_view operation, const std::string& why) {
  return {RepositoryError::Code::kStorage, std::string(operation) + " returned " + why};
}

}  // namespace

DynamoPersonRepository::DynamoPersonRepository(sdk::dynamodb::Client& client, std::string table)
    : client_(client), table_(std::move(table)) {}

RepositoryError DynamoPersonRepository::StorageError(std::string_view operation,
                                                     const sdk::dynamodb::Error& error) const {
  return {RepositoryError::Code::kStorage,
          std::string(operation) + " on table " + table_ + " failed: HTTP " +
              std::to_string(error.http_status) + " " + error.type + ": " + error.message};
}

RepositoryResult<void> DynamoPersonRepository::Create(const Person& person) {
  auto reply = client_.PutItem(table_, PersonToItem(person), CreateRequest());
  if (reply) return {};
  if (reply.error().IsConditionalCheckFailed()) {
    return std::unexpected(RepositoryError{RepositoryError::Code::kAlreadyExists,
                                           "PutItem: personId " + person.id + " is taken"});
  }
  return std::unexpected(StorageError("PutItem", reply.error()));
}

RepositoryResult<std::optional<Person>> DynamoPersonRepository::Find(std::string_view id) {
  // A strongly consistent read, so a client sees its own POST or PUT at once.
  auto reply = client_.GetItem(table_, PersonKey(id), {{"ConsistentRead", true}});
  if (!reply) return std::unexpected(StorageError("GetItem", reply.error()));
  if (!*reply) return std::optional<Person>();
  auto person = PersonFromItem(**reply);
  if (!person) return std::unexpected(Unreadable("GetItem", person.error()));
  return std::optional<Person>(std::move(*person));
}

RepositoryResult<PersonPage> DynamoPersonRepository::List(const PageRequest& request) {
  std::optional<Item> start;
  if (request.token) {
    start = DecodePageToken(*request.token);
    if (!start) {
      return std::unexpected(
          RepositoryError{RepositoryError::Code::kInvalidPageToken, "undecodable page token"});
    }
  }
  auto reply = client_.Scan(table_, ScanRequest(request.limit, start));
  if (!reply) return std::unexpected(StorageError("Scan", reply.error()));
  PersonPage page;
  if (const boost::json::value* items = reply->if_contains("Items")) {
    if (!items->is_array()) return std::unexpected(Unreadable("Scan", "Items not an array"));
    for (const boost::json::value& item : items->get_array()) {
      if (!item.is_object()) return std::unexpected(Unreadable("Scan", "an item not an object"));
      auto person = PersonFromItem(item.get_object());
      if (!person) return std::unexpected(Unreadable("Scan", person.error()));
      page.items.push_back(std::move(*person));
    }
  }
  if (const boost::json::value* last = reply->if_contains("LastEvaluatedKey")) {
    if (!last->is_object()) return std::unexpected(Unreadable("Scan", "a bad LastEvaluatedKey"));
    page.next_token = EncodePageToken(last->get_object());
  }
  return page;
}

RepositoryResult<std::optional<Person>> DynamoPersonRepository::Update(const PersonUpdate& update) {
  auto reply = client_.UpdateItem(table_, PersonKey(update.id), UpdateRequest(update));
  if (!reply) {
    if (reply.error().IsConditionalCheckFailed()) return std::optional<Person>();
    return std::unexpected(StorageError("UpdateItem", reply.error()));
  }
  const boost::json::value* attributes = reply->if_contains("Attributes");
  if (attributes == nullptr || !attributes->is_object()) {
    return std::unexpected(Unreadable("UpdateItem", "no Attributes"));
  }
  auto person = PersonFromItem(attributes->get_object());
  if (!person) return std::unexpected(Unreadable("UpdateItem", person.error()));
  return std::optional<Person>(std::move(*person));
}

RepositoryResult<bool> DynamoPersonRepository::Remove(std::string_view id) {
  auto reply = client_.DeleteItem(table_, PersonKey(id), DeleteRequest());
  if (reply) return true;
  if (reply.error().IsConditionalCheckFailed()) return false;
  return std::unexpected(StorageError("DeleteItem", reply.error()));
}

}  // namespace nimbus::people
