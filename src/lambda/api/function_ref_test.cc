#include "lambda/api/function_ref.h"

#include <gtest/gtest.h>

namespace nimbus::lambda::api {
namespace {

constexpr Locality kHere{.region = "us-east-1", .account_id = "000000000000"};

FunctionRef Parse(std::string_view raw, std::optional<std::string_view> qualifier = {},
                  NameShape shape = NameShape::kNamespaced) {
  auto ref = ParseFunctionRef(raw, qualifier, shape, kHere);
  EXPECT_TRUE(ref) << raw << ": " << (ref ? "" : ref.error().message);
  return ref ? *ref : FunctionRef{};
}

ApiError Refuse(std::string_view raw, std::optional<std::string_view> qualifier = {},
                NameShape shape = NameShape::kNamespaced) {
  auto ref = ParseFunctionRef(raw, qualifier, shape, kHere);
  EXPECT_FALSE(ref) << raw;
  return ref ? ApiError{} : ref.error();
}

TEST(FunctionRefTest, EveryNameFormatNamesTheSameFunction) {
  for (auto raw : {"echo", "000000000000:function:echo",
                   "arn:aws:lambda:us-east-1:000000000000:function:echo"}) {
    auto ref = Parse(raw);
    EXPECT_EQ(ref.name, "echo");
    EXPECT_EQ(ref.qualifier, "");
  }
  for (auto raw : {"echo:$LATEST", "000000000000:function:echo:$LATEST",
                   "arn:aws:lambda:us-east-1:000000000000:function:echo:$LATEST"}) {
    auto ref = Parse(raw);
    EXPECT_EQ(ref.name, "echo");
    EXPECT_EQ(ref.qualifier, "$LATEST");
  }
}

TEST(FunctionRefTest, QualifierParameterAndNameMustAgree) {
  EXPECT_EQ(Parse("echo", "$LATEST").qualifier, "$LATEST");
  EXPECT_EQ(Parse("echo:live", "live").qualifier, "live");
  auto e = Refuse("echo:live", "$LATEST");
  EXPECT_EQ(e.code, "InvalidParameterValueException");
  EXPECT_EQ(e.message,
            "The derived qualifier from the function name does not match the specified "
            "qualifier.");
}

TEST(FunctionRefTest, NamesOutsideTheModelsPatternAreValidationErrors) {
  auto e = Refuse("bad name");
  EXPECT_EQ(e.http_status, 400);
  EXPECT_EQ(e.code, "ValidationException");
  EXPECT_EQ(e.message.substr(0, 90),
            "1 validation error detected: Value 'bad name' at 'functionName' failed to satisfy "
            "constrai");
  EXPECT_NE(e.message.find("Member must satisfy regular expression pattern: (arn:(aws"),
            std::string::npos);
  EXPECT_EQ(Refuse("").code, "ValidationException");
  // Dots are allowed in namespaced names only.
  Parse("my.function");
  EXPECT_EQ(Refuse("my.function", {}, NameShape::kPlain).code, "ValidationException");
}

TEST(FunctionRefTest, LengthLimitsAreTheModels) {
  auto e = Refuse(std::string(171, 'a'));
  EXPECT_EQ(e.message,
            "1 validation error detected: Value '" + std::string(171, 'a') +
                "' at 'functionName' failed to satisfy constraint: Member must have length less "
                "than or equal to 170");
  Parse(std::string(170, 'a'));
  EXPECT_NE(Refuse(std::string(141, 'a'), {}, NameShape::kPlain).message.find("140"),
            std::string::npos);
  EXPECT_NE(Refuse("echo", std::string(129, 'q')).message.find("at 'qualifier'"),
            std::string::npos);
  EXPECT_EQ(Refuse("echo", "bad qualifier").code, "ValidationException");
}

TEST(FunctionRefTest, AnotherRegionOrAccountIsNotFoundHere) {
  auto region = Refuse("arn:aws:lambda:eu-west-1:000000000000:function:echo");
  EXPECT_EQ(region.http_status, 404);
  EXPECT_EQ(region.code, "ResourceNotFoundException");
  EXPECT_EQ(region.message,
            "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')");
  auto account = Refuse("111122223333:function:echo");
  EXPECT_EQ(account.message,
            "Function not found: arn:aws:lambda:us-east-1:111122223333:function:echo");
}

}  // namespace
}  // namespace nimbus::lambda::api
