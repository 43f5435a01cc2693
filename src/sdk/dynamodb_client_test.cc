#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "aws/error.h"
#include "aws/sigv4.h"
#include "dynamodb_errors.h"
#include "fake_http_server.h"
#include "nimbus/sdk/dynamodb.h"

namespace nimbus::sdk::dynamodb {
namespace {

using testing::FakeHttpServer;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

ClientConfig TestConfig(const FakeHttpServer& server) {
  ClientConfig config;
  config.region = "us-east-1";
  config.endpoint = server.url();
  config.credentials = {"test", "test-secret", ""};
  config.retry_base_delay = 1ms;
  config.retry_max_delay = 2ms;
  return config;
}

std::string DynamoError(std::string_view type, std::string_view message) {
  return R"({"__type":"com.amazonaws.dynamodb.v20120810#)" + std::string(type) +
         R"(","message":")" + std::string(message) + "\"}";
}

TEST(DynamoErrors, Parse) {
  Error error = ParseError(400, DynamoError("ConditionalCheckFailedException", "nope"));
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(error.type, "ConditionalCheckFailedException");
  EXPECT_EQ(error.message, "nope");
  EXPECT_TRUE(error.IsConditionalCheckFailed());

  Error capital = ParseError(400, R"({"__type":"com.amazon.coral.validate#ValidationException",
                                     "Message":"bad key"})");
  EXPECT_EQ(capital.type, "ValidationException");
  EXPECT_EQ(capital.message, "bad key");

  Error bare = ParseError(400, R"({"__type":"ResourceNotFoundException","message":"m"})");
  EXPECT_TRUE(bare.IsResourceNotFound());

  Error garbage = ParseError(502, "<html>Bad Gateway</html>");
  EXPECT_EQ(garbage.type, "InternalServerError");
  EXPECT_EQ(garbage.message, "<html>Bad Gateway</html>");
}

TEST(DynamoErrors, ParsesCancellationReasons) {
  Error error =
      ParseError(400, R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
              "Message":"Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
              "CancellationReasons":[{"Code":"None"},
                {"Code":"ConditionalCheckFailed","Message":"The conditional request failed",
                 "Item":{"id":{"S":"1"}}}]})");
  EXPECT_TRUE(error.IsTransactionCanceled());
  ASSERT_EQ(error.cancellation_reasons.size(), 2u);
  EXPECT_EQ(error.cancellation_reasons[0].code, "None");
  EXPECT_FALSE(error.cancellation_reasons[0].item);
  EXPECT_EQ(error.cancellation_reasons[1].code, "ConditionalCheckFailed");
  EXPECT_EQ(error.cancellation_reasons[1].message, "The conditional request failed");
  ASSERT_TRUE(error.cancellation_reasons[1].item);
  EXPECT_EQ(error.cancellation_reasons[1].item->at("id").at("S"), "1");
  EXPECT_FALSE(IsRetryable(error));
}

TEST(DynamoErrors, Retryable) {
  EXPECT_TRUE(
      IsRetryable(ParseError(400, DynamoError("ProvisionedThroughputExceededException", ""))));
  EXPECT_TRUE(IsRetryable(ParseError(400, DynamoError("ThrottlingException", ""))));
  EXPECT_TRUE(IsRetryable(ParseError(500, DynamoError("InternalServerError", ""))));
  EXPECT_TRUE(IsRetryable(ParseError(503, "")));
  EXPECT_TRUE(IsRetryable(Error{.http_status = 0, .type = "NetworkingError"}));
  EXPECT_FALSE(IsRetryable(ParseError(400, DynamoError("ConditionalCheckFailedException", ""))));
  EXPECT_FALSE(IsRetryable(ParseError(400, DynamoError("ValidationException", ""))));
}

