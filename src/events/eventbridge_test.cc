// The EventBridge half through its wire entry point (operation + JSON in, JSON out), with
// Lambda faked.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <filesystem>

#include "events/events.h"
#include "events/test_fakes.h"

namespace nimbus::events {
namespace {

namespace json = boost::json;

class EventBridgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "nimbus-eb-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    auto opened = Events::Open(
        io_.get_executor(), invoker_,
        {.data_dir = dir_,
         .clock =
             [] {
               return std::chrono::system_clock::time_point(std::chrono::seconds(1513968228));
             }},
        {.http = std::make_shared<testing::FakeHttpPoster>(),
         .waiter = std::make_shared<testing::FakeWaiter>(),
         .log = [](const std::string&) {}});
    ASSERT_TRUE(opened) << opened.error();
    events_ = std::move(*opened);
  }
  void TearDown() override {
    events_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::pair<int, json::object> Call(std::string_view op, std::string_view body) {
    auto reply = events_->EventBridge(op, body);
    io_.restart();
    io_.run();
    EXPECT_EQ(reply.content_type, "application/x-amz-json-1.1");
    return {reply.http_status, json::parse(reply.body).as_object()};
  }

  std::filesystem::path dir_;
  boost::asio::io_context io_;
  testing::FakeInvoker invoker_;
  std::unique_ptr<Events> events_;
};

TEST_F(EventBridgeTest, MatchingEventsReachTheRulesLambdaTargets) {
  auto [status, rule] = Call(
      "PutRule",
      R"({"Name":"big-orders","EventPattern":"{\"source\":[\"shop\"],\"detail\":{\"total\":[{\"numeric\":[\">\",100]}]}}"})");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(rule["RuleArn"], "arn:aws:events:us-east-1:000000000000:rule/big-orders");
  auto [ts, targets] = Call(
      "PutTargets",
      R"({"Rule":"big-orders","Targets":[{"Id":"notify","Arn":"arn:aws:lambda:us-east-1:000000000000:function:notify"}]})");
  ASSERT_EQ(ts, 200);
  EXPECT_EQ(targets["FailedEntryCount"], 0);
  auto [ps, put] = Call("PutEvents", R"({"Entries":[
      {"Source":"shop","DetailType":"OrderPlaced","Detail":"{\"total\":250}","Resources":["r1"]},
      {"Source":"shop","DetailType":"OrderPlaced","Detail":"{\"total\":5}"},
      {"Source":"shop","DetailType":"OrderPlaced"},
      {"Source":"shop","DetailType":"OrderPlaced","Detail":"[1]"}]})");
  ASSERT_EQ(ps, 200);
  EXPECT_EQ(put["FailedEntryCount"], 2);
  auto& entries = put["Entries"].as_array();
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_TRUE(entries[0].as_object().contains("EventId"));
  EXPECT_EQ(entries[2].at("ErrorCode"), "InvalidArgument");
  EXPECT_EQ(entries[2].at("ErrorMessage"),
            "Parameter Detail is not valid. Reason: Detail is a required argument.");
  EXPECT_EQ(entries[3].at("ErrorCode"), "MalformedDetail");
  EXPECT_EQ(entries[3].at("ErrorMessage"), "Detail is malformed.");

  ASSERT_EQ(invoker_.calls.size(), 1u);
  EXPECT_EQ(invoker_.calls[0].function, "notify");
  auto event = json::parse(invoker_.calls[0].payload).as_object();
  EXPECT_EQ(event, json::parse(R"({"version":"0","id":")" +
                               std::string(entries[0].at("EventId").as_string()) +
                               R"(","detail-type":"OrderPlaced","source":"shop",
      "account":"000000000000","time":"2017-12-22T18:43:48Z","region":"us-east-1",
      "resources":["r1"],"detail":{"total":250}})"));
}

