// Reads authorizers the way API Gateway imports them. REST API Lambda authorizers:
//
//   components:
//     securitySchemes:
//       bearer:
//         type: apiKey
//         name: Authorization
//         in: header
//         x-amazon-apigateway-authtype: custom
//         x-amazon-apigateway-authorizer:
//           type: token                       # or request
//           authorizerUri:
//           arn:aws:apigateway:...:lambda:path/2015-03-31/functions/<arn>/invocations
//           identitySource: method.request.header.Authorization
//           authorizerResultTtlInSeconds: 300
//
// HTTP API authorizers add authorizerPayloadFormatVersion/enableSimpleResponses, or are of
// type jwt with a jwtConfiguration. `x-nimbus-jwks-uri` beside the extension says where a JWT
// authorizer finds its keys locally (API Gateway itself discovers them from the issuer).
#include "gateway/api_loader_auth.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include "gateway/codec.h"
#include "gateway/integration.h"

namespace nimbus::gateway {

namespace {

constexpr std::string_view kSchemesPath = "components.securitySchemes";
constexpr std::string_view kAuthorizerKey = "x-amazon-apigateway-authorizer";
constexpr std::string_view kAuthTypeKey = "x-amazon-apigateway-authtype";
constexpr std::string_view kJwksUriKey = "x-nimbus-jwks-uri";

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::unexpected<AuthLoadError> Fail(std::string path, std::string message) {
  return std::unexpected(AuthLoadError{std::move(path), std::move(message)});
}

// "method.request.header.X" (REST) or "$request.header.X" (HTTP API), and the stage-variable
// and context forms of each.
std::optional<IdentitySource> ParseIdentitySource(const std::string& expression) {
  struct Prefix {
    std::string_view text;
    IdentitySource::From from;
  };
  static constexpr Prefix kPrefixes[] = {
      {"method.request.header.", IdentitySource::From::kHeader},
      {"method.request.querystring.", IdentitySource::From::kQueryString},
      {"stageVariables.", IdentitySource::From::kStageVariable},
      {"context.", IdentitySource::From::kContext},
      {"$request.header.", IdentitySource::From::kHeader},
      {"$request.querystring.", IdentitySource::From::kQueryString},
      {"$stageVariables.", IdentitySource::From::kStageVariable},
      {"$context.", IdentitySource::From::kContext},
  };
  for (const auto& prefix : kPrefixes) {
    if (expression.starts_with(prefix.text) && expression.size() > prefix.text.size()) {
      return IdentitySource{.from = prefix.from,
                            .name = expression.substr(prefix.text.size()),
                            .expression = expression};
    }
  }
  return std::nullopt;
}

std::expected<std::vector<IdentitySource>, std::string> ParseIdentitySources(
    const YAML::Node& node) {
  std::vector<std::string> expressions;
  if (node.IsSequence()) {
    for (const auto& item : node) {
      if (!item.IsScalar()) return std::unexpected("must be a string or a list of strings");
      expressions.push_back(Trim(item.Scalar()));
    }
  } else if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    std::size_t start = 0;
    while (start <= text.size()) {
      auto comma = text.find(',', start);
      if (comma == std::string::npos) comma = text.size();
      expressions.push_back(Trim(std::string_view(text).substr(start, comma - start)));
      start = comma + 1;
    }
  } else {
    return std::unexpected("must be a string or a list of strings");
  }
  std::vector<IdentitySource> sources;
  for (const auto& expression : expressions) {
    if (expression.empty()) continue;
    auto source = ParseIdentitySource(expression);
    if (!source) return std::unexpected("not an identity source: " + expression);
    sources.push_back(std::move(*source));
  }
  return sources;
}

std::expected<std::vector<std::string>, std::string> StringList(const YAML::Node& node) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
    return out;
  }
  if (!node.IsSequence()) return std::unexpected("must be a list of strings");
  for (const auto& item : node) {
    if (!item.IsScalar()) return std::unexpected("must be a list of strings");
    out.push_back(item.Scalar());
  }
  return out;
}

