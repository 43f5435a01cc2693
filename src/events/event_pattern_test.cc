#include "events/event_pattern.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace nimbus::events {
namespace {

// The EventBridge documentation's sample event.
constexpr const char* kEvent = R"({
  "version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2",
  "account": "111122223333", "time": "2017-12-22T18:43:48Z", "region": "us-west-1",
  "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  "detail": {
    "instance-id": "i-1234567890abcdef0", "state": "terminated", "c-count": 5, "d-count": 0.5,
    "source-ip": "10.0.0.17", "tags": ["blue", "prod"], "optional": null,
    "location": {"city": "Paris", "zip": "75001"},
    "items": [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 3}]
  }
})";

bool Match(const char* pattern) {
  auto p = EventPattern::Parse(pattern);
  EXPECT_TRUE(p.has_value()) << pattern << ": " << (p ? "" : p.error());
  return p && p->Matches(boost::json::parse(kEvent));
}

std::string Invalid(const char* pattern) {
  auto p = EventPattern::Parse(pattern);
  EXPECT_FALSE(p.has_value()) << pattern;
  return p ? "" : p.error();
}

TEST(EventPatternTest, ExactValues) {
  EXPECT_TRUE(Match(R"({"source":["aws.ec2"]})"));
  EXPECT_TRUE(Match(R"({"source":["aws.s3","aws.ec2"]})"));
  EXPECT_FALSE(Match(R"({"source":["aws.s3"]})"));
  EXPECT_FALSE(Match(R"({"source":["AWS.EC2"]})"));
  EXPECT_TRUE(
      Match(R"({"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"]})"));
  EXPECT_FALSE(Match(R"({"source":["aws.ec2"],"detail-type":["other"]})"));
  EXPECT_TRUE(Match(R"({})"));
}

TEST(EventPatternTest, NumbersCompareByValueNotText) {
  EXPECT_TRUE(Match(R"({"detail":{"c-count":[5]}})"));
  EXPECT_TRUE(Match(R"({"detail":{"c-count":[5.0]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"c-count":["5"]}})"));
  EXPECT_TRUE(Match(R"({"detail":{"d-count":[0.5]}})"));
}

TEST(EventPatternTest, NullAndMissingFields) {
  EXPECT_TRUE(Match(R"({"detail":{"optional":[null]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"absent":[null]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"absent":["x"]}})"));
}

TEST(EventPatternTest, ArraysInTheEventMatchAnyElement) {
  EXPECT_TRUE(Match(R"({"detail":{"tags":["prod"]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"tags":["dev"]}})"));
  EXPECT_TRUE(Match(R"({"resources":[{"prefix":"arn:aws:ec2:"}]})"));
}

TEST(EventPatternTest, NestedObjectsAndArraysOfObjects) {
  EXPECT_TRUE(Match(R"({"detail":{"location":{"city":["Paris"]}}})"));
  EXPECT_FALSE(Match(R"({"detail":{"location":{"city":["Lyon"]}}})"));
  EXPECT_TRUE(Match(R"({"detail":{"items":{"sku":["B"],"qty":[3]}}})"));
  // Both fields must hold in the same element.
  EXPECT_FALSE(Match(R"({"detail":{"items":{"sku":["A"],"qty":[3]}}})"));
  EXPECT_FALSE(Match(R"({"detail":{"missing":{"x":["y"]}}})"));
}

TEST(EventPatternTest, PrefixAndSuffix) {
  EXPECT_TRUE(Match(R"({"source":[{"prefix":"aws."}]})"));
  EXPECT_FALSE(Match(R"({"source":[{"prefix":"AWS."}]})"));
  EXPECT_TRUE(Match(R"({"source":[{"prefix":{"equals-ignore-case":"AWS."}}]})"));
  EXPECT_TRUE(Match(R"({"detail":{"instance-id":[{"suffix":"def0"}]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"instance-id":[{"suffix":"DEF0"}]}})"));
  EXPECT_TRUE(Match(R"({"detail":{"instance-id":[{"suffix":{"equals-ignore-case":"DEF0"}}]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"c-count":[{"prefix":"5"}]}})"));
}

TEST(EventPatternTest, AnythingBut) {
  EXPECT_TRUE(Match(R"({"detail":{"state":[{"anything-but":"running"}]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"state":[{"anything-but":"terminated"}]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"state":[{"anything-but":["stopped","terminated"]}]}})"));
  EXPECT_TRUE(Match(R"({"detail":{"c-count":[{"anything-but":[1,2,3]}]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"c-count":[{"anything-but":5}]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"state":[{"anything-but":{"prefix":"term"}}]}})"));
  EXPECT_TRUE(Match(R"({"detail":{"state":[{"anything-but":{"prefix":"run"}}]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"state":[{"anything-but":{"suffix":"ated"}}]}})"));
  EXPECT_FALSE(
      Match(R"({"detail":{"state":[{"anything-but":{"equals-ignore-case":"TERMINATED"}}]}})"));
  EXPECT_TRUE(Match(R"({"detail":{"state":[{"anything-but":{"equals-ignore-case":["A","B"]}}]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"state":[{"anything-but":{"wildcard":"term*"}}]}})"));
  // anything-but never matches a field that is not there.
  EXPECT_FALSE(Match(R"({"detail":{"absent":[{"anything-but":"x"}]}})"));
}

