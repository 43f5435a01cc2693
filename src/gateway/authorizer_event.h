// The input API Gateway sends a Lambda authorizer, field for field as in
// shared/fixtures/aws-events/apigw-custom-auth-*.json (REST TOKEN and REQUEST) and
// apigw-v2-custom-authorizer-v{1,2}-request.json (HTTP API payload 1.0 and 2.0), and the
// identity-source values that key the result cache. Pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/authorizer_config.h"
#include "gateway/proxy_event.h"
#include "net/http.h"

namespace nimbus::gateway {

// The values of the authorizer's identity sources, in order; nullopt when one is missing or
// empty (API Gateway then answers 401 without invoking anything).
std::optional<std::vector<std::string>> IdentityValues(const AuthorizerConfig& authorizer,
                                                       const net::Request& request,
                                                       const ProxyEventContext& context);

// "arn:aws:execute-api:<region>:<account>:<api>/<stage>/<METHOD>/<path without leading />".
std::string ExecuteApiArn(std::string_view region, const ProxyEventContext& context,
                          std::string_view method, std::string_view path);

struct AuthorizerEventInput {
  const AuthorizerConfig& authorizer;
  const net::Request& request;
  const ProxyEventContext& context;
  std::string method_arn;
  std::vector<std::string> identity;  // from IdentityValues
};

boost::json::object BuildAuthorizerEvent(const AuthorizerEventInput& input);

}  // namespace nimbus::gateway
