#include "gateway/integration.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include "gateway/codec.h"

namespace nimbus::gateway {

namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    auto pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

// What to do with each integration field: read it, accept it because it has no effect on a
// proxy integration locally, or refuse it because honouring it is not implemented.
enum class FieldKind { kRead, kNoLocalEffect, kNotSupported };

const std::map<std::string, FieldKind, std::less<>>& IntegrationFields() {
  static const std::map<std::string, FieldKind, std::less<>> fields = {
      {"type", FieldKind::kRead},
      {"httpMethod", FieldKind::kRead},
      {"uri", FieldKind::kRead},
      {"payloadFormatVersion", FieldKind::kRead},
      {"timeoutInMillis", FieldKind::kRead},
      // Ignored by AWS for aws_proxy, or only meaningful in the cloud (the role API Gateway
      // assumes, the cache it keys).
      {"passthroughBehavior", FieldKind::kNoLocalEffect},
      {"responses", FieldKind::kNoLocalEffect},
      {"requestTemplates", FieldKind::kNoLocalEffect},
      {"credentials", FieldKind::kNoLocalEffect},
      {"cacheKeyParameters", FieldKind::kNoLocalEffect},
      {"cacheNamespace", FieldKind::kNoLocalEffect},
      {"connectionType", FieldKind::kRead},
      {"contentHandling", FieldKind::kNotSupported},
      {"requestParameters", FieldKind::kNotSupported},
      {"connectionId", FieldKind::kNotSupported},
      {"tlsConfig", FieldKind::kNotSupported},
      {"integrationSubtype", FieldKind::kNotSupported},
  };
  return fields;
}

std::expected<std::string, IntegrationError> RequiredString(const YAML::Node& node,
                                                            const std::string& key) {
  const YAML::Node value = node[key];
  if (!value) return std::unexpected(IntegrationError{"", "missing " + key});
  if (!value.IsScalar()) return std::unexpected(IntegrationError{key, "must be a string"});
  return value.Scalar();
}

}  // namespace

std::expected<Integration, std::string> FunctionFromUri(std::string_view uri) {
  std::string_view arn = uri;
  static constexpr std::string_view kInvokePath = ":lambda:path/2015-03-31/functions/";
  if (uri.starts_with("arn:") && Split(uri, ':').size() > 2 && Split(uri, ':')[2] == "apigateway") {
    auto start = uri.find(kInvokePath);
    static constexpr std::string_view kSuffix = "/invocations";
    if (start == std::string_view::npos || !uri.ends_with(kSuffix)) {
      return std::unexpected(
          "not a Lambda invocation URI (arn:aws:apigateway:<region>:lambda:path/2015-03-31/"
          "functions/<function arn>/invocations)");
    }
    arn = uri.substr(start + kInvokePath.size());
    arn.remove_suffix(kSuffix.size());
  }
  // arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]
  auto parts = Split(arn, ':');
  if (parts.size() < 7 || parts.size() > 8 || parts[0] != "arn" || parts[2] != "lambda" ||
      parts[5] != "function" || parts[6].empty()) {
    return std::unexpected("not a Lambda function ARN: " + std::string(arn));
  }
  Integration integration;
  integration.function_arn = std::string(arn);
  integration.function_name = std::string(parts[6]);
  if (parts.size() == 8) integration.qualifier = std::string(parts[7]);
  return integration;
}

std::expected<Integration, IntegrationError> ParseIntegration(const YAML::Node& node,
                                                              ApiProtocol protocol) {
  if (!node.IsMap()) return std::unexpected(IntegrationError{"", "must be an object"});
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    auto it = IntegrationFields().find(key);
    if (it == IntegrationFields().end()) {
      return std::unexpected(IntegrationError{key, "unknown integration field"});
    }
    if (it->second == FieldKind::kNotSupported) {
      return std::unexpected(IntegrationError{key, "not supported yet"});
    }
  }

  auto type = RequiredString(node, "type");
  if (!type) return std::unexpected(type.error());
  if (AsciiLower(*type) != "aws_proxy") {
    return std::unexpected(IntegrationError{
        "type", "integration type " + *type + " is not supported (only aws_proxy)"});
  }
  auto method = RequiredString(node, "httpMethod");
  if (!method) return std::unexpected(method.error());
  // Lambda's Invoke API is a POST whatever the client's method; AWS refuses anything else.
  if (*method != "POST") {
    return std::unexpected(
        IntegrationError{"httpMethod", "must be POST for a Lambda integration, not " + *method});
  }
  auto uri = RequiredString(node, "uri");
  if (!uri) return std::unexpected(uri.error());
  auto integration = FunctionFromUri(*uri);
  if (!integration) return std::unexpected(IntegrationError{"uri", integration.error()});

  if (protocol == ApiProtocol::kHttp) {
    const YAML::Node version = node["payloadFormatVersion"];
    if (!version) return std::unexpected(IntegrationError{"", "missing payloadFormatVersion"});
    if (!version.IsScalar() || (version.Scalar() != "1.0" && version.Scalar() != "2.0")) {
      return std::unexpected(IntegrationError{"payloadFormatVersion", "must be 1.0 or 2.0"});
    }
    integration->payload_format_version = version.Scalar();
  } else if (const YAML::Node version = node["payloadFormatVersion"]) {
    if (!version.IsScalar() || version.Scalar() != "1.0") {
      return std::unexpected(IntegrationError{"payloadFormatVersion",
                                              "a REST API proxy integration supports only 1.0"});
    }
  }
  if (const YAML::Node connection = node["connectionType"]) {
    if (!connection.IsScalar() || connection.Scalar() != "INTERNET") {
      return std::unexpected(IntegrationError{"connectionType", "only INTERNET is supported"});
    }
  }
  const auto max_timeout =
      protocol == ApiProtocol::kHttp ? kMaxHttpApiIntegrationTimeout : kMaxIntegrationTimeout;
  integration->timeout = max_timeout;
  if (const YAML::Node timeout = node["timeoutInMillis"]) {
    long long millis = 0;
    if (!timeout.IsScalar() || !YAML::convert<long long>::decode(timeout, millis)) {
      return std::unexpected(IntegrationError{"timeoutInMillis", "must be an integer"});
    }
    if (millis < kMinIntegrationTimeout.count() || millis > max_timeout.count()) {
      return std::unexpected(IntegrationError{
          "timeoutInMillis", "must be between " + std::to_string(kMinIntegrationTimeout.count()) +
                                 " and " + std::to_string(max_timeout.count())});
    }
    integration->timeout = std::chrono::milliseconds(millis);
  }
  return *integration;
}

}  // namespace nimbus::gateway
