#include "people/customer_json_mapper.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "people/customer_validator.h"

namespace nimbus::people {
namespace {

bool IsServerSet(std::string_view key) {
  return key == "customerId" || key == "createdDate" || key == "updatedDate" || key == "version";
}

std::optional<std::string> ReadRequiredString(const boost::json::object& body,
                                              std::string_view field, FieldErrors& errors) {
  const boost::json::value* value = body.if_contains(field);
  if (value == nullptr) {
    errors.push_back({std::string(field), "is required"});
    return std::nullopt;
  }
  if (!value->is_string()) {
    errors.push_back({std::string(field), "must be a string"});
    return std::nullopt;
  }
  return std::string(value->get_string());
}

}  // namespace

boost::json::object CustomerToJson(const Customer& customer) {
  return {{"customerId", customer.id},
          {"name", customer.name},
          {"email", customer.email},
          {"status", ToString(customer.status)},
          {"createdDate", customer.created_date},
          {"updatedDate", customer.updated_date},
          {"version", customer.version}};
}

boost::json::object CustomerPageToJson(const CustomerPage& page) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const Customer& customer : page.items) items.emplace_back(CustomerToJson(customer));
  boost::json::object json{{"items", std::move(items)}};
  if (page.next_token) json["nextToken"] = *page.next_token;
  return json;
}

std::expected<CustomerInput, FieldErrors> CustomerInputFromJson(const boost::json::object& body) {
  FieldErrors errors;
  CustomerInput input;
  if (auto name = ReadRequiredString(body, "name", errors)) input.name = std::move(*name);
  if (auto email = ReadRequiredString(body, "email", errors)) input.email = std::move(*email);
  if (const boost::json::value* status = body.if_contains("status")) {
    if (!status->is_string()) {
      errors.push_back({"status", "must be a string"});
    } else if (auto parsed = ParseCustomerStatus(status->get_string())) {
      input.status = *parsed;
    } else {
      errors.push_back({"status", CustomerStatusMessage()});
    }
  }
  for (const auto& [key, value] : body) {
    if (key == "name" || key == "email" || key == "status") continue;
    errors.push_back({std::string(key),
                      IsServerSet(key) ? "is set by the server" : "is not a recognized field"});
  }
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return input;
}

std::string CustomerEventToJson(const CustomerEvent& event) {
  return boost::json::serialize(boost::json::object{{"eventId", event.id},
                                                    {"eventType", ToString(event.type)},
                                                    {"customer", CustomerToJson(event.customer)},
                                                    {"occurredAt", event.occurred_at}});
}

}  // namespace nimbus::people
