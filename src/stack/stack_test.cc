#include "stack/stack.h"

#include <gtest/gtest.h>

#include <fstream>

namespace nimbus::stack {
namespace {

class StackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("stack_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::expected<Stack, std::string> Load(const std::string& yaml) {
    std::ofstream(dir_ / "stack.yaml") << yaml;
    return LoadStack(dir_);
  }

  std::filesystem::path dir_;
};

TEST_F(StackTest, ReadsFunctionsTablesRolesAndApi) {
  auto stack = Load(R"(
name: people
region: eu-west-1
account_id: "123456789012"
api: {name: people-api, openapi: openapi.yaml, stage: prod}
functions:
  people:
    code: apps/people
    memory_size: 256
    timeout: 10
    role: people-role
    environment: {PEOPLE_TABLE: people}
tables:
  people:
    attributes: {personId: S, createdAt: N}
    key: {hash: personId, range: createdAt}
roles:
  people-role:
    policy:
      Version: "2012-10-17"
      Statement: [{Effect: Allow, Action: ["dynamodb:GetItem"], Resource: "*"}]
)");
  ASSERT_TRUE(stack) << stack.error();
  EXPECT_EQ(stack->region, "eu-west-1");
  ASSERT_TRUE(stack->api);
  EXPECT_EQ(stack->api->openapi, std::filesystem::absolute(dir_) / "openapi.yaml");
  EXPECT_EQ(stack->api->stage, "prod");
  ASSERT_EQ(stack->functions.size(), 1u);
  EXPECT_EQ(stack->functions[0].memory_size, 256);
  EXPECT_EQ(stack->functions[0].environment.at("PEOPLE_TABLE"), "people");
  EXPECT_EQ(stack->functions[0].handler, "bootstrap");
  ASSERT_EQ(stack->tables.size(), 1u);
  EXPECT_EQ(stack->tables[0].hash_key, "personId");
  EXPECT_EQ(stack->tables[0].range_key, "createdAt");
  ASSERT_EQ(stack->roles.size(), 1u);
  EXPECT_NE(stack->roles[0].policy_json.find("\"dynamodb:GetItem\""), std::string::npos);
  ASSERT_EQ(stack->credentials.size(), 1u);
  EXPECT_EQ(stack->credentials[0].access_key_id, "test");
}

TEST_F(StackTest, UnknownKeyIsReportedWithFileAndPath) {
  auto stack = Load("name: x\nfunctions:\n  f:\n    code: c\n    memroy_size: 1\n");
  ASSERT_FALSE(stack);
  EXPECT_NE(stack.error().find("stack.yaml: functions.f.memroy_size: unknown key"),
            std::string::npos)
      << stack.error();
}

TEST_F(StackTest, MemoryOutsideLambdaBoundsIsRefused) {
  auto stack = Load("name: x\nfunctions:\n  f: {code: c, memory_size: 64}\n");
  ASSERT_FALSE(stack);
  EXPECT_NE(stack.error().find("functions.f.memory_size: must be between 128 and 10240"),
            std::string::npos)
      << stack.error();
}

TEST_F(StackTest, ProvisionedConcurrencyIsReadAndBounded) {
  auto stack = Load("name: x\nfunctions:\n  f: {code: c, provisioned_concurrency: 2}\n");
  ASSERT_TRUE(stack) << stack.error();
  EXPECT_EQ(stack->functions[0].provisioned_concurrency, 2);
  auto none = Load("name: x\nfunctions:\n  f: {code: c}\n");
  ASSERT_TRUE(none) << none.error();
  EXPECT_EQ(none->functions[0].provisioned_concurrency, 0);
  auto over = Load("name: x\nfunctions:\n  f: {code: c, provisioned_concurrency: 1001}\n");
  ASSERT_FALSE(over);
  EXPECT_NE(over.error().find("functions.f.provisioned_concurrency: must be between 0 and 1000"),
            std::string::npos)
      << over.error();
}

TEST_F(StackTest, TimeoutOutsideLambdaBoundsIsRefused) {
  auto stack = Load("name: x\nfunctions:\n  f: {code: c, timeout: 901}\n");
  ASSERT_FALSE(stack);
  EXPECT_NE(stack.error().find("must be between 1 and 900"), std::string::npos);
}

TEST_F(StackTest, ReservedConcurrencyIsOptionalAndNotNegative) {
  auto stack =
      Load("name: x\nfunctions:\n  f: {code: c, reserved_concurrency: 5}\n  g: {code: c}\n");
  ASSERT_TRUE(stack) << stack.error();
  EXPECT_EQ(stack->functions[0].reserved_concurrency, 5);
  EXPECT_FALSE(stack->functions[1].reserved_concurrency);
  auto negative = Load("name: x\nfunctions:\n  f: {code: c, reserved_concurrency: -1}\n");
  ASSERT_FALSE(negative);
  EXPECT_NE(negative.error().find("functions.f.reserved_concurrency: must be between 0 and"),
            std::string::npos)
      << negative.error();
}

TEST_F(StackTest, KeyAttributeMustBeDeclared) {
  auto stack = Load("name: x\ntables:\n  t: {attributes: {a: S}, key: {hash: b}}\n");
  ASSERT_FALSE(stack);
  EXPECT_NE(stack.error().find("key attribute b is not in attributes"), std::string::npos);
}

TEST_F(StackTest, ReadsIndexesAndTtl) {
  auto stack = Load(R"(
name: x
tables:
  customers:
    attributes: {customerId: S, status: S, createdDate: S}
    key: {hash: customerId}
    global_secondary_indexes:
      status-index: {hash: status, range: createdDate}
    ttl_attribute: expiresAt
)");
  ASSERT_TRUE(stack) << stack.error();
  const TableSpec& table = stack->tables.at(0);
  ASSERT_EQ(table.global_secondary_indexes.size(), 1u);
  EXPECT_EQ(table.global_secondary_indexes[0].name, "status-index");
  EXPECT_EQ(table.global_secondary_indexes[0].hash_key, "status");
  EXPECT_EQ(table.global_secondary_indexes[0].range_key, "createdDate");
  EXPECT_EQ(table.global_secondary_indexes[0].projection, "ALL");
  EXPECT_EQ(table.ttl_attribute, "expiresAt");
}

TEST_F(StackTest, IndexKeyAttributeMustBeDeclared) {
  auto stack = Load(
      "name: x\ntables:\n  t:\n    attributes: {a: S}\n    key: {hash: a}\n"
      "    global_secondary_indexes: {i: {hash: b}}\n");
  ASSERT_FALSE(stack);
  EXPECT_NE(stack.error().find("tables.t.global_secondary_indexes.i"), std::string::npos)
      << stack.error();
}

TEST_F(StackTest, UnknownRoleIsRefused) {
  auto stack = Load("name: x\nfunctions:\n  f: {code: c, role: nobody}\n");
  ASSERT_FALSE(stack);
  EXPECT_NE(stack.error().find("functions.f.role: unknown role nobody"), std::string::npos);
}

TEST_F(StackTest, MissingFileIsAnError) {
  auto stack = LoadStack(dir_ / "nowhere");
  ASSERT_FALSE(stack);
  EXPECT_NE(stack.error().find("cannot be read"), std::string::npos);
}

TEST(ShippedStack, TheRepositoryStackLoads) {
  auto stack = LoadStack(NIMBUS_STACK_DIR);
  ASSERT_TRUE(stack) << stack.error();
  EXPECT_EQ(stack->name, "people");
  ASSERT_TRUE(stack->api);
  EXPECT_TRUE(std::filesystem::exists(stack->api->openapi));
}

TEST_F(StackTest, ApiProtocolStageVariablesAndAccessLog) {
  auto http = Load(R"(
name: s
api:
  name: a
  openapi: o.yaml
  protocol: HTTP
  stage_variables: {table: people-dev, url: "https://x.example.com/a?b=c"}
  access_log_format: '$context.requestId $context.status'
  access_log_destination: both
)");
  ASSERT_TRUE(http.has_value()) << http.error();
  EXPECT_EQ(http->api->protocol, "HTTP");
  EXPECT_EQ(http->api->stage, "$default");  // an HTTP API's default stage
  EXPECT_EQ(http->api->stage_variables.at("table"), "people-dev");
  EXPECT_EQ(http->api->access_log_format, "$context.requestId $context.status");
  EXPECT_EQ(http->api->access_log_destination, "both");

  auto rest = Load("name: s\napi: {name: a, openapi: o.yaml}\n");
  ASSERT_TRUE(rest.has_value());
  EXPECT_EQ(rest->api->protocol, "REST");
  EXPECT_EQ(rest->api->stage, "dev");
  EXPECT_EQ(rest->api->access_log_destination, "file");
}

TEST_F(StackTest, ApiSettingsAreChecked) {
  auto error = [&](const std::string& api) {
    auto stack = Load("name: s\napi: {name: a, openapi: o.yaml, " + api + "}\n");
    EXPECT_FALSE(stack.has_value()) << api;
    return stack ? std::string() : stack.error();
  };
  EXPECT_NE(error("protocol: WEBSOCKET").find("api.protocol: must be REST or HTTP"),
            std::string::npos);
  EXPECT_NE(error("stage: $default").find("api.stage: must be"), std::string::npos);
  EXPECT_NE(error("stage: 'a b'").find("api.stage: must be"), std::string::npos);
  EXPECT_NE(error("stage_variables: {bad-name: x}").find("api.stage_variables.bad-name"),
            std::string::npos);
  EXPECT_NE(error("stage_variables: {ok: 'semi;colon'}").find("api.stage_variables.ok"),
            std::string::npos);
  EXPECT_NE(error("access_log_format: '$context.status'").find("must contain $context.requestId"),
            std::string::npos);
  EXPECT_NE(error("access_log_destination: syslog").find("must be file, stdout or both"),
            std::string::npos);
}

}  // namespace
}  // namespace nimbus::stack

