// The legacy (pre-expression) parameters through Service::Handle: Expected and
// ConditionalOperator, AttributeUpdates, KeyConditions, QueryFilter / ScanFilter and
// AttributesToGet, every ComparisonOperator, DynamoDB's validation messages, the refusal to
// mix both forms, and that a refused request changes nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "dynamodb/test_util.h"

namespace nimbus::dynamodb {
namespace {

using testing::Call;
using testing::Invoke;

std::string S(const boost::json::value& v) { return boost::json::serialize(v); }

// "Type: message" of an error reply, "OK" for a success.
std::string Outcome(const Call& c) {
  return c.status == 200 ? "OK" : c.type() + ": " + c.message();
}

std::string Invalid(const std::string& detail) {
  return "ValidationException: One or more parameter values were invalid: " + detail;
}

class LegacyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Service::Open({.data_dir = dir_.path() / "db"});
    ASSERT_TRUE(s.has_value()) << s.error();
    service_ = std::move(*s);
    ASSERT_EQ(Do("CreateTable", R"j({"TableName":"things","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]})j")
                  .status,
              200);
    ASSERT_EQ(Do("CreateTable", R"j({"TableName":"events","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
        {"AttributeName":"ts","AttributeType":"N"}],
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},
        {"AttributeName":"ts","KeyType":"RANGE"}]})j")
                  .status,
              200);
  }

  Call Do(std::string_view op, std::string_view body) { return Invoke(*service_, op, body); }

  void Put(std::string_view item) {
    ASSERT_EQ(Do("PutItem", R"({"TableName":"things","Item":)" + std::string(item) + "}").status,
              200);
  }

  std::string Get(std::string_view pk) {
    Call c = Do("GetItem", R"({"TableName":"things","ConsistentRead":true,"Key":{"pk":{"S":")" +
                               std::string(pk) + R"("}}})");
    const auto* item = c.body.as_object().if_contains("Item");
    return item ? S(*item) : "none";
  }

  // The pk values a Scan with this ScanFilter (and ConditionalOperator) returns, sorted.
  std::string ScanKeys(std::string_view filter, std::string_view op = "") {
    std::string body = R"({"TableName":"things","ScanFilter":)" + std::string(filter);
    if (!op.empty()) body += R"(,"ConditionalOperator":")" + std::string(op) + "\"";
    Call c = Do("Scan", body + "}");
    if (c.status != 200) return Outcome(c);
    std::set<std::string> keys;
    for (const auto& item : c.body.at("Items").as_array()) {
      keys.insert(std::string(item.at("pk").at("S").as_string()));
    }
    std::string out;
    for (const auto& k : keys) out += (out.empty() ? "" : ",") + k;
    return out;
  }

  std::string Filter(std::string_view attr, std::string_view op, std::string_view values) {
    return ScanKeys(R"({")" + std::string(attr) + R"(":{"ComparisonOperator":")" + std::string(op) +
                    R"(","AttributeValueList":)" + std::string(values) + "}}");
  }

  void PutSamples() {
    Put(R"({"pk":{"S":"i1"},"a":{"N":"1"},"s":{"S":"hello"},"set":{"SS":["x","y"]},
      "l":{"L":[{"N":"2"},{"S":"z"}]},"b":{"B":"aGkgdGhlcmU="},"f":{"BOOL":true}})");
    Put(R"({"pk":{"S":"i2"},"a":{"N":"5"},"s":{"S":"world"},"set":{"NS":["1"]}})");
    Put(R"({"pk":{"S":"i3"}})");
  }

  testing::TempDir dir_;
  std::unique_ptr<Service> service_;
};

