#include "events/outbox_drain.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <filesystem>

#include "events/test_fakes.h"

namespace nimbus::events {
namespace {

namespace json = boost::json;

class OutboxDrainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "nimbus-outbox-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    auto ddb = dynamodb::Service::Open({.data_dir = dir_ / "ddb", .background_thread = false});
    ASSERT_TRUE(ddb) << ddb.error();
    dynamodb_ = std::move(*ddb);
    auto created = dynamodb_->Handle("CreateTable", R"({"TableName":"outbox",
        "AttributeDefinitions":[{"AttributeName":"outboxId","AttributeType":"S"}],
        "KeySchema":[{"AttributeName":"outboxId","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})");
    ASSERT_EQ(created.http_status, 200) << created.body;
    auto opened = Events::Open(io_.get_executor(), invoker_, {.data_dir = dir_ / "events"},
                               {.http = std::make_shared<testing::FakeHttpPoster>(),
                                .waiter = std::make_shared<testing::FakeWaiter>(),
                                .log = [this](const std::string& l) { log_.push_back(l); }});
    ASSERT_TRUE(opened) << opened.error();
    events_ = std::move(*opened);
    drain_ = std::make_unique<OutboxDrain>(*dynamodb_, *events_,
                                           std::vector<OutboxTable>{{"outbox", "customer-events"}},
                                           [this](const std::string& l) { log_.push_back(l); });
  }
  void TearDown() override {
    drain_.reset();
    events_.reset();
    dynamodb_.reset();
    std::filesystem::remove_all(dir_);
  }
  void CreateTopicWithSubscriber(const std::string& name) {
    events_->Sns({{"Action", "CreateTopic"}, {"Name", name}});
    events_->Sns({{"Action", "Subscribe"},
                  {"TopicArn", events_->TopicArn(name)},
                  {"Protocol", "lambda"},
                  {"Endpoint", events_->FunctionArn("notify")}});
  }
  void Put(const std::string& item) {
    auto r = dynamodb_->Handle("PutItem", R"({"TableName":"outbox","Item":)" + item + "}");
    ASSERT_EQ(r.http_status, 200) << r.body;
  }
  std::size_t Remaining() {
    auto r = dynamodb_->Handle("Scan", R"({"TableName":"outbox","Select":"COUNT"})");
    return json::parse(r.body).at("Count").to_number<std::size_t>();
  }
  std::size_t Drain() {
    auto n = drain_->DrainOnce();
    io_.restart();
    io_.run();
    return n;
  }

  std::filesystem::path dir_;
  boost::asio::io_context io_;
  testing::FakeInvoker invoker_;
  std::unique_ptr<dynamodb::Service> dynamodb_;
  std::unique_ptr<Events> events_;
  std::unique_ptr<OutboxDrain> drain_;
  std::vector<std::string> log_;
};

TEST_F(OutboxDrainTest, PublishesEachItemToItsTopicThenDeletesIt) {
  CreateTopicWithSubscriber("customer-events");
  Put(R"({"outboxId":{"S":"2"},"topic":{"S":"customer-events"},"message":{"S":"{\"id\":2}"},
          "createdAt":{"S":"2024-01-01T00:00:02Z"}})");
  Put(R"({"outboxId":{"S":"1"},"topic":{"S":"customer-events"},"message":{"S":"{\"id\":1}"},
          "subject":{"S":"CustomerRegistered"},
          "attributes":{"M":{"eventType":{"S":"CustomerRegistered"}}},
          "createdAt":{"S":"2024-01-01T00:00:01Z"}})");
  EXPECT_EQ(Drain(), 2u);
  EXPECT_EQ(Remaining(), 0u);
  ASSERT_EQ(invoker_.calls.size(), 2u);
  auto first = json::parse(invoker_.calls[0].payload).at("Records").at(0).at("Sns");
  EXPECT_EQ(first.at("Message"), "{\"id\":1}");  // oldest first
  EXPECT_EQ(first.at("Subject"), "CustomerRegistered");
  EXPECT_EQ(first.at("TopicArn"), "arn:aws:sns:us-east-1:000000000000:customer-events");
  EXPECT_EQ(first.at("MessageAttributes").at("eventType"),
            json::parse(R"({"Type":"String","Value":"CustomerRegistered"})"));
  EXPECT_EQ(Drain(), 0u);
}

TEST_F(OutboxDrainTest, AnItemWithoutTopicGoesToTheTablesTopic) {
  CreateTopicWithSubscriber("customer-events");
  Put(R"({"outboxId":{"S":"1"},"message":{"S":"m"}})");
  EXPECT_EQ(Drain(), 1u);
  EXPECT_EQ(invoker_.calls.size(), 1u);
}

TEST_F(OutboxDrainTest, ItemsWhoseTopicIsMissingWaitAndAreLoggedOnce) {
  Put(R"({"outboxId":{"S":"1"},"topic":{"S":"not-yet"},"message":{"S":"m"}})");
  EXPECT_EQ(Drain(), 0u);
  EXPECT_EQ(Drain(), 0u);
  EXPECT_EQ(Remaining(), 1u);
  EXPECT_EQ(log_.size(), 1u);
  EXPECT_NE(log_[0].find("item 1 waits"), std::string::npos) << log_[0];
  CreateTopicWithSubscriber("not-yet");
  EXPECT_EQ(Drain(), 1u);
  EXPECT_EQ(Remaining(), 0u);
}

TEST_F(OutboxDrainTest, DrainsMoreThanOnePage) {
  CreateTopicWithSubscriber("customer-events");
  drain_ = std::make_unique<OutboxDrain>(
      *dynamodb_, *events_, std::vector<OutboxTable>{{"outbox", "customer-events"}},
      [](const std::string&) {}, OutboxOptions{.page_size = 7});
  for (int i = 0; i < 30; ++i) {
    Put(R"({"outboxId":{"S":"id)" + std::to_string(i) + R"("},"message":{"S":"m"}})");
  }
  EXPECT_EQ(Drain(), 30u);
  EXPECT_EQ(Remaining(), 0u);
  EXPECT_EQ(invoker_.calls.size(), 30u);
}

TEST_F(OutboxDrainTest, AMissingTableIsLoggedNotFatal) {
  OutboxDrain drain(*dynamodb_, *events_, {{"nope", "t"}},
                    [this](const std::string& l) { log_.push_back(l); });
  EXPECT_EQ(drain.DrainOnce(), 0u);
  EXPECT_EQ(drain.DrainOnce(), 0u);
  EXPECT_EQ(log_.size(), 1u);
}

}  // namespace
}  // namespace nimbus::events
