// Credentials for function instances, as Lambda gives them: each execution environment gets a
// temporary key pair of its own for the function's role (AWS_ACCESS_KEY_ID starting "ASIA",
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN). The issuer tells whoever checks signatures (the
// edge) about each pair it issues and revokes, so calls an instance signs are known to come
// from that function's role.
//
//   auto issuer = NewSessionCredentialIssuer({.on_issue = ..., .on_revoke = ...});
//   Credentials c = issuer->Issue({.function_name = "people", .role_arn = "arn:aws:iam::..."});
//
// Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace nimbus::lambda {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
};

struct CredentialOwner {
  std::string function_name;
  std::string role_arn;  // empty: the function has no role
};

class CredentialIssuer {
 public:
  virtual ~CredentialIssuer() = default;
  // A fresh key pair for one instance of `owner`'s function.
  virtual Credentials Issue(const CredentialOwner& owner) = 0;
  // The instance that held `access_key_id` is gone; its key stops working.
  virtual void Revoke(std::string_view access_key_id) = 0;
};

struct IssuerHooks {
  std::function<void(const Credentials&, const CredentialOwner&)> on_issue;
  std::function<void(std::string_view access_key_id)> on_revoke;
};

// Random keys in STS's shapes: a 20-character "ASIA..." key id, a 40-character secret and an
// opaque session token.
std::unique_ptr<CredentialIssuer> NewSessionCredentialIssuer(IssuerHooks hooks);

}  // namespace nimbus::lambda
