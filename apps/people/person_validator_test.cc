#include "people/person_validator.h"

#include <gtest/gtest.h>

namespace nimbus::people {
namespace {

PersonInput Valid() { return {"Ada Lovelace", "ada@example.com", std::nullopt}; }

TEST(PersonValidatorTest, AcceptsAValidPerson) {
  EXPECT_TRUE(ValidatePersonInput(Valid()).empty());
  PersonInput with_phone = Valid();
  with_phone.phone = "+44 20 7946 0000";
  EXPECT_TRUE(ValidatePersonInput(with_phone).empty());
}

TEST(PersonValidatorTest, AcceptsTheseEmails) {
  for (const char* email :
       {"a@b.co", "first.last+tag@sub.example.org", "x_y@d-1.io", "üser@exämple.de"}) {
    EXPECT_TRUE(IsValidEmail(email)) << email;
  }
}

TEST(PersonValidatorTest, RejectsTheseEmails) {
  for (const char* email :
       {"", "plain", "@example.com", "a@example", "a@@example.com", "a@b@example.com",
        "a b@example.com", "a@exa mple.com", "a@.example.com", "a@example.com.", "a@example..com",
        "a@example.com\n", "a\t@example.com"}) {
    EXPECT_FALSE(IsValidEmail(email)) << email;
  }
}

TEST(PersonValidatorTest, EmailLengthLimitIs254Characters) {
  const std::string domain = "@example.com";
  EXPECT_TRUE(IsValidEmail(std::string(kMaxEmailLength - domain.size(), 'a') + domain));
  EXPECT_FALSE(IsValidEmail(std::string(kMaxEmailLength + 1 - domain.size(), 'a') + domain));
}

TEST(PersonValidatorTest, NameMustBeNonBlankAndAtMost200Characters) {
  PersonInput input = Valid();
  input.name = "";
  EXPECT_EQ(ValidatePersonInput(input), (FieldErrors{{"name", "must not be empty"}}));
  input.name = "  \t";
  EXPECT_EQ(ValidatePersonInput(input), (FieldErrors{{"name", "must not be empty"}}));
  input.name = std::string(kMaxNameLength, 'x');
  EXPECT_TRUE(ValidatePersonInput(input).empty());
  input.name = std::string(kMaxNameLength + 1, 'x');
  EXPECT_EQ(ValidatePersonInput(input), (FieldErrors{{"name", "must be at most 200 characters"}}));
}

TEST(PersonValidatorTest, NameLengthCountsCharactersNotBytes) {
  PersonInput input = Valid();
  input.name.clear();
  for (std::size_t i = 0; i < kMaxNameLength; ++i) input.name += "é";  // 2 bytes each
  EXPECT_EQ(Utf8Length(input.name), kMaxNameLength);
  EXPECT_TRUE(ValidatePersonInput(input).empty());
}

TEST(PersonValidatorTest, ReportsEveryBadFieldInOrder) {
  const PersonInput input{"", "nope", std::string(kMaxPhoneLength + 1, '1')};
  EXPECT_EQ(ValidatePersonInput(input), (FieldErrors{{"name", "must not be empty"},
                                                     {"email", "must be a valid email address"},
                                                     {"phone", "must be at most 50 characters"}}));
}

TEST(PersonValidatorTest, PhoneWhenGivenMustNotBeBlank) {
  PersonInput input = Valid();
  input.phone = " ";
  EXPECT_EQ(ValidatePersonInput(input), (FieldErrors{{"phone", "must not be empty"}}));
}

}  // namespace
}  // namespace nimbus::people
