// The SNS half through its wire entry point (form parameters in, XML out), with Lambda, HTTP
// and waiting faked: every retry runs, nothing waits.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "events/events.h"
#include "events/test_fakes.h"

namespace nimbus::events {
namespace {

namespace json = boost::json;
using testing::FakeHttpPoster;
using testing::FakeInvoker;
using testing::FakeWaiter;

std::string Between(const std::string& xml, const std::string& element) {
  auto open = xml.find("<" + element + ">");
  if (open == std::string::npos) return "<missing " + element + ">";
  open += element.size() + 2;
  return xml.substr(open, xml.find("</" + element + ">", open) - open);
}

class SnsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "nimbus-events-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    Open();
  }
  void TearDown() override {
    events_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Open() {
    events_.reset();
    auto opened =
        Events::Open(io_.get_executor(), invoker_,
                     {.data_dir = dir_,
                      .endpoint_url = "http://127.0.0.1:4566",
                      .clock =
                          [] {
                            return std::chrono::system_clock::time_point(
                                std::chrono::milliseconds(1433353407123));
                          }},
                     {.http = http_, .waiter = waiter_, .log = [this](const std::string& l) {
                        log_.push_back(l);
                      }});
    ASSERT_TRUE(opened) << opened.error();
    events_ = std::move(*opened);
  }
  Reply Call(Params params) {
    params["Version"] = "2010-03-31";
    auto reply = events_->Sns(params);
    RunDeliveries();
    return reply;
  }
  void RunDeliveries() {
    io_.restart();
    io_.run();
  }
  std::string CreateTopic(const std::string& name) {
    auto r = Call({{"Action", "CreateTopic"}, {"Name", name}});
    EXPECT_EQ(r.http_status, 200) << r.body;
    return Between(r.body, "TopicArn");
  }
  std::string SubscribeLambda(const std::string& topic, const std::string& function) {
    auto r = Call({{"Action", "Subscribe"},
                   {"TopicArn", topic},
                   {"Protocol", "lambda"},
                   {"Endpoint", "arn:aws:lambda:us-east-1:000000000000:function:" + function}});
    EXPECT_EQ(r.http_status, 200) << r.body;
    return Between(r.body, "SubscriptionArn");
  }
  bool Logged(const std::string& needle) const {
    for (const auto& l : log_) {
      if (l.find(needle) != std::string::npos) return true;
    }
    return false;
  }

  std::filesystem::path dir_;
  boost::asio::io_context io_;
  FakeInvoker invoker_;
  std::shared_ptr<FakeHttpPoster> http_ = std::make_shared<FakeHttpPoster>();
  std::shared_ptr<FakeWaiter> waiter_ = std::make_shared<FakeWaiter>();
  std::vector<std::string> log_;
  std::unique_ptr<Events> events_;
};

TEST_F(SnsTest, CreateTopicAnswersInSnsXmlAndIsIdempotent) {
  auto r = Call({{"Action", "CreateTopic"}, {"Name", "orders"}});
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.content_type, "text/xml");
  EXPECT_TRUE(std::regex_match(
      r.body, std::regex("<CreateTopicResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                         "<CreateTopicResult><TopicArn>arn:aws:sns:us-east-1:000000000000:orders"
                         "</TopicArn></CreateTopicResult><ResponseMetadata><RequestId>[0-9a-f-]{36}"
                         "</RequestId></ResponseMetadata></CreateTopicResponse>")))
      << r.body;
  EXPECT_EQ(CreateTopic("orders"), "arn:aws:sns:us-east-1:000000000000:orders");
  auto list = Call({{"Action", "ListTopics"}});
  EXPECT_EQ(list.body.find("<member>", list.body.find("</member>")), std::string::npos);
}