TEST_F(LegacyTest, EveryComparisonOperatorInAScanFilter) {
  PutSamples();
  EXPECT_EQ(Filter("a", "EQ", R"([{"N":"1"}])"), "i1");
  EXPECT_EQ(Filter("set", "EQ", R"([{"SS":["y","x"]}])"), "i1");
  EXPECT_EQ(Filter("a", "EQ", R"([{"S":"1"}])"), "");  // another type never matches
  EXPECT_EQ(Filter("f", "EQ", R"([{"BOOL":true}])"), "i1");
  EXPECT_EQ(Filter("a", "NE", R"([{"N":"1"}])"), "i2,i3");  // a missing attribute is NE
  EXPECT_EQ(Filter("a", "LE", R"([{"N":"1"}])"), "i1");
  EXPECT_EQ(Filter("a", "LT", R"([{"N":"5"}])"), "i1");
  EXPECT_EQ(Filter("a", "GE", R"([{"N":"5"}])"), "i2");
  EXPECT_EQ(Filter("a", "GT", R"([{"N":"1"}])"), "i2");
  EXPECT_EQ(Filter("s", "GT", R"([{"S":"i"}])"), "i2");
  EXPECT_EQ(Filter("a", "NOT_NULL", "[]"), "i1,i2");
  EXPECT_EQ(Filter("a", "NULL", "[]"), "i3");
  EXPECT_EQ(Filter("s", "CONTAINS", R"([{"S":"ell"}])"), "i1");
  EXPECT_EQ(Filter("set", "CONTAINS", R"([{"S":"x"}])"), "i1");
  EXPECT_EQ(Filter("set", "CONTAINS", R"([{"N":"1"}])"), "i2");
  EXPECT_EQ(Filter("l", "CONTAINS", R"([{"N":"2"}])"), "i1");
  EXPECT_EQ(Filter("b", "CONTAINS", R"([{"B":"dGhlcmU="}])"), "i1");
  // NOT_CONTAINS is false when the attribute is missing (i3), unlike NE.
  EXPECT_EQ(Filter("s", "NOT_CONTAINS", R"([{"S":"ell"}])"), "i2");
  EXPECT_EQ(Filter("s", "NOT_CONTAINS", R"([{"N":"1"}])"), "i1,i2");
  EXPECT_EQ(Filter("s", "BEGINS_WITH", R"([{"S":"wor"}])"), "i2");
  EXPECT_EQ(Filter("b", "BEGINS_WITH", R"([{"B":"aGk="}])"), "i1");
  EXPECT_EQ(Filter("a", "BEGINS_WITH", R"([{"S":"1"}])"), "");
  EXPECT_EQ(Filter("a", "IN", R"([{"N":"1"},{"N":"7"}])"), "i1");
  EXPECT_EQ(Filter("set", "IN", R"([{"S":"x"}])"), "");  // IN tests the value, not members
  EXPECT_EQ(Filter("a", "BETWEEN", R"([{"N":"2"},{"N":"5"}])"), "i2");
  EXPECT_EQ(Filter("a", "BETWEEN", R"([{"N":"1"},{"N":"1"}])"), "i1");
}

TEST_F(LegacyTest, ConditionalOperatorJoinsTheFilter) {
  PutSamples();
  std::string two = R"({"a":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1"}]},
    "s":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"world"}]}})";
  EXPECT_EQ(ScanKeys(two), "");
  EXPECT_EQ(ScanKeys(two, "AND"), "");
  EXPECT_EQ(ScanKeys(two, "OR"), "i1,i2");
  EXPECT_EQ(ScanKeys(two, "XOR"),
            "ValidationException: 1 validation error detected: Value 'XOR' at "
            "'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value "
            "set: [OR, AND]");
  EXPECT_EQ(ScanKeys(R"({"a":{"ComparisonOperator":"NULL"}})", "OR"),
            "ValidationException: ConditionalOperator can only be used when Filter or Expected "
            "has two or more elements");
  EXPECT_EQ(ScanKeys("{}", "OR"),
            "ValidationException: ConditionalOperator cannot be used without Filter or Expected");
  EXPECT_EQ(Outcome(Do("Scan", R"({"TableName":"things","ConditionalOperator":"AND"})")),
            "ValidationException: ConditionalOperator cannot be used without Filter or Expected");
}