TEST(DynamoClient, SendsASignedJson10Request) {
  std::atomic<bool> verified = false;
  FakeHttpServer server([&](const FakeHttpServer::Request& request) {
    auto parsed = aws::ParseAuthorization(request);
    verified =
        parsed &&
        aws::VerifySignature(request, *parsed, "test-secret", std::chrono::system_clock::now())
            .has_value() &&
        parsed->service == "dynamodb" && parsed->region == "us-east-1";
    std::string body = R"({"Item":{"id":{"S":"1"},"name":{"S":"Ada"}}})";
    auto response = FakeHttpServer::Reply(200, body, "application/x-amz-json-1.0");
    response.set("x-amz-crc32", std::to_string(aws::Crc32(body)));
    return response;
  });
  Client client(TestConfig(server));
  auto item = client.GetItem("people", {{"id", {{"S", "1"}}}}, {{"ConsistentRead", true}});
  ASSERT_TRUE(item.has_value()) << item.error().message;
  ASSERT_TRUE(item->has_value());
  EXPECT_EQ((**item).at("name").at("S"), "Ada");
  EXPECT_TRUE(verified);

  const auto request = server.requests().at(0);
  EXPECT_EQ(request.method(), http::verb::post);
  EXPECT_EQ(request.target(), "/");
  EXPECT_EQ(request[http::field::content_type], "application/x-amz-json-1.0");
  EXPECT_EQ(request["X-Amz-Target"], "DynamoDB_20120810.GetItem");
  EXPECT_EQ(boost::json::parse(request.body()),
            boost::json::parse(R"({"ConsistentRead":true,"TableName":"people",
                                   "Key":{"id":{"S":"1"}}})"));
}

TEST(DynamoClient, MissingItemIsNullopt) {
  FakeHttpServer server([](const auto&) { return FakeHttpServer::Reply(200, "{}"); });
  Client client(TestConfig(server));
  auto item = client.GetItem("people", {{"id", {{"S", "404"}}}});
  ASSERT_TRUE(item.has_value());
  EXPECT_FALSE(item->has_value());
}

TEST(DynamoClient, TypedHelpersFillTheRequest) {
  FakeHttpServer server([](const auto&) { return FakeHttpServer::Reply(200, "{}"); });
  Client client(TestConfig(server));
  ASSERT_TRUE(client.PutItem("t", {{"id", {{"S", "1"}}}},
                             {{"ConditionExpression", "attribute_not_exists(id)"}}));
  ASSERT_TRUE(client.UpdateItem("t", {{"id", {{"S", "1"}}}}, {{"UpdateExpression", "SET a = :a"}}));
  ASSERT_TRUE(client.DeleteItem("t", {{"id", {{"S", "1"}}}}));
  ASSERT_TRUE(client.Scan("t", {{"Limit", 10}}));
  ASSERT_TRUE(client.Call("DescribeTable", {{"TableName", "t"}}));
  ASSERT_TRUE(client.Query("t", {{"IndexName", "i"}}));
  ASSERT_TRUE(client.TransactWriteItems({{{"Put", {{"TableName", "t"}}}}}));
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 7u);
  EXPECT_EQ(requests[0]["X-Amz-Target"], "DynamoDB_20120810.PutItem");
  EXPECT_EQ(boost::json::parse(requests[0].body()).at("Item").at("id").at("S"), "1");
  EXPECT_EQ(boost::json::parse(requests[0].body()).at("ConditionExpression"),
            "attribute_not_exists(id)");
  EXPECT_EQ(requests[1]["X-Amz-Target"], "DynamoDB_20120810.UpdateItem");
  EXPECT_EQ(boost::json::parse(requests[1].body()).at("Key").at("id").at("S"), "1");
  EXPECT_EQ(requests[2]["X-Amz-Target"], "DynamoDB_20120810.DeleteItem");
  EXPECT_EQ(requests[3]["X-Amz-Target"], "DynamoDB_20120810.Scan");
  EXPECT_EQ(boost::json::parse(requests[3].body()).at("Limit"), 10);
  EXPECT_EQ(requests[4]["X-Amz-Target"], "DynamoDB_20120810.DescribeTable");
  EXPECT_EQ(requests[5]["X-Amz-Target"], "DynamoDB_20120810.Query");
  EXPECT_EQ(boost::json::parse(requests[5].body()).at("TableName"), "t");
  EXPECT_EQ(requests[6]["X-Amz-Target"], "DynamoDB_20120810.TransactWriteItems");
  EXPECT_EQ(
      boost::json::parse(requests[6].body()).at("TransactItems").at(0).at("Put").at("TableName"),
      "t");
}

