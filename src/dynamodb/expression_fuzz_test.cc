// Untrusted expressions never crash the parser or evaluator: random token soup and random
// bytes either parse or fail with a ValidationException.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <random>

#include "dynamodb/attribute_json.h"
#include "dynamodb/expression_eval.h"
#include "dynamodb/expression_parser.h"
#include "dynamodb/update_eval.h"

namespace nimbus::dynamodb {
namespace {

TEST(ExpressionFuzzTest, RandomInputsFailCleanly) {
  const char* pieces[] = {"a",
                          "b",
                          "#n",
                          ":v",
                          ":l",
                          "(",
                          ")",
                          "[",
                          "]",
                          "0",
                          "7",
                          ",",
                          ".",
                          "=",
                          "<>",
                          "<",
                          ">=",
                          "+",
                          "-",
                          "AND",
                          "OR",
                          "NOT",
                          "BETWEEN",
                          "IN",
                          "SET",
                          "REMOVE",
                          "ADD",
                          "DELETE",
                          "size",
                          "contains",
                          "begins_with",
                          "attribute_exists",
                          "if_not_exists",
                          "list_append",
                          "\x01",
                          "#",
                          ":"};
  auto ctx_json = boost::json::parse(R"j({"ExpressionAttributeNames":{"#n":"a"},
    "ExpressionAttributeValues":{":v":{"N":"1"},":l":{"L":[{"S":"x"}]}}})j");
  Item item =
      *ItemFromJson(boost::json::parse(R"j({"a":{"N":"1"},"b":{"L":[{"M":{"c":{"S":"x"}}}]}})j"));
  std::mt19937 rng(42);
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    int n = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) {
      text += pieces[rng() % std::size(pieces)];
      text += ' ';
    }
    if (round % 5 == 0) {
      for (char& c : text) {
        if (rng() % 7 == 0) c = static_cast<char>(rng());
      }
    }
    auto ctx = *MakeExpressionContext(ctx_json.as_object());
    if (auto c = ParseCondition(text, "ConditionExpression", ctx)) {
      auto r = EvaluateCondition(*c, item);
      if (!r) {
        EXPECT_EQ(r.error().code, "ValidationException");
      }
    } else {
      EXPECT_EQ(c.error().code, "ValidationException") << text;
    }
    if (auto u = ParseUpdate(text, ctx)) {
      auto r = ApplyUpdate(*u, item);
      if (!r) {
        EXPECT_EQ(r.error().code, "ValidationException") << text;
      }
    } else {
      EXPECT_EQ(u.error().code, "ValidationException") << text;
    }
    if (auto p = ParseProjection(text, ctx)) Project(item, *p);
  }
}

}  // namespace
}  // namespace nimbus::dynamodb
