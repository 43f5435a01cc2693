// CustomerRepository on DynamoDB: the customers table (hash key customerId; GSI status-index
// on status + createdDate) holds customers and their email claims, the idempotency table the
// records of creates made with an Idempotency-Key, and the outbox table the events waiting to
// be published to `events_topic` (see dynamo_outbox.h). Holds a reference to the client, which
// must outlive it; not thread-safe, as the client is not.
#pragma once

#include <string>

#include "nimbus/sdk/dynamodb.h"
#include "people/customer_repository.h"

namespace nimbus::people {

struct CustomerTables {
  std::string customers = "customers";
  std::string idempotency = "idempotency";
  std::string outbox = "outbox";
  std::string events_topic = "customer-events";
};

class DynamoCustomerRepository final : public CustomerRepository {
 public:
  DynamoCustomerRepository(sdk::dynamodb::Client& client, CustomerTables tables);

  RepositoryResult<void> Create(const Customer& customer,
                                const std::optional<IdempotencyWrite>& idempotency,
                                const CustomerEvent& event) override;
  RepositoryResult<std::optional<Customer>> Find(std::string_view id) override;
  RepositoryResult<std::optional<IdempotencyRecord<Customer>>> FindIdempotency(
      std::string_view key) override;
  RepositoryResult<CustomerPage> List(const CustomerPageRequest& request) override;
  RepositoryResult<void> Replace(const Customer& current, const Customer& replacement,
                                 const CustomerEvent& event) override;
  RepositoryResult<void> Remove(const Customer& current, const CustomerEvent& event) override;

 private:
  boost::json::object PutEvent(const CustomerEvent& event) const;

  sdk::dynamodb::Client& client_;
  CustomerTables tables_;
};

}  // namespace nimbus::people