TEST_F(EventBridgeTest, InputAndInputPathReplaceTheEvent) {
  Call("PutRule", R"({"Name":"r","EventPattern":"{\"source\":[\"s\"]}"})");
  Call("PutTargets", R"({"Rule":"r","Targets":[
      {"Id":"a","Arn":"arn:aws:lambda:us-east-1:000000000000:function:a","Input":"{\"fixed\":true}"},
      {"Id":"b","Arn":"arn:aws:lambda:us-east-1:000000000000:function:b","InputPath":"$.detail"}]})");
  Call("PutEvents", R"({"Entries":[{"Source":"s","DetailType":"t","Detail":"{\"k\":1}"}]})");
  ASSERT_EQ(invoker_.calls.size(), 2u);
  EXPECT_EQ(invoker_.calls[0].payload, R"({"fixed":true})");
  EXPECT_EQ(invoker_.calls[1].payload, R"({"k":1})");
}

TEST_F(EventBridgeTest, DisabledRulesAndOtherBusesDoNotMatch) {
  Call("PutRule", R"({"Name":"r","EventPattern":"{\"source\":[\"s\"]}","State":"DISABLED"})");
  Call(
      "PutTargets",
      R"({"Rule":"r","Targets":[{"Id":"a","Arn":"arn:aws:lambda:us-east-1:000000000000:function:a"}]})");
  Call("PutEvents", R"({"Entries":[{"Source":"s","DetailType":"t","Detail":"{}"}]})");
  EXPECT_TRUE(invoker_.calls.empty());
  Call("EnableRule", R"({"Name":"r"})");
  auto [cs, bus] = Call("CreateEventBus", R"({"Name":"orders"})");
  EXPECT_EQ(bus["EventBusArn"], "arn:aws:events:us-east-1:000000000000:event-bus/orders");
  Call("PutEvents",
       R"({"Entries":[{"Source":"s","DetailType":"t","Detail":"{}","EventBusName":"orders"}]})");
  EXPECT_TRUE(invoker_.calls.empty());
  Call("PutEvents", R"({"Entries":[{"Source":"s","DetailType":"t","Detail":"{}"}]})");
  EXPECT_EQ(invoker_.calls.size(), 1u);
  auto [ls, buses] = Call("ListEventBuses", "{}");
  EXPECT_EQ(buses["EventBuses"].as_array().size(), 2u);
}

