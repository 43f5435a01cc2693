#include "people/customer_item_mapper.h"

#include "people/dynamo_versioned_item.h"

namespace nimbus::people {
namespace {

boost::json::object S(std::string_view value) { return {{"S", value}}; }

const boost::json::string* ReadS(const Item& item, std::string_view name) {
  const boost::json::value* attribute = item.if_contains(name);
  if (attribute == nullptr || !attribute->is_object()) return nullptr;
  const boost::json::value* s = attribute->get_object().if_contains("S");
  return s != nullptr && s->is_string() ? &s->get_string() : nullptr;
}

}  // namespace

Item CustomerToItem(const Customer& customer) {
  return {{"customerId", S(customer.id)},
          {"name", S(customer.name)},
          {"email", S(customer.email)},
          {"status", S(ToString(customer.status))},
          {"createdDate", S(customer.created_date)},
          {"updatedDate", S(customer.updated_date)},
          {kVersionAttribute, VersionAttribute(customer.version)}};
}

std::expected<Customer, std::string> CustomerFromItem(const Item& item) {
  Customer customer;
  std::string status;
  const std::pair<std::string_view, std::string*> required[] = {
      {"customerId", &customer.id},
      {"name", &customer.name},
      {"email", &customer.email},
      {"status", &status},
      {"createdDate", &customer.created_date},
      {"updatedDate", &customer.updated_date},
  };
  for (const auto& [name, target] : required) {
    const boost::json::string* value = ReadS(item, name);
    if (value == nullptr) {
      return std::unexpected("item attribute " + std::string(name) + " is missing or not S");
    }
    *target = std::string(*value);
  }
  const auto parsed = ParseCustomerStatus(status);
  if (!parsed) return std::unexpected("item attribute status is not a customer status");
  customer.status = *parsed;
  const auto version = ReadVersion(item);
  if (!version) return std::unexpected("item attribute version is missing or not a version");
  customer.version = *version;
  return customer;
}

Item CustomerKey(std::string_view id) { return {{"customerId", S(id)}}; }

PartitionedIndex CustomerStatusIndex(std::string table, std::optional<CustomerStatus> status) {
  PartitionedIndex index{std::move(table), std::string(kCustomerStatusIndex), "createdDate", {}};
  index.token.listing = "customers";
  index.token.partition_attribute = "status";
  if (status) {
    index.token.listing += ":" + std::string(ToString(*status));
    index.token.partitions.emplace_back(ToString(*status));
  } else {
    for (CustomerStatus each : kAllCustomerStatuses)
      index.token.partitions.emplace_back(ToString(each));
  }
  index.token.key_attributes = {"customerId", "status", "createdDate"};
  return index;
}

}  // namespace nimbus::people
