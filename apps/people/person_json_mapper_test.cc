#include "people/person_json_mapper.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace nimbus::people {
namespace {

boost::json::object Parse(std::string_view json) { return boost::json::parse(json).as_object(); }

const Person kAda{"00000000-0000-4000-8000-000000000001",
                  "Ada",
                  "ada@example.com",
                  "+44 1",
                  "2024-05-01T12:34:56.000Z",
                  "2024-05-02T00:00:00.000Z"};

TEST(PersonJsonMapperTest, PersonToJsonUsesTheApiFieldNames) {
  EXPECT_EQ(PersonToJson(kAda), Parse(R"({"personId":"00000000-0000-4000-8000-000000000001",
      "name":"Ada","email":"ada@example.com","phone":"+44 1",
      "createdAt":"2024-05-01T12:34:56.000Z","updatedAt":"2024-05-02T00:00:00.000Z","version":1})"));
}

TEST(PersonJsonMapperTest, PersonWithoutPhoneHasNoPhoneField) {
  Person person = kAda;
  person.phone.reset();
  EXPECT_FALSE(PersonToJson(person).contains("phone"));
}

TEST(PersonJsonMapperTest, PageCarriesItemsAndNextTokenOnlyWhenMoreRemain) {
  EXPECT_EQ(PageToJson({}), Parse(R"({"items":[]})"));
  const boost::json::object page = PageToJson({{kAda, kAda}, "tok"});
  EXPECT_EQ(page.at("items").as_array().size(), 2u);
  EXPECT_EQ(page.at("items").as_array()[0], PersonToJson(kAda));
  EXPECT_EQ(page.at("nextToken"), "tok");
}

TEST(PersonJsonMapperTest, InputRoundTripsThroughJson) {
  auto input = PersonInputFromJson(Parse(R"({"name":"Ada","email":"a@b.co","phone":"1"})"));
  ASSERT_TRUE(input.has_value());
  EXPECT_EQ(*input, (PersonInput{"Ada", "a@b.co", "1"}));
  input = PersonInputFromJson(Parse(R"({"name":"Ada","email":"a@b.co"})"));
  ASSERT_TRUE(input.has_value());
  EXPECT_EQ(input->phone, std::nullopt);
}

TEST(PersonJsonMapperTest, NullPhoneMeansNoPhone) {
  auto input = PersonInputFromJson(Parse(R"({"name":"Ada","email":"a@b.co","phone":null})"));
  ASSERT_TRUE(input.has_value());
  EXPECT_EQ(input->phone, std::nullopt);
}

TEST(PersonJsonMapperTest, MissingRequiredFieldsAreNamed) {
  auto input = PersonInputFromJson(Parse("{}"));
  ASSERT_FALSE(input.has_value());
  EXPECT_EQ(input.error(), (FieldErrors{{"name", "is required"}, {"email", "is required"}}));
}

TEST(PersonJsonMapperTest, WrongTypesAreNamed) {
  auto input = PersonInputFromJson(Parse(R"({"name":null,"email":42,"phone":["1"]})"));
  ASSERT_FALSE(input.has_value());
  EXPECT_EQ(input.error(), (FieldErrors{{"name", "must be a string"},
                                        {"email", "must be a string"},
                                        {"phone", "must be a string"}}));
}

TEST(PersonJsonMapperTest, UnknownAndServerSetFieldsAreRejected) {
  auto input = PersonInputFromJson(
      Parse(R"({"name":"Ada","email":"a@b.co","age":36,"personId":"x","createdAt":"y"})"));
  ASSERT_FALSE(input.has_value());
  EXPECT_EQ(input.error(), (FieldErrors{{"age", "is not a recognized field"},
                                        {"personId", "is set by the server"},
                                        {"createdAt", "is set by the server"}}));
}

}  // namespace
}  // namespace nimbus::people