TEST(DynamoClient, ServiceErrorsAreValues) {
  FakeHttpServer server([](const auto&) {
    return FakeHttpServer::Reply(
        400, DynamoError("ConditionalCheckFailedException", "The conditional request failed"));
  });
  Client client(TestConfig(server));
  auto reply = client.PutItem("t", {{"id", {{"S", "1"}}}});
  ASSERT_FALSE(reply.has_value());
  EXPECT_TRUE(reply.error().IsConditionalCheckFailed());
  EXPECT_EQ(reply.error().message, "The conditional request failed");
  EXPECT_EQ(server.requests().size(), 1u);  // not retried
}

TEST(DynamoClient, RetriesThrottlingThenSucceeds) {
  std::atomic<int> calls = 0;
  FakeHttpServer server([&](const auto&) {
    if (++calls < 3) {
      return FakeHttpServer::Reply(
          400, DynamoError("ProvisionedThroughputExceededException", "slow down"));
    }
    return FakeHttpServer::Reply(200, R"({"Count":0,"Items":[]})");
  });
  Client client(TestConfig(server));
  auto reply = client.Scan("t");
  ASSERT_TRUE(reply.has_value()) << reply.error().message;
  EXPECT_EQ(reply->at("Count"), 0);
  EXPECT_EQ(calls, 3);
  // Each attempt is signed afresh.
  for (const auto& request : server.requests()) {
    EXPECT_FALSE(request[http::field::authorization].empty());
  }
}

TEST(DynamoClient, GivesUpAfterMaxAttempts) {
  FakeHttpServer server([](const auto&) {
    return FakeHttpServer::Reply(500, DynamoError("InternalServerError", "boom"));
  });
  ClientConfig config = TestConfig(server);
  config.max_attempts = 4;
  Client client(config);
  auto reply = client.Scan("t");
  ASSERT_FALSE(reply.has_value());
  EXPECT_EQ(reply.error().http_status, 500);
  EXPECT_EQ(reply.error().type, "InternalServerError");
  EXPECT_EQ(server.requests().size(), 4u);
}

TEST(DynamoClient, ConnectionFailureIsStatusZero) {
  std::string url;
  {
    FakeHttpServer server([](const auto&) { return FakeHttpServer::Reply(200, "{}"); });
    url = server.url();
  }
  ClientConfig config;
  config.endpoint = url;
  config.retry_base_delay = 1ms;
  Client client(config);
  auto reply = client.Scan("t");
  ASSERT_FALSE(reply.has_value());
  EXPECT_EQ(reply.error().http_status, 0);
}

TEST(DynamoClient, Crc32MismatchIsRetriedAndReported) {
  FakeHttpServer server([](const auto&) {
    auto response = FakeHttpServer::Reply(200, "{}");
    response.set("x-amz-crc32", "12345");
    return response;
  });
  Client client(TestConfig(server));
  auto reply = client.Scan("t");
  ASSERT_FALSE(reply.has_value());
  EXPECT_EQ(reply.error().type, "CRC32CheckFailed");
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(DynamoClient, ConfigFromEnvironment) {
  setenv("AWS_REGION", "eu-west-1", 1);
  setenv("AWS_ACCESS_KEY_ID", "AKID", 1);
  setenv("AWS_SECRET_ACCESS_KEY", "SECRET", 1);
  setenv("AWS_SESSION_TOKEN", "TOKEN", 1);
  unsetenv("AWS_ENDPOINT_URL_DYNAMODB");
  unsetenv("AWS_ENDPOINT_URL");
  ClientConfig config = ClientConfig::FromEnvironment();
  EXPECT_EQ(config.region, "eu-west-1");
  EXPECT_EQ(config.credentials.access_key_id, "AKID");
  EXPECT_EQ(config.credentials.secret_access_key, "SECRET");
  EXPECT_EQ(config.credentials.session_token, "TOKEN");
  EXPECT_EQ(config.endpoint, "https://dynamodb.eu-west-1.amazonaws.com");
  setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566", 1);
  EXPECT_EQ(ClientConfig::FromEnvironment().endpoint, "http://127.0.0.1:4566");
  setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000", 1);
  EXPECT_EQ(ClientConfig::FromEnvironment().endpoint, "http://127.0.0.1:8000");
  for (const char* name : {"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                           "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"}) {
    unsetenv(name);
  }
}

}  // namespace
}  // namespace nimbus::sdk::dynamodb