TEST_F(LegacyTest, OperatorArgumentCountsAndTypes) {
  auto count = [](const std::string& op) {
    return Invalid("Invalid number of argument(s) for the " + op + " ComparisonOperator");
  };
  for (std::string op : {"EQ", "NE", "LE", "LT", "GE", "GT", "CONTAINS", "NOT_CONTAINS",
                         "BEGINS_WITH", "IN", "BETWEEN"}) {
    EXPECT_EQ(Filter("a", op, "[]"), count(op)) << op;
  }
  for (std::string op : {"NULL", "NOT_NULL"}) {
    EXPECT_EQ(Filter("a", op, R"([{"S":"x"}])"), count(op)) << op;
  }
  for (std::string op :
       {"EQ", "NE", "LE", "LT", "GE", "GT", "CONTAINS", "NOT_CONTAINS", "BEGINS_WITH"}) {
    EXPECT_EQ(Filter("a", op, R"([{"S":"x"},{"S":"y"}])"), count(op)) << op;
  }
  EXPECT_EQ(Filter("a", "BETWEEN", R"([{"N":"1"},{"N":"2"},{"N":"3"}])"), count("BETWEEN"));
  EXPECT_EQ(ScanKeys(R"({"a":{"ComparisonOperator":"EQ"}})"), count("EQ"));

  auto type = [](const std::string& op, const std::string& t) {
    return Invalid("ComparisonOperator " + op + " is not valid for " + t + " AttributeValue type");
  };
  for (std::string op : {"LE", "LT", "GE", "GT", "IN"}) {
    EXPECT_EQ(Filter("a", op, R"([{"BOOL":true}])"), type(op, "BOOL")) << op;
    EXPECT_EQ(Filter("a", op, R"([{"SS":["x"]}])"), type(op, "SS")) << op;
    EXPECT_EQ(Filter("a", op, R"([{"L":[]}])"), type(op, "L")) << op;
  }
  for (std::string op : {"CONTAINS", "NOT_CONTAINS"}) {
    EXPECT_EQ(Filter("a", op, R"([{"NS":["1"]}])"), type(op, "NS")) << op;
    EXPECT_EQ(Filter("a", op, R"([{"M":{}}])"), type(op, "M")) << op;
  }
  EXPECT_EQ(Filter("a", "BEGINS_WITH", R"([{"N":"1"}])"), type("BEGINS_WITH", "N"));
  EXPECT_EQ(Filter("a", "BETWEEN", R"([{"NULL":true},{"NULL":true}])"), type("BETWEEN", "NULL"));
  EXPECT_EQ(Filter("a", "IN", R"([{"N":"3"},{"S":"dog"}])"),
            Invalid("AttributeValues inside AttributeValueList must be of same type"));
  EXPECT_EQ(Filter("a", "BETWEEN", R"([{"N":"4"},{"N":"3"}])"),
            "ValidationException: The BETWEEN condition was provided a range where the lower "
            "bound is greater than the upper bound");
  EXPECT_EQ(ScanKeys(R"({"a":{"AttributeValueList":[]}})"),
            "ValidationException: 1 validation error detected: Value null at "
            "'scanFilter.a.member.comparisonOperator' failed to satisfy constraint: Member must "
            "not be null");
  EXPECT_EQ(ScanKeys(R"({"a":{"ComparisonOperator":"LIKE"}})"),
            "ValidationException: 1 validation error detected: Value 'LIKE' at "
            "'scanFilter.a.member.comparisonOperator' failed to satisfy constraint: Member must "
            "satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, "
            "LE, BEGINS_WITH, GE, CONTAINS]");
}

TEST_F(LegacyTest, ExpectedOnPutUpdateAndDelete) {
  Put(R"({"pk":{"S":"p"},"a":{"N":"1"}})");
  // Exists false: only when the attribute is missing.
  EXPECT_EQ(Outcome(Do("PutItem", R"({"TableName":"things","Item":{"pk":{"S":"p"}},
    "Expected":{"pk":{"Exists":false}}})")),
            "ConditionalCheckFailedException: The conditional request failed");
  EXPECT_EQ(Outcome(Do("PutItem", R"({"TableName":"things","Item":{"pk":{"S":"q"}},
    "Expected":{"pk":{"Exists":false}}})")),
            "OK");
  // Value alone, and Exists true with Value, mean EQ.
  EXPECT_EQ(Outcome(Do("PutItem", R"({"TableName":"things","Item":{"pk":{"S":"p"},"a":{"N":"2"}},
    "Expected":{"a":{"Value":{"N":"1"}}}})")),
            "OK");
  EXPECT_EQ(Outcome(Do("UpdateItem", R"({"TableName":"things","Key":{"pk":{"S":"p"}},
    "AttributeUpdates":{"b":{"Value":{"S":"x"}}},
    "Expected":{"a":{"Exists":true,"Value":{"N":"1"}}}})")),
            "ConditionalCheckFailedException: The conditional request failed");
  EXPECT_EQ(Outcome(Do("UpdateItem", R"({"TableName":"things","Key":{"pk":{"S":"p"}},
    "AttributeUpdates":{"b":{"Value":{"S":"x"}}},
    "Expected":{"a":{"ComparisonOperator":"GT","Value":{"N":"1"}},"z":{"Exists":false}}})")),
            "OK");
  EXPECT_EQ(Get("p"), R"({"a":{"N":"2"},"b":{"S":"x"},"pk":{"S":"p"}})");
  // OR: one true condition is enough.
  EXPECT_EQ(Outcome(Do("DeleteItem", R"({"TableName":"things","Key":{"pk":{"S":"p"}},
    "Expected":{"a":{"Value":{"N":"7"}},"b":{"ComparisonOperator":"BEGINS_WITH",
      "AttributeValueList":[{"S":"x"}]}},"ConditionalOperator":"OR","ReturnValues":"ALL_OLD"})")),
            "OK");
  EXPECT_EQ(Get("p"), "none");
  // An empty Expected always holds.
  EXPECT_EQ(Outcome(Do("PutItem", R"({"TableName":"things","Item":{"pk":{"S":"p"}},
    "Expected":{}})")),
            "OK");
}