TEST_F(EventBridgeTest, ErrorsAsEventBridgeSendsThem) {
  auto [s1, e1] = Call("DescribeRule", R"({"Name":"nope"})");
  EXPECT_EQ(s1, 400);
  EXPECT_EQ(e1["__type"], "ResourceNotFoundException");
  EXPECT_EQ(e1["message"], "Rule nope does not exist on EventBus default.");
  auto [s2, e2] = Call("PutRule", R"({"Name":"r","EventPattern":"{\"source\":\"s\"}"})");
  EXPECT_EQ(e2["__type"], "InvalidEventPatternException");
  EXPECT_EQ(e2["message"],
            "Event pattern is not valid. Reason: \"source\" must be an object or an array");
  auto [s3, e3] = Call("PutRule", R"({"Name":"bad name"})");
  EXPECT_EQ(e3["__type"], "ValidationException");
  json::array eleven;
  for (int i = 0; i < 11; ++i)
    eleven.push_back({{"Source", "s"}, {"DetailType", "t"}, {"Detail", "{}"}});
  auto [s4, e4] = Call("PutEvents", json::serialize(json::object{{"Entries", eleven}}));
  EXPECT_EQ(e4["__type"], "ValidationException");
  auto [s5, e5] =
      Call("PutEvents",
           json::serialize(json::object{
               {"Entries",
                json::array{{{"Source", "s"},
                             {"DetailType", "t"},
                             {"Detail", "{\"x\":\"" + std::string(262'144, 'a') + "\"}"}}}}}));
  EXPECT_EQ(e5["message"], "Total size of the entries in the request is over the limit.");
  auto [s6, e6] = Call("Frob", "{}");
  EXPECT_EQ(e6["__type"], "UnknownOperationException");
  Call("PutRule", R"({"Name":"r","EventPattern":"{\"source\":[\"s\"]}"})");
  Call(
      "PutTargets",
      R"({"Rule":"r","Targets":[{"Id":"a","Arn":"arn:aws:lambda:us-east-1:000000000000:function:a"}]})");
  auto [s7, e7] = Call("DeleteRule", R"({"Name":"r"})");
  EXPECT_EQ(e7["message"], "Rule can't be deleted since it has targets.");
  std::string six = R"({"Rule":"r","Targets":[)";
  for (int i = 0; i < 6; ++i) {
    six += std::string(i ? "," : "") + R"({"Id":"t)" + std::to_string(i) +
           R"(","Arn":"arn:aws:lambda:us-east-1:000000000000:function:a"})";
  }
  auto [s8, e8] = Call("PutTargets", six + "]}");
  EXPECT_EQ(e8["__type"], "LimitExceededException");
  auto [s9, listed] = Call("ListTargetsByRule", R"({"Rule":"r"})");
  EXPECT_EQ(listed["Targets"].as_array().size(), 1u);  // the failed call changed nothing
  Call("RemoveTargets", R"({"Rule":"r","Ids":["a"]})");
  auto [s10, deleted] = Call("DeleteRule", R"({"Name":"r"})");
  EXPECT_EQ(s10, 200);
}

TEST_F(EventBridgeTest, ListRulesPagesAndFiltersByPrefix) {
  for (int i = 0; i < 5; ++i) {
    Call("PutRule",
         R"({"Name":"a)" + std::to_string(i) + R"(","EventPattern":"{\"source\":[\"s\"]}"})");
  }
  Call("PutRule", R"({"Name":"b","EventPattern":"{\"source\":[\"s\"]}"})");
  auto [s1, page1] = Call("ListRules", R"({"NamePrefix":"a","Limit":3})");
  EXPECT_EQ(page1["Rules"].as_array().size(), 3u);
  ASSERT_TRUE(page1.contains("NextToken"));
  auto [s2, page2] =
      Call("ListRules", json::serialize(json::object{
                            {"NamePrefix", "a"}, {"Limit", 3}, {"NextToken", page1["NextToken"]}}));
  EXPECT_EQ(page2["Rules"].as_array().size(), 2u);
  EXPECT_FALSE(page2.contains("NextToken"));
  auto [s3, all] = Call("ListRules", "{}");
  EXPECT_EQ(all["Rules"].as_array().size(), 6u);
}

TEST_F(EventBridgeTest, TestEventPattern) {
  auto [s, r] = Call(
      "TestEventPattern",
      R"({"EventPattern":"{\"source\":[{\"prefix\":\"sh\"}]}","Event":"{\"source\":\"shop\"}"})");
  EXPECT_EQ(r["Result"], true);
}

TEST_F(EventBridgeTest, SnsTopicTargetsGetTheEventAsMessage) {
  events_->Sns({{"Action", "CreateTopic"}, {"Name", "t"}});
  events_->Sns({{"Action", "Subscribe"},
                {"TopicArn", "arn:aws:sns:us-east-1:000000000000:t"},
                {"Protocol", "lambda"},
                {"Endpoint", "arn:aws:lambda:us-east-1:000000000000:function:n"}});
  Call("PutRule", R"({"Name":"r","EventPattern":"{\"source\":[\"s\"]}"})");
  Call("PutTargets",
       R"({"Rule":"r","Targets":[{"Id":"t","Arn":"arn:aws:sns:us-east-1:000000000000:t"}]})");
  Call("PutEvents", R"({"Entries":[{"Source":"s","DetailType":"t","Detail":"{}"}]})");
  ASSERT_EQ(invoker_.calls.size(), 1u);
  auto message = json::parse(invoker_.calls[0].payload).at("Records").at(0).at("Sns").at("Message");
  EXPECT_EQ(json::parse(message.as_string()).at("source"), "s");
}

}  // namespace
}  // namespace nimbus::events
