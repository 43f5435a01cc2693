#include "cli/token.h"

#include <boost/json/object.hpp>
#include <chrono>
#include <iostream>

#include "gateway/api.h"
#include "gateway/gateway.h"
#include "gateway/jwt.h"
#include "stack/stack.h"

namespace nimbus::cli {

namespace {

constexpr std::string_view kSecretVariable = "JWT_SECRET";

struct Signer {
  std::string function;
  std::string secret;
  std::string issuer;
  std::string audience;
};

// The first Lambda authorizer of the stack's API whose function has a JWT_SECRET.
std::expected<Signer, std::string> FindSigner(const stack::Stack& stack) {
  if (!stack.api) return std::unexpected("the stack has no api");
  auto api = gateway::LoadApi(stack.api->openapi,
                              {{"region", stack.region}, {"account_id", stack.account_id}});
  if (!api) return std::unexpected(api.error());
  for (const auto& [name, authorizer] : (*api)->authorizers) {
    if (authorizer.function_name.empty()) continue;
    for (const auto& function : stack.functions) {
      if (function.name != authorizer.function_name) continue;
      auto secret = function.environment.find(std::string(kSecretVariable));
      if (secret == function.environment.end() || secret->second.empty()) continue;
      auto value = [&](const char* key) {
        auto it = function.environment.find(key);
        return it == function.environment.end() ? std::string() : it->second;
      };
      return Signer{function.name, secret->second, value("JWT_ISSUER"), value("JWT_AUDIENCE")};
    }
  }
  return std::unexpected("no Lambda authorizer of the API has " + std::string(kSecretVariable) +
                         " in its function's environment");
}

}  // namespace

int RunToken(const TokenOptions& options) {
  auto stack = stack::LoadStack(options.stack_dir);
  if (!stack) {
    std::cerr << "nimbus: " << stack.error() << "\n";
    return 1;
  }
  auto signer = FindSigner(*stack);
  if (!signer) {
    std::cerr << "nimbus: " << signer.error() << "\n";
    return 1;
  }
  if (options.expires_in <= 0) {
    std::cerr << "nimbus: --expires-in must be positive\n";
    return 1;
  }
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  boost::json::object claims{
      {"sub", options.subject}, {"iat", now}, {"exp", now + options.expires_in}};
  if (!options.scopes.empty()) {
    std::string scope;
    for (const auto& s : options.scopes) scope += (scope.empty() ? "" : " ") + s;
    claims["scope"] = scope;
  }
  if (!signer->issuer.empty()) claims["iss"] = signer->issuer;
  if (!signer->audience.empty()) claims["aud"] = signer->audience;
  std::cout << "nimbus: HS256 token for " << options.subject << " (authorizer function "
            << signer->function << ", expires in " << options.expires_in << " s)\n";
  std::cout << gateway::jwt::SignHs256(claims, signer->secret) << std::endl;
  return 0;
}

}  // namespace nimbus::cli
