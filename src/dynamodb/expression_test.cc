#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "dynamodb/attribute_json.h"
#include "dynamodb/expression_eval.h"
#include "dynamodb/expression_parser.h"
#include "dynamodb/update_eval.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

class ExpressionTest : public ::testing::Test {
 protected:
  ExpressionContext Context() {
    auto ctx = MakeExpressionContext(json::parse(R"({
      "ExpressionAttributeNames": {"#n": "name", "#d": "dotted.part", "#s": "status"},
      "ExpressionAttributeValues": {":one": {"N": "1"}, ":five": {"N": "5.0"},
        ":ten": {"N": "10"}, ":bob": {"S": "Bob"}, ":b": {"S": "B"}, ":x": {"S": "x"},
        ":S": {"S": "S"}, ":L": {"S": "L"}, ":list": {"L": [{"S": "z"}]}, ":bad": {"S": "Q"},
        ":ss": {"SS": ["red"]}, ":v": {"S": "v"}}
    })")
                                         .as_object());
    EXPECT_TRUE(ctx.has_value());
    return *ctx;
  }

  Item item_ = *ItemFromJson(json::parse(R"({
    "id": {"S": "p1"}, "name": {"S": "Bob"}, "age": {"N": "5"}, "dotted.part": {"S": "v"},
    "tags": {"SS": ["red", "blue"]}, "lst": {"L": [{"S": "x"}, {"N": "1"}]},
    "address": {"M": {"city": {"S": "Oslo"}, "zip": {"N": "123"}}}, "nothing": {"NULL": true}
  })"));

  // Evaluates `expr` against item_, or returns the error message.
  std::string Eval(std::string_view expr) {
    auto ctx = Context();
    auto c = ParseCondition(expr, "ConditionExpression", ctx);
    if (!c) return c.error().message;
    auto r = EvaluateCondition(*c, item_);
    if (!r) return r.error().message;
    return *r ? "true" : "false";
  }
};

TEST_F(ExpressionTest, Comparators) {
  EXPECT_EQ(Eval("#n = :bob"), "true");
  EXPECT_EQ(Eval("age = :five"), "true");  // 5 == 5.0 numerically
  EXPECT_EQ(Eval("age <> :five"), "false");
  EXPECT_EQ(Eval("age < :ten"), "true");
  EXPECT_EQ(Eval("age <= :five"), "true");
  EXPECT_EQ(Eval("age > :ten"), "false");
  EXPECT_EQ(Eval("age >= :one"), "true");
  EXPECT_EQ(Eval("#n > :b"), "true");
  EXPECT_EQ(Eval("age < :bob"), "false");  // different types never compare
  EXPECT_EQ(Eval("absent = :one"), "false");
  EXPECT_EQ(Eval("absent <> :one"), "true");
}

TEST_F(ExpressionTest, BetweenAndIn) {
  EXPECT_EQ(Eval("age BETWEEN :one AND :ten"), "true");
  EXPECT_EQ(Eval("age between :five and :five"), "true");
  EXPECT_NE(Eval("age BETWEEN :ten AND :one").find("BETWEEN operator requires upper bound"),
            std::string::npos);
  EXPECT_EQ(Eval("age IN (:one, :five)"), "true");
  EXPECT_EQ(Eval("age IN (:one, :ten)"), "false");
  EXPECT_EQ(Eval("#n IN (:bob)"), "true");
}

TEST_F(ExpressionTest, PrecedenceAndParentheses) {
  // AND binds tighter than OR; NOT tighter than AND.
  EXPECT_EQ(Eval("age = :one OR age = :five AND #n = :bob"), "true");
  EXPECT_EQ(Eval("(age = :one OR age = :five) AND #n = :b"), "false");
  EXPECT_EQ(Eval("age = :five OR age = :one AND #n = :b"), "true");
  EXPECT_EQ(Eval("NOT age = :one AND #n = :bob"), "true");
  EXPECT_EQ(Eval("NOT (age = :five AND #n = :bob)"), "false");
  EXPECT_EQ(Eval("not not age = :five"), "true");
}

