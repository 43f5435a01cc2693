// Customer ↔ DynamoDB item of the customers table (hash key customerId), and the status-index
// GSI (hash key status, range key createdDate) the listings Query: one status is one index
// partition; all customers are the three partitions read in turn. Email claims have no status,
// so the index never holds them.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "nimbus/sdk/dynamodb.h"
#include "people/customer.h"
#include "people/dynamo_partitioned_list.h"

namespace nimbus::people {

using sdk::dynamodb::Item;

inline constexpr std::string_view kCustomerHashKey = "customerId";
inline constexpr std::string_view kCustomerStatusIndex = "status-index";

Item CustomerToItem(const Customer& customer);
// An error (for the log) when a required attribute is missing or mistyped.
std::expected<Customer, std::string> CustomerFromItem(const Item& item);
Item CustomerKey(std::string_view id);

// The status partitions to read: `status` alone, or all three when nullopt.
PartitionedIndex CustomerStatusIndex(std::string table, std::optional<CustomerStatus> status);

}  // namespace nimbus::people
