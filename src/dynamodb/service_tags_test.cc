// Tags through Service::Handle: TagResource, UntagResource, ListTagsOfResource, CreateTable's
// Tags, the limits and errors, persistence, and DeleteTable removing them.
#include <gtest/gtest.h>

#include "dynamodb/test_util.h"

namespace nimbus::dynamodb {
namespace {

using testing::Call;
using testing::Invoke;

std::string S(const boost::json::value& v) { return boost::json::serialize(v); }

constexpr const char* kArn = "arn:aws:dynamodb:us-east-1:000000000000:table/people";

class TagsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Reopen();
    ASSERT_EQ(Create(R"(,"Tags":[{"Key":"team","Value":"core"}])"), 200);
  }
  int Create(const std::string& extra) {
    return Do("CreateTable", R"j({"TableName":"people","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}])j" +
                                 extra + "}")
        .status;
  }
  void Reopen() {
    service_.reset();
    auto s = Service::Open({.data_dir = dir_.path() / "db", .background_thread = false});
    ASSERT_TRUE(s.has_value()) << s.error();
    service_ = std::move(*s);
  }
  Call Do(std::string_view op, std::string_view body) { return Invoke(*service_, op, body); }
  Call Tag(const std::string& tags, const std::string& arn = kArn) {
    return Do("TagResource", R"({"ResourceArn":")" + arn + R"(","Tags":)" + tags + "}");
  }
  Call Untag(const std::string& keys) {
    return Do("UntagResource",
              std::string(R"({"ResourceArn":")") + kArn + R"(","TagKeys":)" + keys + "}");
  }
  std::string List(const std::string& arn = kArn) {
    Call c = Do("ListTagsOfResource", R"({"ResourceArn":")" + arn + R"("})");
    return c.status == 200 ? S(c.body) : c.type() + ": " + c.message();
  }
  static std::string Many(int from, int to) {
    std::string out = "[";
    for (int i = from; i < to; ++i) {
      out += (i > from ? "," : "") + std::string(R"({"Key":"k)") + std::to_string(i) +
             R"(","Value":"v"})";
    }
    return out + "]";
  }

  testing::TempDir dir_;
  std::unique_ptr<Service> service_;
};

TEST_F(TagsTest, TagUntagList) {
  EXPECT_EQ(List(), R"({"Tags":[{"Key":"team","Value":"core"}]})");
  ASSERT_EQ(Tag(R"([{"Key":"env","Value":"dev"},{"Key":"team","Value":"edge"}])").status, 200);
  EXPECT_EQ(List(), R"({"Tags":[{"Key":"team","Value":"edge"},{"Key":"env","Value":"dev"}]})");
  ASSERT_EQ(Untag(R"(["team","not-there"])").status, 200);
  EXPECT_EQ(List(), R"({"Tags":[{"Key":"env","Value":"dev"}]})");
  Reopen();
  EXPECT_EQ(List(), R"({"Tags":[{"Key":"env","Value":"dev"}]})");
  ASSERT_EQ(Do("DeleteTable", R"({"TableName":"people"})").status, 200);
  EXPECT_EQ(List(), std::string("ResourceNotFoundException: Requested resource not found: "
                                "ResourcArn: ") +
                        kArn + " not found");
  ASSERT_EQ(Create(""), 200);
  EXPECT_EQ(List(), R"({"Tags":[]})");
}