TEST_F(LegacyTest, ExpectedValidationMessages) {
  auto put = [&](std::string_view expected) {
    return Outcome(Do("PutItem", R"({"TableName":"things","Item":{"pk":{"S":"p"}},"Expected":)" +
                                     std::string(expected) + "}"));
  };
  EXPECT_EQ(put(R"({"a":{}})"),
            Invalid("Value must be provided when Exists is null for Attribute: a"));
  EXPECT_EQ(put(R"({"a":{"Exists":true}})"),
            Invalid("Value must be provided when Exists is true for Attribute: a"));
  EXPECT_EQ(put(R"({"a":{"Exists":false,"Value":{"S":"x"}}})"),
            Invalid("Value cannot be used when Exists is false for Attribute: a"));
  EXPECT_EQ(put(R"({"a":{"Exists":true,"ComparisonOperator":"LT"}})"),
            Invalid("Exists and ComparisonOperator cannot be used together for Attribute: a"));
  EXPECT_EQ(put(R"({"a":{"ComparisonOperator":"LT"}})"),
            Invalid("Value or AttributeValueList must be used with ComparisonOperator: LT for "
                    "Attribute: a"));
  EXPECT_EQ(put(R"({"a":{"ComparisonOperator":"EQ","Value":{"S":"x"},
    "AttributeValueList":[{"S":"x"}]}})"),
            Invalid("Value and AttributeValueList cannot be used together for Attribute: a"));
  EXPECT_EQ(put(R"({"a":{"AttributeValueList":[{"S":"x"}]}})"),
            Invalid("AttributeValueList can only be used with a ComparisonOperator for "
                    "Attribute: a"));
  EXPECT_EQ(put(R"({"a":{"ComparisonOperator":"NULL","Value":{"S":"x"}}})"),
            Invalid("Invalid number of argument(s) for the NULL ComparisonOperator"));
  EXPECT_EQ(put(R"({"a":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"N":"3"}]}})"),
            Invalid("ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"));
  // None of these wrote anything.
  EXPECT_EQ(Get("p"), "none");
}

