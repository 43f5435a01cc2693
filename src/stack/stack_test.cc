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

TEST_F(StackTest, KeyAttributeMustBeDeclared) {
  auto stack = Load("name: x\ntables:\n  t: {attributes: {a: S}, key: {hash: b}}\n");
  ASSERT_FALSE(stack);
  EXPECT_NE(stack.error().find("key attribute b is not in attributes"), std::string::npos);
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

}  // namespace
}  // namespace nimbus::stack