TEST_F(TagsTest, Limits) {
  ASSERT_EQ(Tag(Many(0, 49)).status, 200);  // 49 + "team" = 50
  Call over = Tag(Many(49, 50));
  EXPECT_EQ(over.type(), "ValidationException");
  EXPECT_EQ(over.message(), "Number of Tags exceed the current limit for the provided ResourceArn");
  EXPECT_EQ(Tag(R"([{"Key":"k0","Value":"new"}])").status, 200);  // replacing is fine at 50
  EXPECT_EQ(Untag(S(boost::json::array(51, "k"))).type(), "ValidationException");

  std::string key(limits::kMaxTagKeyLength, 'k'), value(limits::kMaxTagValueLength, 'v');
  ASSERT_EQ(Untag(R"(["k0"])").status, 200);
  EXPECT_EQ(Tag(R"([{"Key":")" + key + R"(","Value":")" + value + R"("}])").status, 200);
  EXPECT_EQ(Tag(R"([{"Key":")" + key + "k" + R"(","Value":"v"}])").message(),
            "The Tag Key provided is invalid, Key: " + key + "k");
  EXPECT_EQ(Tag(R"([{"Key":"x","Value":")" + value + "v" + R"("}])").message(),
            "The Tag Value provided is invalid, Value: " + value + "v");
}

TEST_F(TagsTest, Errors) {
  EXPECT_EQ(Tag("[]").message(), "Atleast one Tag needs to be provided as Input.");
  EXPECT_EQ(Untag("[]").message(), "Atleast one Tag Key needs to be provided as Input.");
  EXPECT_EQ(Tag(R"([{"Key":"aws:owner","Value":"x"}])").message(),
            "Tag Key cannot be prefixed with aws:, Key: aws:owner");
  EXPECT_EQ(Tag(R"([{"Key":"","Value":"x"}])").message(), "The Tag Key provided is invalid, Key: ");
  EXPECT_EQ(Tag(R"([{"Key":"a","Value":"1%"}])").message(),
            "The Tag Value provided is invalid, Value: 1%");
  EXPECT_EQ(Tag(R"([{"Key":"dup","Value":"1"},{"Key":"dup","Value":"2"}])").message(),
            "Duplicate Tag Keys provided as input: Duplicate Tag Key found dup");
  EXPECT_EQ(Tag(R"([{"Key":"ключ café","Value":"a+b-c=d.e_f:g/h@i"}])").status, 200);
  // A refused request applies nothing, not even its valid tags.
  EXPECT_EQ(Tag(R"([{"Key":"ok","Value":"1"},{"Key":"aws:x","Value":"2"}])").status, 400);
  EXPECT_EQ(List().find("\"ok\""), std::string::npos);

  EXPECT_EQ(Do("ListTagsOfResource", "{}").message(), "Invalid TableArn");
  Call denied = Do("ListTagsOfResource", R"({"ResourceArn":"abcd"})");
  EXPECT_EQ(denied.body.at("__type"), "com.amazon.coral.service#AccessDeniedException");
  EXPECT_EQ(denied.message(),
            "User: arn:aws:iam::000000000000:root is not authorized to perform: "
            "dynamodb:ListTagsOfResource on resource: abcd");
  std::string index_arn = std::string(kArn) + "/index/byX";
  EXPECT_EQ(
      List(index_arn),
      "ValidationException: Invalid TableArn: Invalid ResourceArn provided as input " + index_arn);
  EXPECT_EQ(
      Tag(R"([{"Key":"a","Value":"b"}])", "arn:aws:dynamodb:us-east-1:000000000000:table/ghost")
          .type(),
      "ResourceNotFoundException");
  EXPECT_EQ(Do("TagResource", std::string(R"({"ResourceArn":")") + kArn + R"("})").message(),
            "1 validation error detected: Value null at 'tags' failed to satisfy constraint: "
            "Member must not be null");
  // CreateTable refuses bad tags and creates nothing.
  Call bad = Do("CreateTable", R"j({"TableName":"other","BillingMode":"PAY_PER_REQUEST",
    "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
    "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"Tags":)j" +
                                   Many(0, 51) + "}");
  EXPECT_EQ(bad.type(), "ValidationException");
  EXPECT_EQ(Do("DescribeTable", R"({"TableName":"other"})").type(), "ResourceNotFoundException");
}

}  // namespace
}  // namespace nimbus::dynamodb