TEST_F(SnsTest, ErrorsAreSnsErrorResponses) {
  auto r = Call({{"Action", "CreateTopic"}, {"Name", "bad name!"}});
  EXPECT_EQ(r.http_status, 400);
  EXPECT_TRUE(std::regex_match(
      r.body, std::regex("<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error>"
                         "<Type>Sender</Type><Code>InvalidParameter</Code><Message>Invalid "
                         "parameter: Topic Name</Message></Error><RequestId>[0-9a-f-]{36}"
                         "</RequestId></ErrorResponse>")))
      << r.body;
  auto missing = Call(
      {{"Action", "GetTopicAttributes"}, {"TopicArn", "arn:aws:sns:us-east-1:000000000000:nope"}});
  EXPECT_EQ(missing.http_status, 404);
  EXPECT_EQ(Between(missing.body, "Code"), "NotFound");
  EXPECT_EQ(Between(missing.body, "Message"), "Topic does not exist");
  auto unknown = Call({{"Action", "Frobnicate"}});
  EXPECT_EQ(Between(unknown.body, "Code"), "InvalidAction");
  auto different = Call({{"Action", "CreateTopic"},
                         {"Name", "t"},
                         {"Attributes.entry.1.key", "DisplayName"},
                         {"Attributes.entry.1.value", "x"}});
  EXPECT_EQ(different.http_status, 200);
  auto again = Call({{"Action", "CreateTopic"},
                     {"Name", "t"},
                     {"Attributes.entry.1.key", "DisplayName"},
                     {"Attributes.entry.1.value", "y"}});
  EXPECT_EQ(Between(again.body, "Message"),
            "Invalid parameter: Attributes Reason: Topic already exists with different attributes");
}

TEST_F(SnsTest, DeleteTopicOfAnUnknownTopicSucceeds) {
  auto r = Call({{"Action", "DeleteTopic"}, {"TopicArn", "arn:aws:sns:us-east-1:000000000000:x"}});
  EXPECT_EQ(r.http_status, 200);
  EXPECT_NE(r.body.find("<DeleteTopicResponse"), std::string::npos);
  EXPECT_EQ(r.body.find("DeleteTopicResult"), std::string::npos);
}