TEST(EventPatternTest, Numeric) {
  EXPECT_TRUE(Match(R"({"detail":{"c-count":[{"numeric":[">",0]}]}})"));
  EXPECT_TRUE(Match(R"({"detail":{"c-count":[{"numeric":[">",0,"<=",5]}]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"c-count":[{"numeric":[">",0,"<",5]}]}})"));
  EXPECT_TRUE(Match(R"({"detail":{"c-count":[{"numeric":["=",5]}]}})"));
  EXPECT_TRUE(Match(R"({"detail":{"d-count":[{"numeric":[">=",0.5]}]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"d-count":[{"numeric":["<",0.5]}]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"state":[{"numeric":[">",0]}]}})"));
}

TEST(EventPatternTest, Exists) {
  EXPECT_TRUE(Match(R"({"detail":{"state":[{"exists":true}]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"state":[{"exists":false}]}})"));
  EXPECT_TRUE(Match(R"({"detail":{"absent":[{"exists":false}]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"absent":[{"exists":true}]}})"));
  EXPECT_TRUE(Match(R"({"nothing":{"deeper":[{"exists":false}]}})"));
}

TEST(EventPatternTest, EqualsIgnoreCaseAndWildcard) {
  EXPECT_TRUE(Match(R"({"source":[{"equals-ignore-case":"AWS.EC2"}]})"));
  EXPECT_FALSE(Match(R"({"source":[{"equals-ignore-case":"AWS.EC"}]})"));
  EXPECT_TRUE(Match(R"({"source":[{"wildcard":"aws.*"}]})"));
  EXPECT_TRUE(Match(R"({"resources":[{"wildcard":"arn:aws:ec2:*:instance/*"}]})"));
  EXPECT_FALSE(Match(R"({"source":[{"wildcard":"*.s3"}]})"));
  EXPECT_TRUE(Match(R"({"source":[{"wildcard":"aws.ec2"}]})"));
  EXPECT_TRUE(Match(R"({"detail":{"location":{"zip":[{"wildcard":"7*1"}]}}})"));
}

TEST(EventPatternTest, Cidr) {
  EXPECT_TRUE(Match(R"({"detail":{"source-ip":[{"cidr":"10.0.0.0/24"}]}})"));
  EXPECT_FALSE(Match(R"({"detail":{"source-ip":[{"cidr":"10.0.1.0/24"}]}})"));
  EXPECT_TRUE(Match(R"({"detail":{"source-ip":[{"cidr":"10.0.0.16/28"}]}})"));
}

TEST(EventPatternTest, Or) {
  EXPECT_TRUE(Match(R"({"$or":[{"source":["aws.s3"]},{"detail":{"c-count":[5]}}]})"));
  EXPECT_FALSE(Match(R"({"$or":[{"source":["aws.s3"]},{"detail":{"c-count":[6]}}]})"));
  EXPECT_TRUE(
      Match(R"({"source":["aws.ec2"],"detail":{"$or":[{"state":["x"]},{"tags":["blue"]}]}})"));
  EXPECT_FALSE(
      Match(R"({"source":["aws.s3"],"detail":{"$or":[{"state":["x"]},{"tags":["blue"]}]}})"));
}

TEST(EventPatternTest, InvalidPatternsSayWhy) {
  EXPECT_EQ(Invalid("not json"), "Filter is not valid JSON");
  EXPECT_EQ(Invalid("[1]"), "Filter is not an object");
  EXPECT_EQ(Invalid(R"({"source":"aws.ec2"})"), "\"source\" must be an object or an array");
  EXPECT_EQ(Invalid(R"({"source":[{"bogus":1}]})"), "Unrecognized match type bogus");
  EXPECT_EQ(Invalid(R"({"source":[{"prefix":1}]})"), "\"prefix\" match pattern must be a string");
  EXPECT_EQ(Invalid(R"({"source":[{"exists":"yes"}]})"),
            "exists match pattern must be either true or false.");
  EXPECT_FALSE(Invalid(R"({"n":[{"numeric":[">"]}]})").empty());
  EXPECT_FALSE(Invalid(R"({"n":[{"numeric":["~",1]}]})").empty());
  EXPECT_FALSE(Invalid(R"({"n":[{"numeric":[">",1,">",2]}]})").empty());
  EXPECT_FALSE(Invalid(R"({"n":[{"numeric":[">","1"]}]})").empty());
  EXPECT_FALSE(Invalid(R"({"n":[{"cidr":"10.0.0.0"}]})").empty());
  EXPECT_FALSE(Invalid(R"({"n":[{"wildcard":"a**b"}]})").empty());
  EXPECT_FALSE(Invalid(R"({"$or":[{"a":["b"]}]})").empty());
  EXPECT_FALSE(Invalid(R"({"n":[[1]]})").empty());
  EXPECT_FALSE(Invalid(R"({"n":[{"prefix":"a","suffix":"b"}]})").empty());
}

}  // namespace
}  // namespace nimbus::events
