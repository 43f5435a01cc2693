// What a Lambda authorizer returns, read and judged as API Gateway does: the IAM policy
// (principalId, policyDocument, context) of REST APIs and HTTP API payload 1.0/2.0, and the
// simple response ({"isAuthorized", "context"}) of HTTP API payload 2.0. Pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace nimbus::gateway {

struct PolicyStatement {
  bool allow = false;                  // Effect: Allow, else Deny
  std::vector<std::string> actions;    // "execute-api:Invoke", wildcards allowed
  std::vector<std::string> resources;  // execute-api ARNs, wildcards allowed
};

// A parsed authorizer answer. Kept in the result cache and judged again for every request,
// since one cached policy may cover many methods.
struct AuthorizerOutput {
  bool simple = false;       // a simple response: `authorized` decides
  bool authorized = false;   // simple responses only
  std::string principal_id;  // IAM responses; may be empty
  std::vector<PolicyStatement> statements;
  boost::json::object context;  // as returned
};

enum class PolicyDecision { kAllow, kExplicitDeny, kImplicitDeny };

// Why an answer is refused (the request then fails with a 500): a description for logs.
std::expected<AuthorizerOutput, std::string> ParseAuthorizerOutput(std::string_view payload,
                                                                   bool simple_responses,
                                                                   bool any_context_values);

// Deny wins over Allow; nothing matching is an implicit deny.
PolicyDecision Evaluate(const std::vector<PolicyStatement>& statements,
                        std::string_view method_arn);

// IAM-style matching: `*` any run of characters, `?` exactly one.
bool WildcardMatch(std::string_view pattern, std::string_view text);

}  // namespace nimbus::gateway
