// Person ↔ DynamoDB item of the people table (hash key personId), and the index the listing
// reads. Each person also carries `listShard`: one of kPeopleListShards values derived from
// the id, the hash key of the sparse `list-index` GSI (range key createdAt). Spreading people
// over a few index partitions keeps any one from taking every write, and lets GET /people
// Query instead of Scan (a Scan would also read the email claims).
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "nimbus/sdk/dynamodb.h"
#include "people/dynamo_partitioned_list.h"
#include "people/person.h"

namespace nimbus::people {

using sdk::dynamodb::Item;

inline constexpr std::string_view kPersonHashKey = "personId";
inline constexpr std::string_view kPeopleListIndex = "list-index";
inline constexpr std::size_t kPeopleListShards = 4;

Item PersonToItem(const Person& person);
// An error (for the log) when a required attribute is missing or mistyped.
std::expected<Person, std::string> PersonFromItem(const Item& item);
Item PersonKey(std::string_view id);
// "shard-0" ... "shard-3": stable for an id.
std::string ListShardOf(std::string_view id);

PartitionedIndex PeopleListIndex(std::string table);

}  // namespace nimbus::people