namespace nimbus::stack {
namespace {

class StackEventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        ("stack_events_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::expected<Stack, std::string> Load(const std::string& yaml) {
    std::ofstream(dir_ / "stack.yaml") << yaml;
    return LoadStack(dir_);
  }
  std::filesystem::path dir_;
};

constexpr const char* kFunctions = R"(
name: shop
functions:
  notify: {code: apps/notify}
)";

TEST_F(StackEventsTest, ReadsTopicsRulesAndOutbox) {
  auto stack = Load(std::string(kFunctions) + R"(
topics:
  customer-events:
    subscriptions:
      - {protocol: lambda, endpoint: notify}
      - protocol: http
        endpoint: http://127.0.0.1:9000/hook
        filter_policy: {eventType: [CustomerRegistered]}
  quiet:
rules:
  big-orders:
    event_pattern:
      source: [shop]
      detail: {total: [{numeric: [">", 100]}], vip: [true], note: ["100"]}
    targets: [notify]
outbox: {table: outbox, topic: customer-events}
)");
  ASSERT_TRUE(stack) << stack.error();
  ASSERT_EQ(stack->topics.size(), 2u);
  EXPECT_EQ(stack->topics[0].name, "customer-events");
  ASSERT_EQ(stack->topics[0].subscriptions.size(), 2u);
  EXPECT_EQ(stack->topics[0].subscriptions[0].protocol, "lambda");
  EXPECT_EQ(stack->topics[0].subscriptions[0].endpoint, "notify");
  EXPECT_EQ(*stack->topics[0].subscriptions[1].filter_policy,
            R"({"eventType":["CustomerRegistered"]})");
  EXPECT_TRUE(stack->topics[1].subscriptions.empty());
  ASSERT_EQ(stack->rules.size(), 1u);
  EXPECT_EQ(stack->rules[0].bus, "default");
  EXPECT_EQ(
      stack->rules[0].event_pattern,
      R"({"source":["shop"],"detail":{"total":[{"numeric":[">",100]}],"vip":[true],"note":["100"]}})");
  EXPECT_EQ(stack->rules[0].targets, std::vector<std::string>{"notify"});
  ASSERT_EQ(stack->outboxes.size(), 1u);
  EXPECT_EQ(stack->outboxes[0].table, "outbox");
  EXPECT_EQ(stack->outboxes[0].topic, "customer-events");
}

