// Reads one `x-amazon-apigateway-integration` object. Only Lambda proxy integrations
// (type aws_proxy) are supported; everything else is refused with the field that caused it.
#pragma once

#include <yaml-cpp/yaml.h>

#include <expected>
#include <string>
#include <string_view>

#include "gateway/api.h"

namespace nimbus::gateway {

// An error inside the integration: the dotted path below the integration object ("" for the
// object itself) and what is wrong.
struct IntegrationError {
  std::string field;
  std::string message;
};

// REST APIs take payload format 1.0 only (the default); HTTP APIs must say 1.0 or 2.0.
std::expected<Integration, IntegrationError> ParseIntegration(
    const YAML::Node& node, ApiProtocol protocol = ApiProtocol::kRest);

// The function named by an integration `uri`: either
// "arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function arn>/invocations"
// or a bare function ARN "arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]".
std::expected<Integration, std::string> FunctionFromUri(std::string_view uri);

}  // namespace nimbus::gateway
