// Person ↔ DynamoDB item ({"personId": {"S": "..."}, ...}), and the request documents the
// DynamoDB repository sends, built here so they are tested without a store.
#pragma once

#include <boost/json/object.hpp>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "nimbus/sdk/dynamodb.h"
#include "people/person.h"
#include "people/person_repository.h"

namespace nimbus::people {

using sdk::dynamodb::Item;

Item PersonToItem(const Person& person);
// An error (for the log) when a required attribute is missing or not a string.
std::expected<Person, std::string> PersonFromItem(const Item& item);
Item PersonKey(std::string_view id);
// Whether `key` is exactly a person's primary key: what a page token may carry.
bool IsPersonKey(const Item& key);

// The parts of each request beyond TableName/Key/Item.
boost::json::object CreateRequest();
boost::json::object UpdateRequest(const PersonUpdate& update);
boost::json::object DeleteRequest();
boost::json::object ScanRequest(int limit, const std::optional<Item>& exclusive_start_key);

}  // namespace nimbus::people
