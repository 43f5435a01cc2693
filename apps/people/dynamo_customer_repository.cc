#include "people/dynamo_customer_repository.h"

#include "people/customer_item_mapper.h"
#include "people/customer_json_mapper.h"
#include "people/dynamo_idempotency.h"
#include "people/dynamo_outbox.h"
#include "people/dynamo_partitioned_list.h"
#include "people/dynamo_transaction.h"
#include "people/dynamo_versioned_item.h"
#include "people/email_claim.h"

namespace nimbus::people {
namespace {

using Code = RepositoryError::Code;

RepositoryError Unreadable(std::string_view operation, const std::string& why) {
  return {Code::kStorage, std::string(operation) + " returned " + why};
}

}  // namespace

DynamoCustomerRepository::DynamoCustomerRepository(sdk::dynamodb::Client& client,
                                                   CustomerTables tables)
    : client_(client), tables_(std::move(tables)) {}

boost::json::object DynamoCustomerRepository::PutEvent(const CustomerEvent& event) const {
  return PutOutboxMessage(tables_.outbox, {.id = event.id,
                                           .topic = tables_.events_topic,
                                           .event_type = std::string(ToString(event.type)),
                                           .message = CustomerEventToJson(event),
                                           .created_at = event.occurred_at});
}

RepositoryResult<void> DynamoCustomerRepository::Create(
    const Customer& customer, const std::optional<IdempotencyWrite>& idempotency,
    const CustomerEvent& event) {
  const Item item = CustomerToItem(customer);
  DynamoTransaction transaction;
  // The idempotency record first: when a retry races the original, the key's condition is the
  // one reported (a replay), not the email's (a 409).
  if (idempotency) {
    transaction.Add(PutIdempotencyRecord(tables_.idempotency, *idempotency, item),
                    Code::kIdempotencyKeyTaken);
  }
  transaction.Add(PutNewItem(tables_.customers, kCustomerHashKey, item), Code::kAlreadyExists)
      .Add(ClaimEmail(tables_.customers, kCustomerHashKey, customer.email, customer.id),
           Code::kEmailTaken)
      .Add(PutEvent(event), Code::kStorage);
  return transaction.Commit(client_, "TransactWriteItems (create customer)");
}

RepositoryResult<std::optional<Customer>> DynamoCustomerRepository::Find(std::string_view id) {
  auto reply = client_.GetItem(tables_.customers, CustomerKey(id), {{"ConsistentRead", true}});
  if (!reply) {
    return std::unexpected(StoreFailure("GetItem on " + tables_.customers, reply.error()));
  }
  if (!*reply) return std::optional<Customer>();
  auto customer = CustomerFromItem(**reply);
  if (!customer) return std::unexpected(Unreadable("GetItem", customer.error()));
  return std::optional<Customer>(std::move(*customer));
}

RepositoryResult<std::optional<IdempotencyRecord<Customer>>>
DynamoCustomerRepository::FindIdempotency(std::string_view key) {
  auto stored = FindIdempotencyRecord(client_, tables_.idempotency, key);
  if (!stored) return std::unexpected(std::move(stored.error()));
  if (!*stored) return std::optional<IdempotencyRecord<Customer>>();
  auto customer = CustomerFromItem((*stored)->snapshot);
  if (!customer) return std::unexpected(Unreadable("idempotency snapshot", customer.error()));
  return std::optional<IdempotencyRecord<Customer>>(
      {std::move((*stored)->fingerprint), (*stored)->expires_at, std::move(*customer)});
}

RepositoryResult<CustomerPage> DynamoCustomerRepository::List(const CustomerPageRequest& request) {
  auto items =
      ListPartitions(client_, CustomerStatusIndex(tables_.customers, request.status), request.page);
  if (!items) return std::unexpected(std::move(items.error()));
  CustomerPage page;
  page.next_token = std::move(items->next_token);
  for (const Item& item : items->items) {
    auto customer = CustomerFromItem(item);
    if (!customer) return std::unexpected(Unreadable("Query", customer.error()));
    page.items.push_back(std::move(*customer));
  }
  return page;
}

RepositoryResult<void> DynamoCustomerRepository::Replace(const Customer& current,
                                                         const Customer& replacement,
                                                         const CustomerEvent& event) {
  DynamoTransaction transaction;
  transaction.Add(PutItemIfVersion(tables_.customers, CustomerToItem(replacement), current.version),
                  Code::kVersionMismatch);
  if (!SameEmail(current.email, replacement.email)) {
    transaction
        .Add(ReleaseEmail(tables_.customers, kCustomerHashKey, current.email, current.id),
             Code::kStorage)
        .Add(ClaimEmail(tables_.customers, kCustomerHashKey, replacement.email, replacement.id),
             Code::kEmailTaken);
  }
  transaction.Add(PutEvent(event), Code::kStorage);
  return transaction.Commit(client_, "TransactWriteItems (replace customer)");
}

RepositoryResult<void> DynamoCustomerRepository::Remove(const Customer& current,
                                                        const CustomerEvent& event) {
  DynamoTransaction transaction;
  transaction
      .Add(DeleteItemIfVersion(tables_.customers, CustomerKey(current.id), current.version),
           Code::kVersionMismatch)
      .Add(ReleaseEmail(tables_.customers, kCustomerHashKey, current.email, current.id),
           Code::kStorage)
      .Add(PutEvent(event), Code::kStorage);
  return transaction.Commit(client_, "TransactWriteItems (remove customer)");
}

}  // namespace nimbus::people
