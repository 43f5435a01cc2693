// What the front of the chain needs from the OpenAPI document, beside the routes: which methods
// require an API key, how requests are validated, and the API's CORS configuration. Loaded by
// LoadApi (api_loader_front.cc) from API Gateway's own extensions; plain data once loaded.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nimbus::gateway {

class JsonSchema;  // json_schema.h

// `x-amazon-apigateway-api-key-source`. Only HEADER (the x-api-key header) is served locally;
// AUTHORIZER needs the usageIdentifierKey of a Lambda authorizer.
enum class ApiKeySource { kHeader };

// One parameter of `parameters` that the request must carry, as API Gateway imports it:
// method.request.{header|path|querystring}.{name}.
struct RequiredParameter {
  enum class In { kHeader, kPath, kQueryString };
  In in = In::kQueryString;
  std::string name;
};

// The request validator a method uses (`x-amazon-apigateway-request-validator`), resolved to
// what it checks.
struct RequestValidation {
  bool validate_body = false;
  bool validate_parameters = false;
  std::vector<RequiredParameter> required;  // sorted as API Gateway reports them
  // The JSON Schema model of the application/json request body; null: the Empty model.
  std::shared_ptr<const JsonSchema> body_schema;
};

// Per method: what LoadApi found beside the integration.
struct MethodFront {
  bool api_key_required = false;  // `security` names an api key scheme (x-api-key header)
  std::optional<RequestValidation> validation;
};

// `x-amazon-apigateway-cors`, as HTTP APIs define it.
struct CorsConfig {
  std::vector<std::string> allow_origins;  // "*" allows any
  std::vector<std::string> allow_methods;  // upper case; "*" allows any
  std::vector<std::string> allow_headers;  // lower case; "*" allows any
  std::vector<std::string> expose_headers;
  std::optional<std::chrono::seconds> max_age;
  bool allow_credentials = false;
};

struct ApiFront {
  ApiKeySource api_key_source = ApiKeySource::kHeader;
  std::optional<CorsConfig> cors;
};

}  // namespace nimbus::gateway
