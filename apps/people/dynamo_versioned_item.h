// TransactItems entries for an entity item with a `version` attribute (N): written new only
// when its key is free, replaced or deleted only while the stored version is the one the
// writer read. A version that moved on means someone else wrote in between.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "nimbus/sdk/dynamodb.h"
#include "people/preconditions.h"

namespace nimbus::people {

inline constexpr std::string_view kVersionAttribute = "version";

boost::json::object VersionAttribute(Version version);  // {"N": "3"}

// The version stored in `item`, or nullopt when absent or not a positive integer.
std::optional<Version> ReadVersion(const sdk::dynamodb::Item& item);

boost::json::object PutNewItem(std::string_view table, std::string_view hash_key,
                               const sdk::dynamodb::Item& item);
boost::json::object PutItemIfVersion(std::string_view table, const sdk::dynamodb::Item& item,
                                     Version expected);
boost::json::object DeleteItemIfVersion(std::string_view table, const sdk::dynamodb::Item& key,
                                        Version expected);

}  // namespace nimbus::people
