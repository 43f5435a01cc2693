// The routes of a REST API as loaded from an OpenAPI 3 document (see LoadApi in gateway.h).
// Plain data: immutable once loaded, shared by every request.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gateway/api_front.h"
#include "gateway/authorizer_config.h"
#include "gateway/gateway_responses.h"
#include "gateway/protocol.h"

namespace nimbus::gateway {

// API Gateway's limits on an integration's timeoutInMillis (REST APIs).
inline constexpr std::chrono::milliseconds kMinIntegrationTimeout{50};
inline constexpr std::chrono::milliseconds kMaxIntegrationTimeout{29000};
// HTTP APIs allow (and default to) 30 seconds.
inline constexpr std::chrono::milliseconds kMaxHttpApiIntegrationTimeout{30000};

// An `x-amazon-apigateway-integration` of type aws_proxy: the only kind supported so far.
struct Integration {
  std::string function_name;  // "people", from the function ARN in `uri`
  std::string function_arn;   // as written in `uri`, placeholders filled
  std::string qualifier;      // alias or version after the name in the ARN; empty if none
  std::string payload_format_version = "1.0";
  std::chrono::milliseconds timeout = kMaxIntegrationTimeout;
};

struct Method {
  std::string http_method;   // "GET", ..., or "ANY" for x-amazon-apigateway-any-method
  std::string operation_id;  // OpenAPI operationId; empty if none
  Integration integration;
  MethodFront front;                                 // API key requirement and request validation
  std::optional<MethodAuthorization> authorization;  // from `security`; none: open
};

// One resource (path template) with its methods, e.g. "/people/{id}".
struct Resource {
  std::string path;  // the template as written: "/", "/people/{id}", "/{proxy+}"
  std::string id;    // API Gateway's resourceId: six characters, stable across loads
  std::map<std::string, Method> methods;  // keyed by http_method
};

struct Api {
  std::string title;    // info.title
  std::string version;  // info.version
  ApiProtocol protocol = ApiProtocol::kRest;
  std::vector<Resource> resources;
  // HTTP APIs: the `$default` route (path "/$default", isDefaultRoute), taken when no other
  // route matches.
  std::optional<Method> default_route;
  // x-amazon-apigateway-gateway-responses, keyed by response type (REST APIs).
  GatewayResponseOverrides gateway_responses;
  // x-amazon-apigateway-binary-media-types: "image/png", "image/*", "*/*" (REST APIs).
  std::vector<std::string> binary_media_types;
  // What the loader accepted but has no effect locally, one line each with file and path;
  // `nimbus up` prints them so nothing is ignored silently.
  std::vector<std::string> notes;
  ApiFront front;                                       // API key source and CORS
  std::map<std::string, AuthorizerConfig> authorizers;  // by security scheme name
};

}  // namespace nimbus::gateway
