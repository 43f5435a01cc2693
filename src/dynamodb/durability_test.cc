// An acknowledged write survives kill -9 of the process (the WAL is written before the reply).
#include <gtest/gtest.h>

#include "dynamodb/test_util.h"

namespace nimbus::dynamodb {
namespace {

TEST(DurabilityTest, AcknowledgedWritesSurviveKill9) {
  testing::TempDir dir;
  ASSERT_TRUE(testing::WriteThenKill9(dir.path() / "db", [](Service& service) {
    Reply created = service.Handle("CreateTable", R"j({"TableName":"people",
      "BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})j");
    Reply put = service.Handle(
        "PutItem", R"j({"TableName":"people","Item":{"id":{"S":"p1"},"n":{"N":"42"}}})j");
    Reply update = service.Handle("UpdateItem", R"j({"TableName":"people",
      "Key":{"id":{"S":"p1"}},"UpdateExpression":"SET n = n + :one",
      "ExpressionAttributeValues":{":one":{"N":"1"}}})j");
    return created.http_status == 200 && put.http_status == 200 && update.http_status == 200;
  }));

  auto service = Service::Open({.data_dir = dir.path() / "db"});
  ASSERT_TRUE(service.has_value()) << service.error();
  testing::Call get =
      testing::Invoke(**service, "GetItem", R"j({"TableName":"people","Key":{"id":{"S":"p1"}}})j");
  EXPECT_EQ(boost::json::serialize(get.body), R"j({"Item":{"id":{"S":"p1"},"n":{"N":"43"}}})j");
}

}  // namespace
}  // namespace nimbus::dynamodb
