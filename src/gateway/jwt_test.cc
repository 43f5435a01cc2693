#include "gateway/jwt.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "gateway/jwt_test_keys.h"

namespace nimbus::gateway::jwt {
namespace {

namespace json = boost::json;
using std::chrono::seconds;
using std::chrono::system_clock;

const system_clock::time_point kNow{seconds(1'700'000'000)};

json::object Claims(std::int64_t exp = 1'700'000'600) {
  return {{"sub", "alice"}, {"iss", "https://issuer.example"}, {"aud", "api"}, {"exp", exp}};
}

// One key of each kind for the whole suite: RSA generation is slow.
class JwtTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rsa_ = new std::string(testing::NewRsaPem());
    ec_ = new std::string(testing::NewP256Pem());
  }
  static void TearDownTestSuite() {
    delete rsa_;
    delete ec_;
  }
  static KeySet Keys() {
    json::array keys{*PublicJwkOf(*rsa_, "rsa-1"), *PublicJwkOf(*ec_, "ec-1")};
    auto set = KeySet::Parse(json::serialize(json::object{{"keys", keys}}));
    EXPECT_TRUE(set.has_value());
    return *set;
  }
  static std::string* rsa_;
  static std::string* ec_;
};
std::string* JwtTest::rsa_ = nullptr;
std::string* JwtTest::ec_ = nullptr;

TEST_F(JwtTest, Base64UrlRoundTripsEveryLength) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\x00"}) {
    EXPECT_EQ(*Base64UrlDecode(Base64UrlEncode(s)), s);
  }
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_FALSE(Base64UrlDecode("ab+c").has_value());
  EXPECT_FALSE(Base64UrlDecode("a").has_value());
}

TEST_F(JwtTest, Hs256SignedTokenVerifiesWithItsSecretOnly) {
  std::string compact = SignHs256(Claims(), "s3cret");
  auto token = Decode(compact);
  ASSERT_TRUE(token.has_value());
  EXPECT_EQ(token->Algorithm(), "HS256");
  EXPECT_EQ(token->claims.at("sub").as_string(), "alice");
  EXPECT_TRUE(VerifyHs256(*token, "s3cret").has_value());
  EXPECT_EQ(VerifyHs256(*token, "other").error(), Error::kBadSignature);
  // An HS256 token is never accepted against public keys (algorithm confusion).
  EXPECT_EQ(Verify(*token, Keys()).error(), Error::kUnsupportedAlgorithm);
}

TEST_F(JwtTest, Rs256AndEs256VerifyAgainstTheJwks) {
  KeySet keys = Keys();
  ASSERT_EQ(keys.size(), 2u);
  for (auto [alg, pem, kid] :
       {std::tuple{"RS256", rsa_, "rsa-1"}, std::tuple{"ES256", ec_, "ec-1"}}) {
    auto compact = SignWithPem(alg, *pem, Claims(), kid);
    ASSERT_TRUE(compact.has_value()) << compact.error();
    auto token = Decode(*compact);
    ASSERT_TRUE(token.has_value());
    EXPECT_TRUE(Verify(*token, keys).has_value()) << alg;
    // One flipped bit in the payload breaks the signature.
    std::string tampered = *compact;
    tampered[tampered.find('.') + 5] ^= 1;
    auto bad = Decode(tampered);
    if (bad) {
      EXPECT_FALSE(Verify(*bad, keys).has_value()) << alg;
    }
  }
}

TEST_F(JwtTest, UnknownKidOrForeignKeyIsRefused) {
  auto other = SignWithPem("RS256", testing::NewRsaPem(), Claims(), "rsa-1");
  EXPECT_EQ(Verify(*Decode(*other), Keys()).error(), Error::kBadSignature);
  auto unknown = SignWithPem("RS256", *rsa_, Claims(), "nope");
  EXPECT_EQ(Verify(*Decode(*unknown), Keys()).error(), Error::kUnknownKey);
}

TEST_F(JwtTest, AlgNoneAndMalformedTokensAreRefused) {
  std::string none =
      Base64UrlEncode(R"({"alg":"none"})") + "." + Base64UrlEncode(json::serialize(Claims())) + ".";
  EXPECT_EQ(Verify(*Decode(none), Keys()).error(), Error::kUnsupportedAlgorithm);
  EXPECT_EQ(Decode("abc").error(), Error::kMalformed);
  EXPECT_EQ(Decode("a.b.c.d").error(), Error::kMalformed);
  EXPECT_EQ(Decode(Base64UrlEncode("[1]") + ".e30.").error(), Error::kMalformed);
  EXPECT_EQ(Decode(std::string(kMaxTokenBytes + 1, 'a')).error(), Error::kMalformed);
}

TEST_F(JwtTest, ClaimsAreCheckedWithASmallSkew) {
  ClaimRules rules{.issuer = "https://issuer.example", .audiences = {"api"}, .now = kNow};
  auto check = [&](json::object claims) {
    return CheckClaims(*Decode(SignHs256(claims, "k")), rules);
  };
  EXPECT_TRUE(check(Claims()).has_value());
  EXPECT_EQ(check(Claims(1'700'000'000 - kClockSkew.count())).error(), Error::kExpired);
  EXPECT_TRUE(check(Claims(1'700'000'000 - kClockSkew.count() + 1)).has_value());
  auto nbf = Claims();
  nbf["nbf"] = 1'700'000'000 + kClockSkew.count() + 1;
  EXPECT_EQ(check(nbf).error(), Error::kNotYetValid);
  auto iss = Claims();
  iss["iss"] = "https://evil.example";
  EXPECT_EQ(check(iss).error(), Error::kWrongIssuer);
  auto aud = Claims();
  aud["aud"] = json::array{"x", "api"};
  EXPECT_TRUE(check(aud).has_value());
  aud["aud"] = "other";
  EXPECT_EQ(check(aud).error(), Error::kWrongAudience);
  aud.erase("aud");
  aud["client_id"] = "api";
  EXPECT_EQ(check(aud).error(), Error::kWrongAudience);
  rules.accept_client_id = true;
  EXPECT_TRUE(check(aud).has_value());
  auto no_exp = Claims();
  no_exp.erase("exp");
  EXPECT_EQ(check(no_exp).error(), Error::kMissingClaim);
}

TEST_F(JwtTest, ScopesComeFromScopeOrScp) {
  auto scopes = [](json::object claims) { return Scopes(*Decode(SignHs256(claims, "k"))); };
  EXPECT_EQ(scopes({{"scope", "people:read  people:write"}}),
            (std::vector<std::string>{"people:read", "people:write"}));
  EXPECT_EQ(scopes({{"scp", json::array{"a", "b"}}}), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(scopes({}).empty());
}

}  // namespace
}  // namespace nimbus::gateway::jwt
