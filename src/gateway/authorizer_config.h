// Authorizers as declared in an OpenAPI document: a security scheme carrying
// `x-amazon-apigateway-authorizer`, and the `security` requirement that puts one on a method.
// Plain data, part of the loaded Api (see api.h); api_loader_auth.cc reads it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace nimbus::gateway {

// API Gateway's result cache: 300 s unless authorizerResultTtlInSeconds says otherwise,
// 0 disables it, 3600 is the most it accepts.
inline constexpr std::chrono::seconds kDefaultAuthorizerResultTtl{300};
inline constexpr std::chrono::seconds kMaxAuthorizerResultTtl{3600};

enum class AuthorizerType {
  kToken,    // Lambda, one header in, IAM policy out (REST APIs)
  kRequest,  // Lambda, headers/query/stage variables/context in
  kJwt,      // HTTP APIs: the gateway itself checks a JWT against an issuer's JWKS
};

// Where one identity source value is read from.
struct IdentitySource {
  enum class From { kHeader, kQueryString, kStageVariable, kContext };
  From from = From::kHeader;
  std::string name;        // header, parameter or variable name
  std::string expression;  // as written: "method.request.header.Auth", "$request.header.Auth"
};

struct JwtConfiguration {
  std::string issuer;                 // must equal the token's `iss`
  std::vector<std::string> audience;  // one must equal `aud` (or `client_id`)
  // Where the issuer's keys are: a JWKS file (path or file://...) or an http:// URL on the
  // loopback interface. Empty: "<issuer>/.well-known/jwks.json", as API Gateway looks it up.
  std::string jwks_uri;
};

struct AuthorizerConfig {
  std::string name;  // the security scheme's name
  AuthorizerType type = AuthorizerType::kToken;
  // Lambda authorizers: the function from authorizerUri.
  std::string function_name;
  std::string function_arn;
  std::vector<IdentitySource> identity_sources;
  // TOKEN only: a regular expression the whole token must match; empty: no check.
  std::string identity_validation_expression;
  std::chrono::seconds result_ttl = kDefaultAuthorizerResultTtl;
  // An HTTP API authorizer (authorizerPayloadFormatVersion given, or type jwt): HTTP API's
  // event shapes and error bodies ({"message":"Forbidden"}), not the REST API's.
  bool http_api = false;
  std::string payload_format_version = "1.0";  // HTTP API Lambda authorizers: "1.0" | "2.0"
  bool simple_responses = false;               // enableSimpleResponses (payload 2.0 only)
  JwtConfiguration jwt;
};

// A method's `security` requirement naming an authorizer.
struct MethodAuthorization {
  std::string authorizer;           // key into Api::authorizers
  std::vector<std::string> scopes;  // JWT authorizers: the token needs one of these
};

}  // namespace nimbus::gateway