TEST_F(LegacyTest, AttributeUpdatesActions) {
  Put(R"({"pk":{"S":"p"},"n":{"N":"5"},"ss":{"SS":["a","b","c"]},"l":{"L":[{"N":"1"}]},
    "gone":{"S":"x"}})");
  Call c = Do("UpdateItem", R"({"TableName":"things","Key":{"pk":{"S":"p"}},
    "AttributeUpdates":{
      "n":{"Action":"ADD","Value":{"N":"-2.5"}},
      "fresh":{"Action":"ADD","Value":{"N":"3"}},
      "ss":{"Action":"DELETE","Value":{"SS":["a","z"]}},
      "ns":{"Action":"ADD","Value":{"NS":["7"]}},
      "l":{"Action":"ADD","Value":{"L":[{"S":"two"},{"N":"1"}]}},
      "nl":{"Action":"ADD","Value":{"L":[{"BOOL":true}]}},
      "gone":{"Action":"DELETE"},
      "put":{"Value":{"M":{"k":{"S":"v"}}}}},
    "ReturnValues":"UPDATED_NEW"})");
  EXPECT_EQ(S(c.body),
            R"({"Attributes":{"fresh":{"N":"3"},"l":{"L":[{"N":"1"},{"S":"two"},{"N":"1"}]},)"
            R"("n":{"N":"2.5"},"nl":{"L":[{"BOOL":true}]},"ns":{"NS":["7"]},)"
            R"("put":{"M":{"k":{"S":"v"}}},"ss":{"SS":["b","c"]}}})");
  EXPECT_EQ(Get("p"),
            R"({"fresh":{"N":"3"},"l":{"L":[{"N":"1"},{"S":"two"},{"N":"1"}]},"n":{"N":"2.5"},)"
            R"("nl":{"L":[{"BOOL":true}]},"ns":{"NS":["7"]},"pk":{"S":"p"},)"
            R"("put":{"M":{"k":{"S":"v"}}},"ss":{"SS":["b","c"]}})");
  // Removing every element removes the attribute.
  Do("UpdateItem", R"({"TableName":"things","Key":{"pk":{"S":"p"}},
    "AttributeUpdates":{"ss":{"Action":"DELETE","Value":{"SS":["b","c"]}}}})");
  EXPECT_EQ(Get("p").find("\"ss\""), std::string::npos);
}

TEST_F(LegacyTest, AttributeUpdatesOnAMissingItem) {
  // ADD and PUT create the item; an update that only deletes does not.
  EXPECT_EQ(Outcome(Do("UpdateItem", R"({"TableName":"things","Key":{"pk":{"S":"a"}},
    "AttributeUpdates":{"x":{"Action":"DELETE"},"y":{"Action":"DELETE","Value":{"NS":["1"]}}}})")),
            "OK");
  EXPECT_EQ(Get("a"), "none");
  Do("UpdateItem", R"({"TableName":"things","Key":{"pk":{"S":"a"}},
    "AttributeUpdates":{"l":{"Action":"ADD","Value":{"L":[{"N":"1"}]}}}})");
  EXPECT_EQ(Get("a"), R"({"l":{"L":[{"N":"1"}]},"pk":{"S":"a"}})");
  Do("UpdateItem", R"({"TableName":"things","Key":{"pk":{"S":"b"}},"AttributeUpdates":{}})");
  EXPECT_EQ(Get("b"), R"({"pk":{"S":"b"}})");
}

TEST_F(LegacyTest, AttributeUpdatesErrors) {
  Put(R"({"pk":{"S":"p"},"s":{"S":"x"},"ns":{"NS":["1"]}})");
  auto update = [&](std::string_view updates) {
    return Outcome(
        Do("UpdateItem", R"({"TableName":"things","Key":{"pk":{"S":"p"}},"AttributeUpdates":)" +
                             std::string(updates) + "}"));
  };
  EXPECT_EQ(update(R"({"s":{"Action":"PUT"}})"),
            Invalid("Only DELETE action is allowed when no attribute value is specified"));
  EXPECT_EQ(update(R"({"s":{"Action":"DELETE","Value":{"S":"x"}}})"),
            Invalid("DELETE action with value is not supported for the type S"));
  EXPECT_EQ(update(R"({"s":{"Action":"DELETE","Value":{"L":[]}}})"),
            Invalid("DELETE action with value is not supported for the type L"));
  EXPECT_EQ(update(R"({"s":{"Action":"ADD","Value":{"S":"y"}}})"),
            Invalid("ADD action is not supported for the type S"));
  EXPECT_EQ(update(R"({"s":{"Action":"ADD","Value":{"M":{}}}})"),
            Invalid("ADD action is not supported for the type M"));
  EXPECT_EQ(update(R"({"s":{"Action":"APPEND","Value":{"S":"y"}}})"),
            "ValidationException: 1 validation error detected: Value 'APPEND' at "
            "'attributeUpdates.s.member.action' failed to satisfy constraint: Member must "
            "satisfy enum value set: [ADD, PUT, DELETE]");
  EXPECT_EQ(update(R"({"s":{"Action":"ADD","Value":{"N":"1"}}})"),
            "ValidationException: Type mismatch for attribute to update");
  EXPECT_EQ(update(R"({"s":{"Action":"ADD","Value":{"L":[]}}})"),
            "ValidationException: Type mismatch for attribute to update");
  EXPECT_EQ(update(R"({"ns":{"Action":"DELETE","Value":{"SS":["1"]}}})"),
            "ValidationException: Type mismatch for attribute to update");
  EXPECT_EQ(update(R"({"pk":{"Value":{"S":"q"}}})"),
            Invalid("Cannot update attribute pk. This attribute is part of the key"));
  EXPECT_EQ(Get("p"), R"({"ns":{"NS":["1"]},"pk":{"S":"p"},"s":{"S":"x"}})");
}

