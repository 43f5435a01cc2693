#include "people/customer_item_mapper.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace nimbus::people {
namespace {

boost::json::object Parse(std::string_view json) { return boost::json::parse(json).as_object(); }

const Customer kAda{"CUST-1",
                    "Ada",
                    "ada@example.com",
                    CustomerStatus::kInactive,
                    "2024-05-01T12:34:56.000Z",
                    "2024-05-02T00:00:00.000Z",
                    4};

TEST(CustomerItemMapperTest, ItemHoldsEveryAttribute) {
  EXPECT_EQ(CustomerToItem(kAda), Parse(R"({"customerId":{"S":"CUST-1"},"name":{"S":"Ada"},
      "email":{"S":"ada@example.com"},"status":{"S":"INACTIVE"},
      "createdDate":{"S":"2024-05-01T12:34:56.000Z"},"updatedDate":{"S":"2024-05-02T00:00:00.000Z"},
      "version":{"N":"4"}})"));
  EXPECT_EQ(CustomerFromItem(CustomerToItem(kAda)), kAda);
}

TEST(CustomerItemMapperTest, UnreadableItemsAreErrors) {
  Item item = CustomerToItem(kAda);
  item["status"] = Parse(R"({"S":"GONE"})");
  EXPECT_FALSE(CustomerFromItem(item).has_value());
  item = CustomerToItem(kAda);
  item.erase("version");
  EXPECT_FALSE(CustomerFromItem(item).has_value());
  EXPECT_FALSE(CustomerFromItem(Parse(R"({"customerId":{"S":"EMAIL#a@b.co"}})")).has_value());
}

TEST(CustomerItemMapperTest, TheStatusIndexReadsOneOrAllStatusPartitions) {
  const PartitionedIndex one = CustomerStatusIndex("customers", CustomerStatus::kActive);
  EXPECT_EQ(one.index, "status-index");
  EXPECT_EQ(one.token.partition_attribute, "status");
  EXPECT_EQ(one.token.partitions, std::vector<std::string>{"ACTIVE"});
  const PartitionedIndex all = CustomerStatusIndex("customers", std::nullopt);
  EXPECT_EQ(all.token.partitions, (std::vector<std::string>{"ACTIVE", "INACTIVE", "SUSPENDED"}));
  // A token of one listing is no good for the other.
  EXPECT_NE(one.token.listing, all.token.listing);
}

}  // namespace
}  // namespace nimbus::people
