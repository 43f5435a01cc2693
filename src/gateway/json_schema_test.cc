#include "gateway/json_schema.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace nimbus::gateway {
namespace {

TEST(JsonSchemaTest, ChecksTypesRequiredFieldsAndLocalReferences) {
  auto schema = JsonSchema::Compile(boost::json::parse(R"({
    "$ref": "#/components/schemas/Person",
    "components": {"schemas": {
      "Person": {"type": "object", "required": ["name"],
                 "properties": {"name": {"type": "string", "minLength": 1},
                                "age": {"$ref": "#/components/schemas/Age"}}},
      "Age": {"type": "integer", "minimum": 0}}}})"));
  ASSERT_TRUE(schema) << schema.error();
  EXPECT_TRUE((*schema)->Validate(boost::json::parse(R"({"name":"Ada","age":36})")));
  EXPECT_FALSE((*schema)->Validate(boost::json::parse(R"({"age":36})")));
  EXPECT_FALSE((*schema)->Validate(boost::json::parse(R"({"name":""})")));
  EXPECT_FALSE((*schema)->Validate(boost::json::parse(R"({"name":"Ada","age":-1})")));
  EXPECT_FALSE((*schema)->Validate(boost::json::parse(R"([1,2])")));
}

TEST(JsonSchemaTest, AnUnresolvableReferenceIsAnError) {
  auto schema = JsonSchema::Compile(boost::json::parse(R"({"$ref": "#/components/schemas/X"})"));
  EXPECT_FALSE(schema);
}

}  // namespace
}  // namespace nimbus::gateway