TEST_F(LegacyTest, MixingTheTwoFormsIsRefused) {
  auto mixed = [](const std::string& legacy, const std::string& expressions) {
    return "ValidationException: Can not use both expression and non-expression parameters in "
           "the same request: Non-expression parameters: {" +
           legacy + "} Expression parameters: {" + expressions + "}";
  };
  EXPECT_EQ(Outcome(Do("UpdateItem", R"({"TableName":"things","Key":{"pk":{"S":"p"}},
    "AttributeUpdates":{"a":{"Value":{"S":"v"}}},"Expected":{"a":{"Exists":false}},
    "ConditionalOperator":"AND","UpdateExpression":"SET a = :v",
    "ConditionExpression":"pk <> a","ExpressionAttributeValues":{":v":{"S":"x"}}})")),
            mixed("AttributeUpdates, Expected, ConditionalOperator",
                  "UpdateExpression, ConditionExpression"));
  EXPECT_EQ(Outcome(Do("PutItem", R"({"TableName":"things","Item":{"pk":{"S":"p"}},
    "ConditionalOperator":"AND","ConditionExpression":"pk <> a"})")),
            mixed("ConditionalOperator", "ConditionExpression"));
  EXPECT_EQ(Outcome(Do("DeleteItem", R"({"TableName":"things","Key":{"pk":{"S":"p"}},
    "Expected":{"a":{"Exists":false}},"ConditionExpression":"pk <> a"})")),
            mixed("Expected", "ConditionExpression"));
  EXPECT_EQ(Outcome(Do("GetItem", R"({"TableName":"things","Key":{"pk":{"S":"p"}},
    "AttributesToGet":["a"],"ProjectionExpression":"b"})")),
            mixed("AttributesToGet", "ProjectionExpression"));
  EXPECT_EQ(Outcome(Do("Scan", R"({"TableName":"things","AttributesToGet":["a"],
    "ScanFilter":{"a":{"ComparisonOperator":"NULL"}},"ConditionalOperator":"AND",
    "FilterExpression":"a = :v","ProjectionExpression":"b",
    "ExpressionAttributeValues":{":v":{"S":"x"},":unused":{"S":"y"}}})")),
            mixed("AttributesToGet, ScanFilter, ConditionalOperator",
                  "ProjectionExpression, FilterExpression"));
  EXPECT_EQ(Outcome(Do("Query", R"({"TableName":"things",
    "KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]}},
    "QueryFilter":{"a":{"ComparisonOperator":"NULL"}},"ConditionalOperator":"AND",
    "KeyConditionExpression":"pk = :p","FilterExpression":"a = :v","ProjectionExpression":"b",
    "ExpressionAttributeValues":{":p":{"S":"p"},":v":{"S":"x"}}})")),
            mixed("QueryFilter, ConditionalOperator, KeyConditions",
                  "ProjectionExpression, FilterExpression, KeyConditionExpression"));
  EXPECT_EQ(Outcome(Do("BatchGetItem", R"({"RequestItems":{"things":{
    "Keys":[{"pk":{"S":"p"}}],"AttributesToGet":["a"],"ProjectionExpression":"a"}}})")),
            mixed("AttributesToGet", "ProjectionExpression"));
  EXPECT_EQ(Get("p"), "none");
}

TEST_F(LegacyTest, ParametersAnOperationDoesNotTakeAreIgnored) {
  Put(R"({"pk":{"S":"p"},"a":{"N":"1"}})");
  // GetItem has no Expected; DynamoDB ignores members an operation does not define.
  EXPECT_EQ(Outcome(Do("GetItem", R"({"TableName":"things","Key":{"pk":{"S":"p"}},
    "Expected":{"a":{"Exists":false}},"ConsistentRead":true})")),
            "OK");
}

