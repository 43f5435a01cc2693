// JSON Web Tokens (RFC 7519) in compact form, signed with HS256, RS256 or ES256: decode,
// verify against a shared secret or a JWKS (RFC 7517), check the registered claims, and sign
// (development tokens and tests). The gateway's JWT authorizer, apps/authorizer and
// `nimbus token` share it. Stateless functions and immutable KeySets: thread-safe.
//
//   auto token = jwt::Decode(compact);                  // parse only, nothing trusted yet
//   if (token && jwt::Verify(*token, keys) && jwt::CheckClaims(*token, rules)) ...
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <expected>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nimbus::gateway::jwt {

// How far exp/nbf/iat may be off the local clock before a token is refused.
inline constexpr std::chrono::seconds kClockSkew{30};
// A token larger than this is refused before it is parsed.
inline constexpr std::size_t kMaxTokenBytes = 16 * 1024;

enum class Error {
  kMalformed,             // not three base64url parts of JSON objects
  kUnsupportedAlgorithm,  // alg other than HS256/RS256/ES256 (including "none")
  kUnknownKey,            // no key in the set for the token's kid and alg
  kBadSignature,
  kExpired,        // exp in the past
  kNotYetValid,    // nbf (or iat) in the future
  kMissingClaim,   // exp absent
  kWrongIssuer,    // iss differs
  kWrongAudience,  // neither aud nor client_id names an accepted audience
};
std::string_view Describe(Error error);

struct Token {
  boost::json::object header;
  boost::json::object claims;
  std::string signing_input;  // base64url(header) "." base64url(claims), as signed
  std::string signature;      // raw bytes

  std::string Algorithm() const;  // header.alg
  std::string KeyId() const;      // header.kid; empty if none
};

std::expected<Token, Error> Decode(std::string_view compact);

struct PublicKey;  // an OpenSSL key; defined in jwt.cc

// The public keys of a JWKS document: RSA ("kty":"RSA", n/e) and P-256 ("kty":"EC").
// Keys of other types or with "use" other than "sig" are skipped.
class KeySet {
 public:
  static std::expected<KeySet, std::string> Parse(std::string_view jwks_json);
  KeySet();
  ~KeySet();
  KeySet(const KeySet&);
  KeySet& operator=(const KeySet&);
  std::size_t size() const { return keys_.size(); }

  struct Entry {
    std::string kid;
    std::string alg;  // from the JWK, or inferred: RS256 for RSA, ES256 for P-256
    std::shared_ptr<const PublicKey> key;
  };
  // The key for a token: by kid when the token has one, else the only key of that alg.
  const Entry* Find(std::string_view kid, std::string_view alg) const;

 private:
  std::vector<Entry> keys_;
};

// RS256/ES256 against `keys`.
std::expected<void, Error> Verify(const Token& token, const KeySet& keys);
// HS256 with a shared secret.
std::expected<void, Error> VerifyHs256(const Token& token, std::string_view secret);

struct ClaimRules {
  std::string issuer;                  // empty: any
  std::vector<std::string> audiences;  // empty: any
  // HTTP API JWT authorizers accept an access token whose client_id names the audience.
  bool accept_client_id = false;
  std::chrono::system_clock::time_point now;
  std::chrono::seconds skew = kClockSkew;
  bool require_exp = true;
};
std::expected<void, Error> CheckClaims(const Token& token, const ClaimRules& rules);

// The token's scopes: "scope" (space-separated) or "scp" (list or string).
std::vector<std::string> Scopes(const Token& token);

// Compact tokens. `kid` is added to the header when not empty.
std::string SignHs256(const boost::json::object& claims, std::string_view secret,
                      std::string_view kid = {});
// RS256 or ES256 with a PEM private key.
std::expected<std::string, std::string> SignWithPem(std::string_view alg,
                                                    std::string_view private_key_pem,
                                                    const boost::json::object& claims,
                                                    std::string_view kid = {});
// The public JWK of a PEM private key (RSA or P-256), for a JWKS: {"kty",...,"kid","alg","use"}.
std::expected<boost::json::object, std::string> PublicJwkOf(std::string_view private_key_pem,
                                                            std::string_view kid);

std::string Base64UrlEncode(std::string_view bytes);
std::expected<std::string, Error> Base64UrlDecode(std::string_view text);

}  // namespace nimbus::gateway::jwt
