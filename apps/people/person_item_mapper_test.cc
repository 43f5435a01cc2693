#include "people/person_item_mapper.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace nimbus::people {
namespace {

boost::json::object Parse(std::string_view json) { return boost::json::parse(json).as_object(); }

const Person kAda{"id-1",
                  "Ada",
                  "ada@example.com",
                  "+44 1",
                  "2024-05-01T12:34:56.000Z",
                  "2024-05-02T00:00:00.000Z"};

TEST(PersonItemMapperTest, ItemHoldsEveryAttributeAsAString) {
  EXPECT_EQ(PersonToItem(kAda), Parse(R"({"personId":{"S":"id-1"},"name":{"S":"Ada"},
      "email":{"S":"ada@example.com"},"phone":{"S":"+44 1"},
      "createdAt":{"S":"2024-05-01T12:34:56.000Z"},"updatedAt":{"S":"2024-05-02T00:00:00.000Z"}})"));
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
}

TEST(PersonItemMapperTest, KeyIsThePersonIdOnly) {
  EXPECT_EQ(PersonKey("id-1"), Parse(R"({"personId":{"S":"id-1"}})"));
  EXPECT_TRUE(IsPersonKey(PersonKey("id-1")));
  EXPECT_FALSE(IsPersonKey(PersonKey("")));
  EXPECT_FALSE(IsPersonKey(Parse(R"({"personId":{"N":"1"}})")));
  EXPECT_FALSE(IsPersonKey(Parse(R"({"personId":{"S":"a","N":"1"}})")));
  EXPECT_FALSE(IsPersonKey(Parse(R"({"personId":{"S":"a"},"name":{"S":"b"}})")));
  EXPECT_FALSE(IsPersonKey(Parse(R"({"personId":"a"})")));
}

TEST(PersonItemMapperTest, CreateNeverOverwrites) {
  EXPECT_EQ(CreateRequest(),
            Parse(R"j({"ConditionExpression":"attribute_not_exists(personId)"})j"));
}

TEST(PersonItemMapperTest, UpdateSetsFieldsOnlyOnAnExistingItemAndReturnsAllNew) {
  const PersonUpdate update{"id-1", "Ada", "ada@example.com", "+44 1", "2024-05-02T00:00:00.000Z"};
  EXPECT_EQ(UpdateRequest(update), Parse(R"j({
      "UpdateExpression":"SET #name = :name, #email = :email, #updatedAt = :updatedAt, #phone = :phone",
      "ConditionExpression":"attribute_exists(personId)",
      "ExpressionAttributeNames":{"#name":"name","#email":"email","#phone":"phone",
                                  "#updatedAt":"updatedAt"},
      "ExpressionAttributeValues":{":name":{"S":"Ada"},":email":{"S":"ada@example.com"},
                                   ":updatedAt":{"S":"2024-05-02T00:00:00.000Z"},
                                   ":phone":{"S":"+44 1"}},
      "ReturnValues":"ALL_NEW"})j"));
}

TEST(PersonItemMapperTest, UpdateWithoutPhoneRemovesTheStoredOne) {
  const PersonUpdate update{"id-1", "Ada", "ada@example.com", std::nullopt, "t"};
  const boost::json::object request = UpdateRequest(update);
  EXPECT_EQ(request.at("UpdateExpression"),
            "SET #name = :name, #email = :email, #updatedAt = :updatedAt REMOVE #phone");
  EXPECT_FALSE(request.at("ExpressionAttributeValues").as_object().contains(":phone"));
}

TEST(PersonItemMapperTest, DeleteOnlyAnExistingItem) {
  EXPECT_EQ(DeleteRequest(), Parse(R"j({"ConditionExpression":"attribute_exists(personId)"})j"));
}

TEST(PersonItemMapperTest, ScanCarriesLimitAndStartKey) {
  EXPECT_EQ(ScanRequest(10, std::nullopt), Parse(R"({"Limit":10})"));
  EXPECT_EQ(ScanRequest(5, PersonKey("id-1")),
            Parse(R"({"Limit":5,"ExclusiveStartKey":{"personId":{"S":"id-1"}}})"));
}

}  // namespace
}  // namespace nimbus::people