TEST_F(SnsTest, ListTopicsPagesByHundred) {
  for (int i = 0; i < 150; ++i) CreateTopic("t" + std::to_string(1000 + i));
  auto first = Call({{"Action", "ListTopics"}});
  const std::string token = Between(first.body, "NextToken");
  int count = 0;
  for (auto p = first.body.find("<TopicArn>"); p != std::string::npos;
       p = first.body.find("<TopicArn>", p + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 100);
  auto second = Call({{"Action", "ListTopics"}, {"NextToken", token}});
  count = 0;
  for (auto p = second.body.find("<TopicArn>"); p != std::string::npos;
       p = second.body.find("<TopicArn>", p + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 50);
  EXPECT_EQ(second.body.find("<NextToken>"), std::string::npos);
}

TEST_F(SnsTest, PublishToALambdaSubscriberSendsTheSnsEvent) {
  auto topic = CreateTopic("orders");
  auto sub = SubscribeLambda(topic, "notify");
  EXPECT_TRUE(sub.starts_with(topic + ":")) << sub;
  auto r = Call({{"Action", "Publish"},
                 {"TopicArn", topic},
                 {"Message", "Hello from SNS!"},
                 {"Subject", "TestInvoke"},
                 {"MessageAttributes.entry.1.Name", "Test"},
                 {"MessageAttributes.entry.1.Value.DataType", "String"},
                 {"MessageAttributes.entry.1.Value.StringValue", "TestString"},
                 {"MessageAttributes.entry.2.Name", "TestBinary"},
                 {"MessageAttributes.entry.2.Value.DataType", "Binary"},
                 {"MessageAttributes.entry.2.Value.BinaryValue", "VGVzdEJpbmFyeQ=="}});
  ASSERT_EQ(r.http_status, 200) << r.body;
  const auto message_id = Between(r.body, "MessageId");
  ASSERT_EQ(invoker_.calls.size(), 1u);
  EXPECT_EQ(invoker_.calls[0].function, "notify");
  auto event = json::parse(invoker_.calls[0].payload).as_object();
  auto& record = event["Records"].as_array().at(0).as_object();
  EXPECT_EQ(record["EventSource"], "aws:sns");
  EXPECT_EQ(record["EventVersion"], "1.0");
  EXPECT_EQ(record["EventSubscriptionArn"].as_string(), sub);
  auto& sns = record["Sns"].as_object();
  EXPECT_EQ(sns["Type"], "Notification");
  EXPECT_EQ(sns["MessageId"].as_string(), message_id);
  EXPECT_EQ(sns["TopicArn"].as_string(), topic);
  EXPECT_EQ(sns["Subject"], "TestInvoke");
  EXPECT_EQ(sns["Message"], "Hello from SNS!");
  EXPECT_EQ(sns["Timestamp"], "2015-06-03T17:43:27.123Z");
  EXPECT_EQ(sns["SignatureVersion"], "1");
  EXPECT_TRUE(sns.contains("Signature"));
  EXPECT_TRUE(sns["SigningCertUrl"].as_string().starts_with("http://127.0.0.1:4566/"));
  EXPECT_TRUE(sns["UnsubscribeUrl"].as_string().starts_with(
      "http://127.0.0.1:4566/?Action=Unsubscribe&SubscriptionArn="));
  EXPECT_EQ(sns["MessageAttributes"], json::parse(R"({"Test":{"Type":"String","Value":"TestString"},
                            "TestBinary":{"Type":"Binary","Value":"VGVzdEJpbmFyeQ=="}})"));
  // The same keys as AWS's sample event, no more, no fewer.
  std::ifstream fixture("/work/shared/fixtures/aws-events/sns-event.json");
  if (fixture) {
    std::stringstream text;
    text << fixture.rdbuf();
    auto sample = json::parse(text.str()).as_object();
    auto& sample_record = sample["Records"].as_array().at(0).as_object();
    for (const auto& [k, v] : sample_record) EXPECT_TRUE(record.contains(k)) << k;
    for (const auto& [k, v] : sample_record["Sns"].as_object()) EXPECT_TRUE(sns.contains(k)) << k;
    EXPECT_EQ(record.size(), sample_record.size());
    EXPECT_EQ(sns.size(), sample_record["Sns"].as_object().size());
  }
}

TEST_F(SnsTest, PublishWithoutSubjectGivesANullSubject) {
  auto topic = CreateTopic("orders");
  SubscribeLambda(topic, "notify");
  Call({{"Action", "Publish"}, {"TopicArn", topic}, {"Message", "m"}});
  ASSERT_EQ(invoker_.calls.size(), 1u);
  auto event = json::parse(invoker_.calls[0].payload);
  EXPECT_TRUE(event.at("Records").at(0).at("Sns").at("Subject").is_null());
}

TEST_F(SnsTest, PublishValidatesAsSnsDoes) {
  auto topic = CreateTopic("orders");
  auto code_and_message = [&](Params p) {
    p["Action"] = "Publish";
    auto r = Call(p);
    return Between(r.body, "Code") + ": " + Between(r.body, "Message");
  };
  EXPECT_EQ(code_and_message({{"TopicArn", topic}, {"Message", ""}}),
            "InvalidParameter: Invalid parameter: Empty message");
  EXPECT_EQ(code_and_message({{"TopicArn", topic}}),
            "ValidationError: 1 validation error detected: Value null at 'message' failed to "
            "satisfy constraint: Member must not be null");
  EXPECT_EQ(code_and_message({{"TopicArn", topic}, {"Message", std::string(262'145, 'x')}}),
            "InvalidParameter: Invalid parameter: Message too long");
  EXPECT_EQ(
      code_and_message({{"TopicArn", topic}, {"Message", "m"}, {"Subject", std::string(101, 's')}}),
      "InvalidParameter: Invalid parameter: Subject");
  EXPECT_EQ(code_and_message({{"Message", "m"}}),
            "InvalidParameter: Invalid parameter: TopicArn or TargetArn Reason: no value for "
            "required parameter");
  EXPECT_EQ(code_and_message(
                {{"TopicArn", topic}, {"Message", "not json"}, {"MessageStructure", "json"}}),
            "InvalidParameter: Invalid parameter: Message Structure - No JSON message body is "
            "parseable");
  EXPECT_EQ(
      code_and_message(
          {{"TopicArn", topic}, {"Message", R"({"lambda":"x"})"}, {"MessageStructure", "json"}}),
      "InvalidParameter: Invalid parameter: Message Structure - No default entry in JSON "
      "message body");
  EXPECT_EQ(code_and_message({{"TopicArn", topic},
                              {"Message", "m"},
                              {"MessageAttributes.entry.1.Name", "n"},
                              {"MessageAttributes.entry.1.Value.DataType", "Integer"},
                              {"MessageAttributes.entry.1.Value.StringValue", "1"}}),
            "InvalidParameterValue: The message attribute 'n' has an invalid message attribute "
            "type, the set of supported type prefixes is Binary, Number, and String.");
  EXPECT_EQ(code_and_message({{"TopicArn", topic},
                              {"Message", "m"},
                              {"MessageAttributes.entry.1.Name", "n"},
                              {"MessageAttributes.entry.1.Value.DataType", "Number"},
                              {"MessageAttributes.entry.1.Value.StringValue", "abc"}}),
            "InvalidParameterValue: Could not cast message attribute 'n' value to number.");
  Params eleven{{"TopicArn", topic}, {"Message", "m"}};
  for (int i = 1; i <= 11; ++i) {
    const auto base = "MessageAttributes.entry." + std::to_string(i) + ".";
    eleven[base + "Name"] = "a" + std::to_string(i);
    eleven[base + "Value.DataType"] = "String";
    eleven[base + "Value.StringValue"] = "v";
  }
  EXPECT_EQ(code_and_message(eleven),
            "InvalidParameterValue: Number of message attributes [11] exceeds the allowed "
            "maximum [10].");
  // Exactly the limit is fine.
  auto r =
      Call({{"Action", "Publish"}, {"TopicArn", topic}, {"Message", std::string(262'144, 'x')}});
  EXPECT_EQ(r.http_status, 200) << Between(r.body, "Message");
  auto gone = Call({{"Action", "Publish"},
                    {"TopicArn", "arn:aws:sns:us-east-1:000000000000:none"},
                    {"Message", "m"}});
  EXPECT_EQ(gone.http_status, 404);
  EXPECT_EQ(Between(gone.body, "Message"), "Topic does not exist");
}

TEST_F(SnsTest, MessageStructureJsonPicksTheProtocolsText) {
  auto topic = CreateTopic("orders");
  SubscribeLambda(topic, "notify");
  Call({{"Action", "Publish"},
        {"TopicArn", topic},
        {"MessageStructure", "json"},
        {"Message", R"({"default":"for all","lambda":"for lambda"})"}});
  ASSERT_EQ(invoker_.calls.size(), 1u);
  EXPECT_EQ(json::parse(invoker_.calls[0].payload).at("Records").at(0).at("Sns").at("Message"),
            "for lambda");
}

TEST_F(SnsTest, HttpSubscriptionsAreConfirmedThroughTheSubscribeUrl) {
  auto topic = CreateTopic("orders");
  auto r = Call({{"Action", "Subscribe"},
                 {"TopicArn", topic},
                 {"Protocol", "http"},
                 {"Endpoint", "http://127.0.0.1:9/hook"}});
  EXPECT_EQ(Between(r.body, "SubscriptionArn"), "pending confirmation");
  ASSERT_EQ(http_->posts.size(), 1u);
  const auto& confirmation = http_->posts[0];
  EXPECT_EQ(confirmation.url, "http://127.0.0.1:9/hook");
  EXPECT_EQ(confirmation.headers.at("x-amz-sns-message-type"), "SubscriptionConfirmation");
  EXPECT_FALSE(confirmation.headers.contains("x-amz-sns-subscription-arn"));
  auto body = json::parse(confirmation.body).as_object();
  EXPECT_EQ(body["Type"], "SubscriptionConfirmation");
  EXPECT_EQ(body["TopicArn"].as_string(), topic);
  const std::string token(body["Token"].as_string());
  const std::string url(body["SubscribeURL"].as_string());
  EXPECT_TRUE(url.starts_with("http://127.0.0.1:4566/?Action=ConfirmSubscription&TopicArn="));

  // Not delivered while pending.
  Call({{"Action", "Publish"}, {"TopicArn", topic}, {"Message", "early"}});
  EXPECT_EQ(http_->posts.size(), 1u);
  auto listed = Call({{"Action", "ListSubscriptionsByTopic"}, {"TopicArn", topic}});
  EXPECT_EQ(Between(listed.body, "SubscriptionArn"), "PendingConfirmation");

  // The SubscribeURL is an unsigned GET.
  auto confirmed = events_->SnsLink(ParseForm(url.substr(url.find('?') + 1)));
  ASSERT_EQ(confirmed.http_status, 200) << confirmed.body;
  const auto sub = Between(confirmed.body, "SubscriptionArn");
  EXPECT_TRUE(sub.starts_with(topic + ":"));

  Call({{"Action", "Publish"}, {"TopicArn", topic}, {"Message", "hello"}, {"Subject", "s"}});
  ASSERT_EQ(http_->posts.size(), 2u);
  const auto& n = http_->posts[1];
  EXPECT_EQ(n.headers.at("x-amz-sns-message-type"), "Notification");
  EXPECT_EQ(n.headers.at("x-amz-sns-topic-arn"), topic);
  EXPECT_EQ(n.headers.at("x-amz-sns-subscription-arn"), sub);
  EXPECT_EQ(n.headers.at("Content-Type"), "text/plain; charset=UTF-8");
  auto notification = json::parse(n.body).as_object();
  EXPECT_EQ(notification["Type"], "Notification");
  EXPECT_EQ(notification["Message"], "hello");
  EXPECT_EQ(notification["Subject"], "s");
  EXPECT_EQ(notification["MessageId"].as_string(), n.headers.at("x-amz-sns-message-id"));
  EXPECT_TRUE(notification.contains("SigningCertURL"));
  EXPECT_TRUE(notification.contains("UnsubscribeURL"));

  auto bad = Call({{"Action", "ConfirmSubscription"}, {"TopicArn", topic}, {"Token", "nope"}});
  EXPECT_EQ(Between(bad.body, "Message"), "Invalid parameter: Token");
}

TEST_F(SnsTest, HttpFailuresAreRetriedWithBackOffThenLogged) {
  auto topic = CreateTopic("orders");
  Call({{"Action", "Subscribe"},
        {"TopicArn", topic},
        {"Protocol", "http"},
        {"Endpoint", "http://127.0.0.1:9/hook"},
        {"ReturnSubscriptionArn", "true"}});
  auto token = json::parse(http_->posts[0].body).at("Token").as_string();
  Call({{"Action", "ConfirmSubscription"}, {"TopicArn", topic}, {"Token", std::string(token)}});
  http_->posts.clear();

  // A 500 and a refused connection, then success: delivered on the third attempt.
  http_->statuses = {500, 0};
  Call({{"Action", "Publish"}, {"TopicArn", topic}, {"Message", "m"}});
  EXPECT_EQ(http_->posts.size(), 3u);
  EXPECT_EQ(waiter_->waits, (std::vector<std::chrono::milliseconds>{std::chrono::seconds(20),
                                                                    std::chrono::seconds(20)}));
  EXPECT_TRUE(Logged("attempt 1: http://127.0.0.1:9/hook answered HTTP 500; retrying in 20 s"));
  EXPECT_TRUE(Logged("delivered sns"));

  // Always failing: the default HTTP policy's three retries, then given up and logged.
  http_->posts.clear();
  http_->statuses = {503, 503, 503, 503, 503};
  Call({{"Action", "Publish"}, {"TopicArn", topic}, {"Message", "m"}});
  EXPECT_EQ(http_->posts.size(), 4u);
  EXPECT_TRUE(Logged("delivery failed for good"));

  // A 4xx is the subscriber's answer: not retried.
  http_->posts.clear();
  http_->statuses = {404};
  Call({{"Action", "Publish"}, {"TopicArn", topic}, {"Message", "m"}});
  EXPECT_EQ(http_->posts.size(), 1u);
  EXPECT_EQ(events_->DeliveriesInFlight(), 0);
}

TEST_F(SnsTest, ADeliveryPolicyChangesTheRetries) {
  auto topic = CreateTopic("orders");
  Call(
      {{"Action", "SetTopicAttributes"},
       {"TopicArn", topic},
       {"AttributeName", "DeliveryPolicy"},
       {"AttributeValue",
        R"({"http":{"defaultHealthyRetryPolicy":{"numRetries":2,"numNoDelayRetries":2,"minDelayTarget":1,"maxDelayTarget":1}}})"}});
  Call({{"Action", "Subscribe"},
        {"TopicArn", topic},
        {"Protocol", "http"},
        {"Endpoint", "http://h/x"}});
  auto token = json::parse(http_->posts[0].body).at("Token").as_string();
  Call({{"Action", "ConfirmSubscription"}, {"TopicArn", topic}, {"Token", std::string(token)}});
  waiter_->waits.clear();
  http_->posts.clear();
  http_->statuses = {500, 500, 500};
  Call({{"Action", "Publish"}, {"TopicArn", topic}, {"Message", "m"}});
  EXPECT_EQ(http_->posts.size(), 3u);
  EXPECT_EQ(waiter_->waits, (std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(0),
                                                                    std::chrono::milliseconds(0)}));
}

TEST_F(SnsTest, LambdaFailuresAreRetried) {
  auto topic = CreateTopic("orders");
  SubscribeLambda(topic, "notify");
  using Outcome = lambda::InvokeResult::Outcome;
  // A throttled service is retried on SNS's immediate-retry phase.
  invoker_.script = {lambda::InvokeResult{.outcome = Outcome::kServiceError,
                                          .error_type = "TooManyRequestsException",
                                          .http_status = 429}};
  Call({{"Action", "Publish"}, {"TopicArn", topic}, {"Message", "m"}});
  EXPECT_EQ(invoker_.calls.size(), 2u);
  // A function error is retried twice (Lambda's asynchronous retries), then logged.
  invoker_.calls.clear();
  invoker_.script.assign(5, lambda::InvokeResult{.outcome = Outcome::kFunctionError,
                                                 .payload = R"({"errorMessage":"boom"})",
                                                 .function_error = "Unhandled"});
  Call({{"Action", "Publish"}, {"TopicArn", topic}, {"Message", "m"}});
  EXPECT_EQ(invoker_.calls.size(), 3u);
  EXPECT_TRUE(Logged("function notify failed (Unhandled)"));
  // A function that does not exist is not retried.
  invoker_.calls.clear();
  invoker_.script = {lambda::InvokeResult{.outcome = Outcome::kServiceError,
                                          .error_type = "ResourceNotFoundException",
                                          .http_status = 404}};
  Call({{"Action", "Publish"}, {"TopicArn", topic}, {"Message", "m"}});
  EXPECT_EQ(invoker_.calls.size(), 1u);
}

TEST_F(SnsTest, FilterPoliciesSelectMessages) {
  auto topic = CreateTopic("orders");
  auto sub = SubscribeLambda(topic, "notify");
  auto set = Call(
      {{"Action", "SetSubscriptionAttributes"},
       {"SubscriptionArn", sub},
       {"AttributeName", "FilterPolicy"},
       {"AttributeValue", R"({"eventType":["CustomerRegistered"],"n":[{"numeric":[">",1]}]})"}});
  ASSERT_EQ(set.http_status, 200) << set.body;
  auto publish = [&](const std::string& type, const std::string& n) {
    Call({{"Action", "Publish"},
          {"TopicArn", topic},
          {"Message", "m"},
          {"MessageAttributes.entry.1.Name", "eventType"},
          {"MessageAttributes.entry.1.Value.DataType", "String"},
          {"MessageAttributes.entry.1.Value.StringValue", type},
          {"MessageAttributes.entry.2.Name", "n"},
          {"MessageAttributes.entry.2.Value.DataType", "Number"},
          {"MessageAttributes.entry.2.Value.StringValue", n}});
  };
  publish("CustomerRegistered", "5");
  publish("CustomerDeleted", "5");
  publish("CustomerRegistered", "0");
  EXPECT_EQ(invoker_.calls.size(), 1u);
  auto bad = Call({{"Action", "SetSubscriptionAttributes"},
                   {"SubscriptionArn", sub},
                   {"AttributeName", "FilterPolicy"},
                   {"AttributeValue", R"({"a":"b"})"}});
  EXPECT_EQ(Between(bad.body, "Code"), "InvalidParameter");
}

TEST_F(SnsTest, UnsubscribeAndItsErrors) {
  auto topic = CreateTopic("orders");
  auto sub = SubscribeLambda(topic, "notify");
  EXPECT_EQ(Call({{"Action", "Unsubscribe"}, {"SubscriptionArn", sub}}).http_status, 200);
  auto again = Call({{"Action", "Unsubscribe"}, {"SubscriptionArn", sub}});
  EXPECT_EQ(again.http_status, 404);
  EXPECT_EQ(Between(again.body, "Message"), "Subscription does not exist");
  auto malformed = Call({{"Action", "Unsubscribe"}, {"SubscriptionArn", "nope"}});
  EXPECT_EQ(
      Between(malformed.body, "Message"),
      "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1");
  Call({{"Action", "Publish"}, {"TopicArn", topic}, {"Message", "m"}});
  EXPECT_TRUE(invoker_.calls.empty());
  auto bad_protocol = Call(
      {{"Action", "Subscribe"}, {"TopicArn", topic}, {"Protocol", "pigeon"}, {"Endpoint", "x"}});
  EXPECT_EQ(Between(bad_protocol.body, "Message"),
            "Invalid parameter: Amazon SNS does not support this protocol string: pigeon");
  auto bad_endpoint = Call({{"Action", "Subscribe"},
                            {"TopicArn", topic},
                            {"Protocol", "https"},
                            {"Endpoint", "http://x"}});
  EXPECT_EQ(Between(bad_endpoint.body, "Message"),
            "Invalid parameter: Endpoint must match the specified protocol");
}

TEST_F(SnsTest, TopicsAndSubscriptionsSurviveARestart) {
  auto topic = CreateTopic("orders");
  auto sub = SubscribeLambda(topic, "notify");
  Call({{"Action", "TagResource"},
        {"ResourceArn", topic},
        {"Tags.member.1.Key", "team"},
        {"Tags.member.1.Value", "a"}});
  Open();
  auto listed = Call({{"Action", "ListSubscriptions"}});
  EXPECT_EQ(Between(listed.body, "SubscriptionArn"), sub);
  auto tags = Call({{"Action", "ListTagsForResource"}, {"ResourceArn", topic}});
  EXPECT_EQ(Between(tags.body, "Key"), "team");
  Call({{"Action", "Publish"}, {"TopicArn", topic}, {"Message", "after restart"}});
  EXPECT_EQ(invoker_.calls.size(), 1u);
}

TEST_F(SnsTest, PublishBatchReportsEachEntry) {
  auto topic = CreateTopic("orders");
  SubscribeLambda(topic, "notify");
  auto r = Call({{"Action", "PublishBatch"},
                 {"TopicArn", topic},
                 {"PublishBatchRequestEntries.member.1.Id", "a"},
                 {"PublishBatchRequestEntries.member.1.Message", "one"},
                 {"PublishBatchRequestEntries.member.2.Id", "b"},
                 {"PublishBatchRequestEntries.member.2.Message", ""}});
  ASSERT_EQ(r.http_status, 200) << r.body;
  EXPECT_NE(r.body.find("<Successful><member><Id>a</Id><MessageId>"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("<Failed><member><Id>b</Id><Code>InvalidParameter</Code>"),
            std::string::npos);
  EXPECT_EQ(invoker_.calls.size(), 1u);
  auto dup = Call({{"Action", "PublishBatch"},
                   {"TopicArn", topic},
                   {"PublishBatchRequestEntries.member.1.Id", "a"},
                   {"PublishBatchRequestEntries.member.1.Message", "one"},
                   {"PublishBatchRequestEntries.member.2.Id", "a"},
                   {"PublishBatchRequestEntries.member.2.Message", "two"}});
  EXPECT_EQ(Between(dup.body, "Code"), "BatchEntryIdsNotDistinct");
}

}  // namespace
}  // namespace nimbus::events