TEST_F(LegacyTest, AttributesToGet) {
  Put(R"({"pk":{"S":"p"},"a":{"N":"1"},"b":{"S":"x"},"c":{"BOOL":true}})");
  Call get = Do("GetItem", R"({"TableName":"things","Key":{"pk":{"S":"p"}},
    "AttributesToGet":["b","a","nope","a.b"]})");
  EXPECT_EQ(S(get.body), R"({"Item":{"a":{"N":"1"},"b":{"S":"x"}}})");
  EXPECT_EQ(Outcome(Do("GetItem", R"({"TableName":"things","Key":{"pk":{"S":"p"}},
    "AttributesToGet":["a","b","a"]})")),
            Invalid("Duplicate value in attribute name: a"));
  EXPECT_EQ(Outcome(Do("GetItem", R"({"TableName":"things","Key":{"pk":{"S":"p"}},
    "AttributesToGet":[]})")),
            "ValidationException: 1 validation error detected: Value '[]' at 'attributesToGet' "
            "failed to satisfy constraint: Member must have length greater than or equal to 1");
  Call batch = Do("BatchGetItem", R"({"RequestItems":{"things":{"Keys":[{"pk":{"S":"p"}}],
    "AttributesToGet":["c"]}}})");
  EXPECT_EQ(S(batch.body.at("Responses")), R"({"things":[{"c":{"BOOL":true}}]})");
  Call scan = Do("Scan", R"({"TableName":"things","AttributesToGet":["pk","c"],
    "Select":"SPECIFIC_ATTRIBUTES"})");
  EXPECT_EQ(S(scan.body.at("Items")), R"([{"c":{"BOOL":true},"pk":{"S":"p"}}])");
  EXPECT_EQ(Outcome(Do("Scan", R"({"TableName":"things","AttributesToGet":["a"],
    "Select":"COUNT"})")),
            "ValidationException: Cannot specify the AttributesToGet when choosing to get only "
            "the Count");
  EXPECT_EQ(Outcome(Do("Query", R"({"TableName":"things","AttributesToGet":["a"],
    "Select":"ALL_ATTRIBUTES",
    "KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]}}})")),
            "ValidationException: 1 validation error detected: Cannot specify the "
            "AttributesToGet when choosing to get ALL_ATTRIBUTES");
  EXPECT_EQ(Outcome(Do("Scan", R"({"TableName":"things","Select":"SPECIFIC_ATTRIBUTES"})")),
            "ValidationException: Must specify the AttributesToGet or ProjectionExpression when "
            "choosing to get SPECIFIC_ATTRIBUTES");
}

class LegacyQueryTest : public LegacyTest {
 protected:
  void SetUp() override {
    LegacyTest::SetUp();
    for (int ts : {1, 2, 3, 10, 20}) {
      std::string item = R"({"pk":{"S":"u"},"ts":{"N":")" + std::to_string(ts) +
                         R"("},"tag":{"S":"t)" + std::to_string(ts % 2) + R"("}})";
      ASSERT_EQ(Do("PutItem", R"({"TableName":"events","Item":)" + item + "}").status, 200);
    }
    ASSERT_EQ(
        Do("PutItem", R"({"TableName":"events","Item":{"pk":{"S":"v"},"ts":{"N":"1"}}})").status,
        200);
  }

  // The ts values a Query returns, in order; the error otherwise.
  std::string Ts(std::string_view extra) {
    Call c = Do("Query", R"({"TableName":"events",)" + std::string(extra) + "}");
    if (c.status != 200) return Outcome(c);
    std::string out;
    for (const auto& item : c.body.at("Items").as_array()) {
      out += (out.empty() ? "" : ",") + std::string(item.at("ts").at("N").as_string());
    }
    return out;
  }

  static std::string Key(std::string_view range_op = "", std::string_view range_values = "") {
    std::string kc = R"("KeyConditions":{"pk":{"ComparisonOperator":"EQ",
      "AttributeValueList":[{"S":"u"}]})";
    if (!range_op.empty()) {
      kc += R"(,"ts":{"ComparisonOperator":")" + std::string(range_op) +
            R"(","AttributeValueList":)" + std::string(range_values) + "}";
    }
    return kc + "}";
  }
};

