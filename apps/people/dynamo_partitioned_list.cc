#include "people/dynamo_partitioned_list.h"

#include "people/dynamo_transaction.h"

namespace nimbus::people {
namespace {

RepositoryError Unreadable(std::string_view why) {
  return {RepositoryError::Code::kStorage, "Query returned " + std::string(why)};
}

}  // namespace

RepositoryResult<Page<sdk::dynamodb::Item>> ListPartitions(sdk::dynamodb::Client& client,
                                                           const PartitionedIndex& index,
                                                           const PageRequest& request) {
  PagePosition position;
  if (request.token) {
    auto decoded = DecodePageToken(*request.token, index.token);
    if (!decoded) {
      return std::unexpected(
          RepositoryError{RepositoryError::Code::kInvalidPageToken, "undecodable page token"});
    }
    position = std::move(*decoded);
  }
  Page<sdk::dynamodb::Item> page;
  const std::size_t partitions = index.token.partitions.size();
  while (position.partition < partitions && static_cast<int>(page.items.size()) < request.limit) {
    boost::json::object query{
        {"IndexName", index.index},
        {"KeyConditionExpression", "#p = :p"},
        {"ExpressionAttributeNames", {{"#p", index.token.partition_attribute}}},
        {"ExpressionAttributeValues",
         {{":p", {{"S", index.token.partitions[position.partition]}}}}},
        {"Limit", request.limit - static_cast<int>(page.items.size())}};
    if (position.start_key) query["ExclusiveStartKey"] = *position.start_key;
    auto reply = client.Query(index.table, std::move(query));
    if (!reply) return std::unexpected(StoreFailure("Query on " + index.table, reply.error()));
    if (const auto* items = reply->if_contains("Items")) {
      if (!items->is_array()) return std::unexpected(Unreadable("Items not an array"));
      for (const auto& item : items->get_array()) {
        if (!item.is_object()) return std::unexpected(Unreadable("an item not an object"));
        page.items.push_back(item.get_object());
      }
    }
    const auto* last = reply->if_contains("LastEvaluatedKey");
    if (last != nullptr && !last->is_object()) {
      return std::unexpected(Unreadable("a bad LastEvaluatedKey"));
    }
    if (last != nullptr) {
      position.start_key = last->get_object();
    } else {
      ++position.partition;
      position.start_key.reset();
    }
  }
  if (position.partition < partitions) {
    page.next_token = EncodePageToken(index.token.listing, position);
  }
  return page;
}

}  // namespace nimbus::people