std::expected<void, AuthLoadError> ReadJwtConfiguration(const YAML::Node& node,
                                                        const std::string& path,
                                                        AuthorizerConfig& config) {
  if (!node || !node.IsMap()) return Fail(path, "a jwt authorizer needs a jwtConfiguration object");
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (key != "issuer" && key != "audience") {
      return Fail(path + "." + key, "unknown jwtConfiguration field");
    }
  }
  const YAML::Node issuer = node["issuer"];
  if (!issuer || !issuer.IsScalar() || issuer.Scalar().empty()) {
    return Fail(path + ".issuer", "missing issuer");
  }
  config.jwt.issuer = issuer.Scalar();
  const YAML::Node audience = node["audience"];
  if (!audience) return Fail(path + ".audience", "missing audience");
  auto list = StringList(audience);
  if (!list) return Fail(path + ".audience", list.error());
  if (list->empty()) return Fail(path + ".audience", "needs at least one audience");
  config.jwt.audience = std::move(*list);
  return {};
}

// The fields of x-amazon-apigateway-authorizer this gateway reads or knowingly ignores.
const std::set<std::string, std::less<>>& AuthorizerFields() {
  static const std::set<std::string, std::less<>> fields = {
      "type",
      "authorizerUri",
      "authorizerCredentials",  // the role API Gateway assumes to invoke: no local effect
      "identitySource",
      "identityValidationExpression",
      "authorizerResultTtlInSeconds",
      "authorizerPayloadFormatVersion",
      "enableSimpleResponses",
      "jwtConfiguration",
  };
  return fields;
}