TEST_F(ExpressionTest, Functions) {
  EXPECT_EQ(Eval("attribute_exists(id)"), "true");
  EXPECT_EQ(Eval("attribute_not_exists(id)"), "false");
  EXPECT_EQ(Eval("attribute_exists(address.city)"), "true");
  EXPECT_EQ(Eval("attribute_exists(address.country)"), "false");
  EXPECT_EQ(Eval("attribute_exists(nothing)"), "true");
  EXPECT_EQ(Eval("attribute_type(#n, :S)"), "true");
  EXPECT_EQ(Eval("attribute_type(lst, :L)"), "true");
  EXPECT_NE(Eval("attribute_type(lst, :bad)").find("Invalid attribute type name"),
            std::string::npos);
  EXPECT_EQ(Eval("begins_with(#n, :b)"), "true");
  EXPECT_EQ(Eval("begins_with(#n, :x)"), "false");
  EXPECT_EQ(Eval("contains(tags, :ss)"), "false");  // a set is not an element
  EXPECT_EQ(Eval("contains(lst, :x)"), "true");
  EXPECT_EQ(Eval("contains(#n, :b)"), "true");
  EXPECT_EQ(Eval("size(#n) = :ten"), "false");
  EXPECT_EQ(Eval("size(tags) < :five"), "true");
  EXPECT_EQ(Eval("size(address) BETWEEN :one AND :five"), "true");
}

TEST_F(ExpressionTest, DocumentPaths) {
  EXPECT_EQ(Eval("lst[0] = :x"), "true");
  EXPECT_EQ(Eval("lst[1] = :one"), "true");
  EXPECT_EQ(Eval("attribute_exists(lst[2])"), "false");
  EXPECT_EQ(Eval("address.city = :x"), "false");
  EXPECT_EQ(Eval("#d = :v"), "true");  // a name with a dot, through a placeholder
  EXPECT_EQ(Eval("attribute_exists(dotted.part)"), "false");  // without: a nested path
}

TEST_F(ExpressionTest, ReservedWordsNeedPlaceholders) {
  EXPECT_EQ(Eval("name = :bob"),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved "
            "keyword: name");
  EXPECT_NE(Eval("address.Status = :bob").find("reserved keyword: Status"), std::string::npos);
  EXPECT_EQ(Eval("#s = :bob OR #n = :bob"), "true");
}

TEST_F(ExpressionTest, SyntaxAndPlaceholderErrors) {
  EXPECT_EQ(Eval("age = "),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \"");
  EXPECT_NE(Eval("age = :one AND").find("Syntax error"), std::string::npos);
  EXPECT_NE(Eval("(age = :one").find("Syntax error"), std::string::npos);
  EXPECT_NE(Eval("age = :one)").find("Syntax error"), std::string::npos);
  EXPECT_EQ(Eval("#zz = :one"),
            "Invalid ConditionExpression: An expression attribute name used in the document "
            "path is not defined; attribute name: #zz");
  EXPECT_EQ(Eval("age = :zz"),
            "Invalid ConditionExpression: An expression attribute value used in expression is "
            "not defined; attribute value: :zz");
  EXPECT_EQ(Eval("frobnicate(age)"),
            "Invalid ConditionExpression: Invalid function name; function: frobnicate");
  EXPECT_NE(Eval("attribute_exists(age, :one)").find("Incorrect number of operands"),
            std::string::npos);
  EXPECT_NE(Eval("age = :one ; drop").find("Invalid character"), std::string::npos);
  EXPECT_EQ(Eval(""), "Invalid ConditionExpression: The expression can not be empty;");
}

