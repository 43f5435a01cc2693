// Customer, DTOs and events ↔ the JSON the API and its events speak. Field names are camelCase;
// the request schema is closed: a field this API does not take is an error, not ignored.
#pragma once

#include <boost/json/object.hpp>
#include <expected>
#include <string>

#include "people/customer_dto.h"

namespace nimbus::people {

boost::json::object CustomerToJson(const Customer& customer);
boost::json::object CustomerPageToJson(const CustomerPage& page);

// Structural checks: presence and types of name and email, status spelled as one of the
// three values, no unknown or server-set fields. A missing status is left to the validator.
std::expected<CustomerInput, FieldErrors> CustomerInputFromJson(const boost::json::object& body);

// {"eventId", "eventType", "customer", "occurredAt"}: the message subscribers receive.
std::string CustomerEventToJson(const CustomerEvent& event);

}  // namespace nimbus::people
