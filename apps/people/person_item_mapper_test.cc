#include "people/person_item_mapper.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <set>

namespace nimbus::people {
namespace {

boost::json::object Parse(std::string_view json) { return boost::json::parse(json).as_object(); }

const Person kAda{"id-1",
                  "Ada",
                  "ada@example.com",
                  "+44 1",
                  "2024-05-01T12:34:56.000Z",
                  "2024-05-02T00:00:00.000Z",
                  3};

TEST(PersonItemMapperTest, ItemHoldsEveryAttributeVersionAndListShard) {
  EXPECT_EQ(PersonToItem(kAda), Parse(R"({"personId":{"S":"id-1"},"name":{"S":"Ada"},
      "email":{"S":"ada@example.com"},"phone":{"S":"+44 1"},
      "createdAt":{"S":"2024-05-01T12:34:56.000Z"},"updatedAt":{"S":"2024-05-02T00:00:00.000Z"},
      "version":{"N":"3"},"listShard":{"S":")" +
                                      ListShardOf("id-1") + R"("}})"));
}

TEST(PersonItemMapperTest, RoundTripsWithAndWithoutPhone) {
  EXPECT_EQ(PersonFromItem(PersonToItem(kAda)), kAda);
  Person no_phone = kAda;
  no_phone.phone.reset();
  EXPECT_FALSE(PersonToItem(no_phone).contains("phone"));
  EXPECT_EQ(PersonFromItem(PersonToItem(no_phone)), no_phone);
}

TEST(PersonItemMapperTest, UnreadableItemsAreErrorsNamingTheAttribute) {
  Item item = PersonToItem(kAda);
  item.erase("email");
  auto person = PersonFromItem(item);
  ASSERT_FALSE(person.has_value());
  EXPECT_NE(person.error().find("email"), std::string::npos);

  item = PersonToItem(kAda);
  item["name"] = Parse(R"({"N":"1"})");
  EXPECT_FALSE(PersonFromItem(item).has_value());
  item = PersonToItem(kAda);
  item["phone"] = Parse(R"({"NULL":true})");
  EXPECT_FALSE(PersonFromItem(item).has_value());
  for (const char* version : {R"({"N":"0"})", R"({"N":"x"})", R"({"S":"1"})"}) {
    item = PersonToItem(kAda);
    item["version"] = Parse(version);
    EXPECT_FALSE(PersonFromItem(item).has_value()) << version;
  }
  // An email claim is not a person.
  EXPECT_FALSE(PersonFromItem(Parse(R"({"personId":{"S":"EMAIL#a@b.co"},"ownerId":{"S":"x"}})"))
                   .has_value());
}

TEST(PersonItemMapperTest, KeyIsThePersonIdOnly) {
  EXPECT_EQ(PersonKey("id-1"), Parse(R"({"personId":{"S":"id-1"}})"));
}

TEST(PersonItemMapperTest, ListShardsAreStableAndAllUsed) {
  EXPECT_EQ(ListShardOf("id-1"), ListShardOf("id-1"));
  std::set<std::string> shards;
  for (int i = 0; i < 100; ++i) shards.insert(ListShardOf("id-" + std::to_string(i)));
  EXPECT_EQ(shards.size(), kPeopleListShards);
  const PartitionedIndex index = PeopleListIndex("people");
  EXPECT_EQ(index.index, "list-index");
  EXPECT_EQ(index.token.partitions.size(), kPeopleListShards);
  for (const std::string& shard : shards) {
    EXPECT_NE(std::ranges::find(index.token.partitions, shard), index.token.partitions.end());
  }
}

}  // namespace
}  // namespace nimbus::people