TEST_F(ExpressionTest, UnusedPlaceholdersAreRejected) {
  auto ctx = Context();
  ASSERT_TRUE(ParseCondition("#n = :bob", "ConditionExpression", ctx).has_value());
  auto ok = CheckAllPlaceholdersUsed(ctx);
  ASSERT_FALSE(ok.has_value());
  EXPECT_EQ(ok.error().message,
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#d, #s}");
}

TEST_F(ExpressionTest, ProjectionKeepsNesting) {
  auto ctx = Context();
  auto paths = ParseProjection("id, address.city, lst[1], absent", ctx);
  ASSERT_TRUE(paths.has_value());
  Item projected = Project(item_, *paths);
  EXPECT_EQ(json::serialize(ItemToJson(projected)),
            R"({"address":{"M":{"city":{"S":"Oslo"}}},"id":{"S":"p1"},"lst":{"L":[{"N":"1"}]}})");
  auto overlap = ParseProjection("address, address.city", ctx);
  ASSERT_FALSE(overlap.has_value());
  EXPECT_NE(overlap.error().message.find("Two document paths overlap"), std::string::npos);
}

class UpdateTest : public ExpressionTest {
 protected:
  std::string Apply(std::string_view expr) {
    auto ctx = Context();
    auto u = ParseUpdate(expr, ctx);
    if (!u) return u.error().message;
    auto r = ApplyUpdate(*u, item_);
    if (!r) return r.error().message;
    item_ = *r;
    return "ok";
  }
  std::string Get(std::string_view name) {
    auto it = item_.find(std::string(name));
    return it == item_.end() ? "missing" : json::serialize(AttributeToJson(it->second));
  }
};

TEST_F(UpdateTest, SetForms) {
  ASSERT_EQ(Apply("SET age = age + :one, #n = :b, ctr = if_not_exists(ctr, :ten)"), "ok");
  EXPECT_EQ(Get("age"), R"({"N":"6"})");
  EXPECT_EQ(Get("name"), R"({"S":"B"})");
  EXPECT_EQ(Get("ctr"), R"({"N":"10"})");
  ASSERT_EQ(Apply("SET ctr = if_not_exists(ctr, :one) - :five"), "ok");
  EXPECT_EQ(Get("ctr"), R"({"N":"5"})");
  ASSERT_EQ(Apply("SET lst = list_append(lst, :list)"), "ok");
  EXPECT_EQ(Get("lst"), R"({"L":[{"S":"x"},{"N":"1"},{"S":"z"}]})");
  ASSERT_EQ(Apply("SET lst = list_append(:list, lst)"), "ok");
  EXPECT_EQ(Get("lst"), R"({"L":[{"S":"z"},{"S":"x"},{"N":"1"},{"S":"z"}]})");
  ASSERT_EQ(Apply("SET address.city = :x, lst[1] = :one, lst[99] = :v"), "ok");
  EXPECT_EQ(Get("address"), R"({"M":{"city":{"S":"x"},"zip":{"N":"123"}}})");
  EXPECT_EQ(Get("lst"), R"({"L":[{"S":"z"},{"N":"1"},{"N":"1"},{"S":"z"},{"S":"v"}]})");
}

TEST_F(UpdateTest, SetUsesValuesFromBeforeTheUpdate) {
  ASSERT_EQ(Apply("SET age = :ten, cpy = age"), "ok");
  EXPECT_EQ(Get("cpy"), R"({"N":"5"})");
}

TEST_F(UpdateTest, RemoveAddDelete) {
  ASSERT_EQ(Apply("REMOVE #n, lst[0], address.zip"), "ok");
  EXPECT_EQ(Get("name"), "missing");
  EXPECT_EQ(Get("lst"), R"({"L":[{"N":"1"}]})");
  EXPECT_EQ(Get("address"), R"({"M":{"city":{"S":"Oslo"}}})");
  ASSERT_EQ(Apply("ADD age :five, tags :ss, fresh :one"), "ok");
  EXPECT_EQ(Get("age"), R"({"N":"10"})");
  EXPECT_EQ(Get("fresh"), R"({"N":"1"})");
  ASSERT_EQ(Apply("DELETE tags :ss"), "ok");
  EXPECT_EQ(Get("tags"), R"({"SS":["blue"]})");
}

TEST_F(UpdateTest, Errors) {
  EXPECT_EQ(Apply("SET x = absent + :one"),
            "The provided expression refers to an attribute that does not exist in the item");
  EXPECT_EQ(Apply("SET x = #n + :one"),
            "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(Apply("SET nowhere.deep = :one"),
            "The document path provided in the update expression is invalid for update");
  EXPECT_NE(Apply("SET a = :one SET b = :one").find("can only be used once"), std::string::npos);
  EXPECT_NE(Apply("SET age = :one REMOVE age").find("Two document paths overlap"),
            std::string::npos);
  EXPECT_NE(Apply("SET age :one").find("Syntax error"), std::string::npos);
  EXPECT_EQ(Apply("ADD tags :one"),
            "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(Apply("ADD tags :x"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; "
            "operator: ADD, operand type: STRING");
  EXPECT_NE(Apply("SET x = size(age)").find("not allowed"), std::string::npos);
}

}  // namespace
}  // namespace nimbus::dynamodb