std::expected<AuthorizerConfig, AuthLoadError> ReadAuthorizer(
    const std::string& name, const YAML::Node& scheme, const std::string& scheme_path,
    const std::filesystem::path& base_dir) {
  const std::string path = scheme_path + "." + std::string(kAuthorizerKey);
  const YAML::Node node = scheme[std::string(kAuthorizerKey)];
  if (!node.IsMap()) return Fail(path, "must be an object");
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (key == "providerARNs") {
      return Fail(path + "." + key, "Cognito user pool authorizers are not supported");
    }
    if (!AuthorizerFields().contains(key))
      return Fail(path + "." + key, "unknown authorizer field");
  }
  if (const YAML::Node auth_type = scheme[std::string(kAuthTypeKey)]) {
    std::string value = auth_type.IsScalar() ? AsciiLower(auth_type.Scalar()) : "";
    if (value != "custom" && value != "oauth2") {
      return Fail(scheme_path + "." + std::string(kAuthTypeKey),
                  "only custom (Lambda) and oauth2 (JWT) authorizers are supported");
    }
  }

  AuthorizerConfig config{.name = name};
  const YAML::Node type = node["type"];
  if (!type || !type.IsScalar()) return Fail(path, "missing type");
  const std::string type_name = AsciiLower(type.Scalar());
  if (type_name == "token") {
    config.type = AuthorizerType::kToken;
  } else if (type_name == "request") {
    config.type = AuthorizerType::kRequest;
  } else if (type_name == "jwt") {
    config.type = AuthorizerType::kJwt;
    config.http_api = true;
  } else if (type_name == "cognito_user_pools") {
    return Fail(path + ".type", "Cognito user pool authorizers are not supported");
  } else {
    return Fail(path + ".type", "unknown authorizer type " + type.Scalar());
  }

  if (const YAML::Node version = node["authorizerPayloadFormatVersion"]) {
    if (!version.IsScalar() || (version.Scalar() != "1.0" && version.Scalar() != "2.0")) {
      return Fail(path + ".authorizerPayloadFormatVersion", "must be 1.0 or 2.0");
    }
    config.payload_format_version = version.Scalar();
    config.http_api = true;
  }
  if (const YAML::Node simple = node["enableSimpleResponses"]) {
    if (!simple.IsScalar() || !YAML::convert<bool>::decode(simple, config.simple_responses)) {
      return Fail(path + ".enableSimpleResponses", "must be a boolean");
    }
    if (config.simple_responses && config.payload_format_version != "2.0") {
      return Fail(path + ".enableSimpleResponses",
                  "simple responses need authorizerPayloadFormatVersion 2.0");
    }
  }

  if (config.type == AuthorizerType::kJwt) {
    if (node["authorizerUri"]) return Fail(path + ".authorizerUri", "a jwt authorizer has none");
    if (auto r = ReadJwtConfiguration(node["jwtConfiguration"], path + ".jwtConfiguration", config);
        !r) {
      return std::unexpected(r.error());
    }
    if (const YAML::Node jwks = scheme[std::string(kJwksUriKey)]; jwks && jwks.IsScalar()) {
      std::string uri = jwks.Scalar();
      if (!uri.starts_with("http://") && !uri.starts_with("https://")) {
        std::filesystem::path file = uri.starts_with("file://") ? uri.substr(7) : uri;
        if (file.is_relative()) file = base_dir / file;
        uri = file.string();
      }
      config.jwt.jwks_uri = uri;
    }
    config.result_ttl = std::chrono::seconds(0);  // JWT authorizers keep no result cache
  } else {
    if (node["jwtConfiguration"]) {
      return Fail(path + ".jwtConfiguration", "only a jwt authorizer has one");
    }
    const YAML::Node uri = node["authorizerUri"];
    if (!uri || !uri.IsScalar()) return Fail(path, "missing authorizerUri");
    auto function = FunctionFromUri(uri.Scalar());
    if (!function) return Fail(path + ".authorizerUri", function.error());
    config.function_name = function->function_name;
    config.function_arn = function->function_arn;
  }

  if (const YAML::Node ttl = node["authorizerResultTtlInSeconds"]) {
    long long seconds = -1;
    if (!ttl.IsScalar() || !YAML::convert<long long>::decode(ttl, seconds) || seconds < 0 ||
        seconds > kMaxAuthorizerResultTtl.count()) {
      return Fail(
          path + ".authorizerResultTtlInSeconds",
          "must be an integer from 0 to " + std::to_string(kMaxAuthorizerResultTtl.count()));
    }
    if (config.type == AuthorizerType::kJwt) {
      return Fail(path + ".authorizerResultTtlInSeconds", "a jwt authorizer has no result cache");
    }
    config.result_ttl = std::chrono::seconds(seconds);
  }

  if (const YAML::Node sources = node["identitySource"]) {
    auto parsed = ParseIdentitySources(sources);
    if (!parsed) return Fail(path + ".identitySource", parsed.error());
    config.identity_sources = std::move(*parsed);
  } else if (config.type == AuthorizerType::kToken) {
    // A TOKEN authorizer reads the header the security scheme names.
    const YAML::Node header = scheme["name"];
    if (!header || !header.IsScalar() ||
        AsciiLower(scheme["in"] ? scheme["in"].Scalar() : "") != "header") {
      return Fail(path, "missing identitySource");
    }
    config.identity_sources.push_back({.from = IdentitySource::From::kHeader,
                                       .name = header.Scalar(),
                                       .expression = "method.request.header." + header.Scalar()});
  } else if (config.type == AuthorizerType::kJwt) {
    config.identity_sources.push_back({.from = IdentitySource::From::kHeader,
                                       .name = "Authorization",
                                       .expression = "$request.header.Authorization"});
  }

  if (config.type == AuthorizerType::kToken || config.type == AuthorizerType::kJwt) {
    if (config.identity_sources.size() != 1 ||
        config.identity_sources[0].from != IdentitySource::From::kHeader) {
      return Fail(path + ".identitySource", "must be exactly one header");
    }
  }
  // The cache is keyed by the identity sources: with caching on there must be some.
  if (config.type == AuthorizerType::kRequest && config.result_ttl.count() > 0 &&
      config.identity_sources.empty()) {
    return Fail(path + ".identitySource", "required when authorizerResultTtlInSeconds is not 0");
  }

  if (const YAML::Node expression = node["identityValidationExpression"]) {
    if (config.type != AuthorizerType::kToken) {
      return Fail(path + ".identityValidationExpression", "only a token authorizer has one");
    }
    if (!expression.IsScalar())
      return Fail(path + ".identityValidationExpression", "must be a string");
    try {
      std::regex check(expression.Scalar());
    } catch (const std::regex_error&) {
      return Fail(path + ".identityValidationExpression", "not a valid regular expression");
    }
    config.identity_validation_expression = expression.Scalar();
  }
  return config;
}

}  // namespace