TEST_F(StackEventsTest, RefusesUnknownFunctionsProtocolsAndKeys) {
  auto bad_function =
      Load(std::string(kFunctions) +
           "topics: {t: {subscriptions: [{protocol: lambda, endpoint: nobody}]}}\n");
  ASSERT_FALSE(bad_function);
  EXPECT_NE(
      bad_function.error().find("topics.t.subscriptions[0].endpoint: unknown function nobody"),
      std::string::npos);
  auto bad_protocol = Load(std::string(kFunctions) +
                           "topics: {t: {subscriptions: [{protocol: sqs, endpoint: q}]}}\n");
  ASSERT_FALSE(bad_protocol);
  EXPECT_NE(bad_protocol.error().find("must be lambda, http or https"), std::string::npos);
  auto bad_target = Load(std::string(kFunctions) +
                         "rules: {r: {event_pattern: {source: [x]}, targets: [ghost]}}\n");
  ASSERT_FALSE(bad_target);
  EXPECT_NE(bad_target.error().find("rules.r.targets: unknown function ghost"), std::string::npos);
  auto bad_key = Load(std::string(kFunctions) + "outbox: {table: o, topic: t, extra: 1}\n");
  ASSERT_FALSE(bad_key);
  EXPECT_NE(bad_key.error().find("outbox.extra: unknown key"), std::string::npos);
}

}  // namespace
}  // namespace nimbus::stack
