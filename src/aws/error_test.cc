#include "aws/error.h"

#include <gtest/gtest.h>

namespace nimbus::aws {
namespace {

TEST(Error, Json10Body) {
  EXPECT_EQ(ToJson10Body(errors::MissingAuthenticationToken()),
            R"({"__type":"com.amazon.coral.service#MissingAuthenticationTokenException",)"
            R"("message":"Request is missing Authentication Token"})");
  Error error{.http_status = 400,
              .code = "ValidationException",
              .message = "bad \"name\"\n\x01",
              .type_namespace = "com.amazonaws.dynamodb.v20120810"};
  EXPECT_EQ(ToJson10Body(error),
            R"({"__type":"com.amazonaws.dynamodb.v20120810#ValidationException",)"
            R"("message":"bad \"name\"\n\u0001"})");
}

TEST(Error, Crc32) {
  EXPECT_EQ(Crc32(""), 0u);
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(Crc32("{}"), 2745614147u);  // what DynamoDB sends for an empty reply
}

}  // namespace
}  // namespace nimbus::aws