TEST_F(LegacyQueryTest, KeyConditionsSelectTheRange) {
  EXPECT_EQ(Ts(Key()), "1,2,3,10,20");
  EXPECT_EQ(Ts(Key("EQ", R"([{"N":"3"}])")), "3");
  EXPECT_EQ(Ts(Key("LT", R"([{"N":"3"}])")), "1,2");
  EXPECT_EQ(Ts(Key("LE", R"([{"N":"3"}])")), "1,2,3");
  EXPECT_EQ(Ts(Key("GT", R"([{"N":"3"}])")), "10,20");
  EXPECT_EQ(Ts(Key("GE", R"([{"N":"3"}])")), "3,10,20");
  EXPECT_EQ(Ts(Key("BETWEEN", R"([{"N":"2"},{"N":"10"}])")), "2,3,10");
  EXPECT_EQ(Ts(Key() + R"(,"ScanIndexForward":false,"Limit":2)"), "20,10");
  EXPECT_EQ(Ts(Key() + R"(,"QueryFilter":{"tag":{"ComparisonOperator":"EQ",
    "AttributeValueList":[{"S":"t0"}]}})"),
            "2,10,20");
  // KeyConditions may go with a FilterExpression or ProjectionExpression.
  EXPECT_EQ(Ts(Key() + R"(,"FilterExpression":"tag = :t",
    "ExpressionAttributeValues":{":t":{"S":"t1"}})"),
            "1,3");
  EXPECT_EQ(Ts(Key("GT", R"([{"N":"10"}])") + R"(,"AttributesToGet":["ts"])"), "20");
}

TEST_F(LegacyQueryTest, KeyConditionErrors) {
  EXPECT_EQ(Ts(R"("KeyConditions":{"ts":{"ComparisonOperator":"EQ",
    "AttributeValueList":[{"N":"1"}]}})"),
            "ValidationException: Query condition missed key schema element: pk");
  EXPECT_EQ(Ts(Key("NE", R"([{"N":"1"}])")),
            "ValidationException: Attempted conditional constraint is not an indexable operation");
  EXPECT_EQ(Ts(Key("BEGINS_WITH", R"([{"S":"1"}])")),
            Invalid("Condition parameter type does not match schema type"));
  EXPECT_EQ(Ts(Key("BEGINS_WITH", R"([{"N":"1"}])")),
            Invalid("ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"));
  EXPECT_EQ(Ts(R"("KeyConditions":{"pk":{"ComparisonOperator":"GT",
    "AttributeValueList":[{"S":"u"}]}})"),
            "ValidationException: Query key condition not supported");
  EXPECT_EQ(
      Ts(R"("KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"u"}]},
    "tag":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"t1"}]}})"),
      "ValidationException: Query condition missed key schema element: ts");
  EXPECT_EQ(Ts(R"("KeyConditions":{})"),
            "ValidationException: Conditions can be of length 1 or 2 only");
  EXPECT_EQ(Ts(Key() + R"(,"QueryFilter":{"ts":{"ComparisonOperator":"NOT_NULL"}})"),
            "ValidationException: QueryFilter can only contain non-primary key attributes: "
            "Primary key attribute: ts");
  EXPECT_EQ(Ts(R"("ConditionalOperator":"AND")"),
            "ValidationException: ConditionalOperator cannot be used without Filter or Expected");
  EXPECT_EQ(Outcome(Do("Query", R"({"TableName":"things","KeyConditions":{
    "pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"u"}]},
    "x":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"u"}]}}})")),
            "ValidationException: Query key condition not supported");
}

TEST_F(LegacyTest, ValidationComesBeforeTheTableAndTheTableNameFirst) {
  EXPECT_EQ(Outcome(Do("Scan", R"({"TableName":"nope","ScanFilter":{"a":{
    "ComparisonOperator":"EQ"}}})")),
            Invalid("Invalid number of argument(s) for the EQ ComparisonOperator"));
  EXPECT_EQ(Outcome(Do("Scan", R"({"TableName":"nope","ScanFilter":{"a":{
    "ComparisonOperator":"NULL"}}})"))
                .substr(0, 25),
            "ResourceNotFoundException");
  EXPECT_EQ(Outcome(Do("PutItem", R"({"TableName":"aa","Item":{"pk":{"S":"x"}},
    "ConditionalOperator":"AND","ConditionExpression":"pk <> a"})")),
            "ValidationException: 1 validation error detected: Value 'aa' at 'tableName' failed "
            "to satisfy constraint: Member must have length greater than or equal to 3");
}

}  // namespace
}  // namespace nimbus::dynamodb
