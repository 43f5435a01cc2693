// An acknowledged write survives kill -9 of the process (the WAL is written before the reply).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dynamodb/test_util.h"

namespace nimbus::dynamodb {
namespace {

TEST(DurabilityTest, AcknowledgedWritesSurviveKill9) {
  testing::TempDir dir;
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto service = Service::Open({.data_dir = dir.path() / "db"});
    if (!service) _exit(2);
    Reply created = (*service)->Handle("CreateTable", R"j({"TableName":"people",
      "BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})j");
    Reply put = (*service)->Handle(
        "PutItem", R"j({"TableName":"people","Item":{"id":{"S":"p1"},"n":{"N":"42"}}})j");
    Reply update = (*service)->Handle("UpdateItem", R"j({"TableName":"people",
      "Key":{"id":{"S":"p1"}},"UpdateExpression":"SET n = n + :one",
      "ExpressionAttributeValues":{":one":{"N":"1"}}})j");
    char ok = created.http_status == 200 && put.http_status == 200 && update.http_status == 200
                  ? 'y'
                  : 'n';
    if (write(ready[1], &ok, 1) != 1) _exit(3);
    pause();  // killed here, with the DB still open and nothing flushed but the WAL
    _exit(0);
  }
  close(ready[1]);
  char ok = 0;
  ASSERT_EQ(read(ready[0], &ok, 1), 1);
  close(ready[0]);
  ASSERT_EQ(ok, 'y');
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));

  auto service = Service::Open({.data_dir = dir.path() / "db"});
  ASSERT_TRUE(service.has_value()) << service.error();
  testing::Call get =
      testing::Invoke(**service, "GetItem", R"j({"TableName":"people","Key":{"id":{"S":"p1"}}})j");
  EXPECT_EQ(boost::json::serialize(get.body), R"j({"Item":{"id":{"S":"p1"},"n":{"N":"43"}}})j");
}

}  // namespace
}  // namespace nimbus::dynamodb