bool IsAuthorizerExtensionAt(std::string_view parent_path, std::string_view key) {
  if (key != kAuthorizerKey && key != kAuthTypeKey) return false;
  if (!parent_path.starts_with(kSchemesPath)) return false;
  std::string_view rest = parent_path.substr(kSchemesPath.size());
  // exactly one more segment: ".<scheme name>"
  return rest.size() > 1 && rest[0] == '.' && rest.find('.', 1) == std::string_view::npos;
}

std::expected<std::map<std::string, AuthorizerConfig>, AuthLoadError> LoadAuthorizers(
    const YAML::Node& root, const std::filesystem::path& base_dir) {
  std::map<std::string, AuthorizerConfig> authorizers;
  const YAML::Node components = root["components"];
  if (!components || !components.IsMap()) return authorizers;
  const YAML::Node schemes = components["securitySchemes"];
  if (!schemes) return authorizers;
  if (!schemes.IsMap()) return Fail(std::string(kSchemesPath), "must be an object");
  for (const auto& entry : schemes) {
    const std::string name = entry.first.Scalar();
    const std::string scheme_path = std::string(kSchemesPath) + "." + name;
    if (!entry.second.IsMap()) return Fail(scheme_path, "must be an object");
    if (!entry.second[std::string(kAuthorizerKey)]) {
      if (entry.second[std::string(kAuthTypeKey)]) {
        return Fail(scheme_path,
                    std::string(kAuthTypeKey) + " without " + std::string(kAuthorizerKey));
      }
      continue;  // an API key or another scheme that is not an authorizer
    }
    auto config = ReadAuthorizer(name, entry.second, scheme_path, base_dir);
    if (!config) return std::unexpected(config.error());
    authorizers.emplace(name, std::move(*config));
  }
  return authorizers;
}

std::expected<std::optional<MethodAuthorization>, AuthLoadError> LoadMethodAuthorization(
    const YAML::Node& root, const YAML::Node& operation, const std::string& operation_path,
    const std::map<std::string, AuthorizerConfig>& authorizers) {
  const bool own = static_cast<bool>(operation["security"]);
  const YAML::Node security = own ? operation["security"] : root["security"];
  const std::string path = own ? operation_path + ".security" : "security";
  if (!security) return std::nullopt;
  if (!security.IsSequence()) return Fail(path, "must be a list of security requirements");
  const YAML::Node components = root["components"];
  const YAML::Node schemes =
      components && components.IsMap() ? components["securitySchemes"] : YAML::Node();
  std::optional<MethodAuthorization> found;
  for (std::size_t i = 0; i < security.size(); ++i) {
    const YAML::Node requirement = security[i];
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    if (!requirement.IsMap()) return Fail(item_path, "must be an object");
    for (const auto& entry : requirement) {
      const std::string name = entry.first.Scalar();
      if (!schemes || !schemes.IsMap() || !schemes[name]) {
        return Fail(item_path + "." + name, "no security scheme " + name);
      }
      auto it = authorizers.find(name);
      if (it == authorizers.end()) continue;  // an API key requirement: not an authorizer
      auto scopes = entry.second ? StringList(entry.second) : std::vector<std::string>{};
      if (!scopes) return Fail(item_path + "." + name, scopes.error());
      if (found && found->authorizer != name) {
        return Fail(item_path + "." + name, "a method can use only one authorizer");
      }
      if (!scopes->empty() && it->second.type != AuthorizerType::kJwt) {
        return Fail(item_path + "." + name, "only a jwt authorizer takes scopes");
      }
      found = MethodAuthorization{.authorizer = name, .scopes = std::move(*scopes)};
    }
  }
  return found;
}

}  // namespace nimbus::gateway
