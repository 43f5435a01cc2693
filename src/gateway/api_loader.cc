// LoadApi: OpenAPI 3 (YAML or JSON) -> Api. Every error names the file and the dotted path of
// the offending node, e.g. "openapi.yaml: paths./people.get.x-amazon-apigateway-integration:
// missing uri".
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "gateway/api.h"
#include "gateway/api_loader_auth.h"
#include "gateway/api_loader_front.h"
#include "gateway/gateway.h"
#include "gateway/gateway_responses.h"
#include "gateway/ids.h"
#include "gateway/integration.h"
#include "gateway/router.h"

namespace nimbus::gateway {

namespace {

constexpr std::string_view kExtensionPrefix = "x-amazon-apigateway-";
constexpr std::string_view kIntegrationKey = "x-amazon-apigateway-integration";
constexpr std::string_view kAnyMethodKey = "x-amazon-apigateway-any-method";
constexpr std::string_view kGatewayResponsesKey = "x-amazon-apigateway-gateway-responses";
constexpr std::string_view kBinaryMediaTypesKey = "x-amazon-apigateway-binary-media-types";
constexpr std::string_view kStageVariablesPrefix = "stageVariables.";
// An HTTP API's catch-all route, as API Gateway exports it.
constexpr std::string_view kDefaultRoutePath = "/$default";

constexpr std::array<std::string_view, 7> kMethods = {"get",   "put",  "post",   "delete",
                                                      "patch", "head", "options"};

// Extensions AWS defines that have no effect on a local gateway. Any other
// x-amazon-apigateway-* key outside the places LoadApi reads is refused: either AWS does not
// know it (a typo) or honouring it is not implemented, and silently ignoring an authorizer or
// a validator would make the local API behave unlike the deployed one.
constexpr std::array<std::string_view, 5> kNoLocalEffect = {
    "x-amazon-apigateway-endpoint-configuration", "x-amazon-apigateway-documentation",
    "x-amazon-apigateway-importexport-version", "x-amazon-apigateway-tag-value",
    "x-amazon-apigateway-minimum-compression-size"};
constexpr std::array<std::string_view, 4> kNotSupportedYet = {
    "x-amazon-apigateway-auth", "x-amazon-apigateway-integrations", "x-amazon-apigateway-policy",
    "x-amazon-apigateway-security-policy"};

template <std::size_t N>
bool Contains(const std::array<std::string_view, N>& list, std::string_view key) {
  return std::ranges::find(list, key) != list.end();
}

std::string Join(const std::string& path, std::string_view key) {
  if (key.empty()) return path;
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

class Loader {
 public:
  Loader(std::string file, const std::map<std::string, std::string>& variables,
         ApiProtocol protocol)
      : file_(std::move(file)), variables_(variables), protocol_(protocol) {}

  std::expected<std::shared_ptr<const Api>, std::string> Load(YAML::Node root);

 private:
  std::unexpected<std::string> Error(const std::string& path, const std::string& message) const {
    return std::unexpected(file_ + ": " + (path.empty() ? "" : path + ": ") + message);
  }
  std::expected<void, std::string> Fill(YAML::Node node, const std::string& path);
  std::expected<void, std::string> CheckExtensions(const YAML::Node& node, const std::string& path,
                                                   int depth);
  std::expected<void, std::string> LoadPath(const std::string& template_path,
                                            const YAML::Node& item, Api& api);
  std::expected<void, std::string> LoadTopLevelExtensions(const YAML::Node& root, Api& api);

  std::string file_;
  const std::map<std::string, std::string>& variables_;
  ApiProtocol protocol_;
  std::vector<std::string> notes_;
  std::optional<FrontLoader> front_;
  YAML::Node root_;
};

// Replaces `${name}` in every scalar, as Terraform's templatefile does before API Gateway sees
// the document; `$${` is the escape for a literal `${`.
std::expected<void, std::string> Loader::Fill(YAML::Node node, const std::string& path) {
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    if (text.find("${") == std::string::npos) return {};
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      // A stage variable is API Gateway's to fill, so Terraform users write `$${stageVariables.x}`;
      // this stack has one stage, so both spellings take its value now.
      bool escaped = text.compare(i, 3, "$${") == 0;
      std::size_t open = i + (escaped ? 1 : 0);
      if (text.compare(open, 2 + kStageVariablesPrefix.size(),
                       "${" + std::string(kStageVariablesPrefix)) == 0) {
        auto end = text.find('}', open);
        if (end == std::string::npos) return Error(path, "unterminated placeholder in " + text);
        std::string name = text.substr(open + 2, end - open - 2);
        auto it = variables_.find(name);
        if (it == variables_.end()) {
          return Error(path, "unknown stage variable " + name.substr(kStageVariablesPrefix.size()) +
                                 " (api.stage_variables in stack.yaml)");
        }
        out += it->second;
        i = end;
      } else if (escaped) {
        out += "${";
        i += 2;
      } else if (text.compare(i, 2, "${") == 0) {
        auto end = text.find('}', i);
        if (end == std::string::npos) return Error(path, "unterminated placeholder in " + text);
        std::string name = text.substr(i + 2, end - i - 2);
        auto it = variables_.find(name);
        if (it == variables_.end()) return Error(path, "unknown placeholder ${" + name + "}");
        out += it->second;
        i = end;
      } else {
        out.push_back(text[i]);
      }
    }
    node = out;
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      if (auto r = Fill(node[i], path + "[" + std::to_string(i) + "]"); !r) return r;
    }
  } else if (node.IsMap()) {
    for (auto entry : node) {
      if (auto r = Fill(entry.second, Join(path, entry.first.Scalar())); !r) return r;
    }
  }
  return {};
}

// Depth 0 is the document, 1 "paths", 2 a path item, 3 an operation. The integration and
// any-method keys are allowed only where LoadPath reads them.
std::expected<void, std::string> Loader::CheckExtensions(const YAML::Node& node,
                                                         const std::string& path, int depth) {
  if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      auto r = CheckExtensions(node[i], path + "[" + std::to_string(i) + "]", depth + 1);
      if (!r) return r;
    }
  }
  if (!node.IsMap()) return {};
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    const std::string child = Join(path, key);
    bool in_path_item = depth == 2 && path.starts_with("paths.");
    bool in_operation = depth == 3 && path.starts_with("paths.");
    if (key.starts_with(kExtensionPrefix)) {
      if (key == kAnyMethodKey && in_path_item) {
        // an operation: fall through to check inside it
      } else if (key == kIntegrationKey && in_operation) {
        continue;  // its fields are checked by ParseIntegration
      } else if ((key == kGatewayResponsesKey || key == kBinaryMediaTypesKey) && depth == 0) {
        if (protocol_ == ApiProtocol::kHttp) {
          return Error(child, key + " is for REST APIs; HTTP APIs do not support it");
        }
        continue;  // read by LoadTopLevelExtensions
      } else if (key == kGatewayResponsesKey || key == kBinaryMediaTypesKey) {
        return Error(child, key + " belongs at the top level of the document");
      } else if (auto place = FrontExtensionPlace(key, depth, path);
                 place != ExtensionPlace::kNotFront) {
        if (place == ExtensionPlace::kMisplaced) return Error(child, key + " is not allowed here");
        continue;  // read by FrontLoader
      } else if (IsAuthorizerExtensionAt(path, key)) {
        continue;  // read by LoadAuthorizers
      } else if (Contains(kNoLocalEffect, key)) {
        notes_.push_back(file_ + ": " + child + ": " + key + " has no effect locally");
        continue;
      } else if (Contains(kNotSupportedYet, key)) {
        return Error(child, key + " is not supported yet");
      } else {
        return Error(child, "unknown extension " + key);
      }
    }
    if (auto r = CheckExtensions(entry.second, child, depth + 1); !r) return r;
  }
  return {};
}

std::expected<void, std::string> Loader::LoadPath(const std::string& template_path,
                                                  const YAML::Node& item, Api& api) {
  const std::string path = Join("paths", template_path);
  const bool default_route = template_path == kDefaultRoutePath && protocol_ == ApiProtocol::kHttp;
  if (default_route) {
    // fall through: its one operation becomes api.default_route
  } else if (auto segments = ParsePathTemplate(template_path); !segments) {
    return Error(path, segments.error());
  }
  if (!item.IsMap()) return Error(path, "a path item must be an object");
  Resource resource{.path = template_path, .id = ResourceIdFor(template_path)};
  for (const auto& entry : item) {
    const std::string key = entry.first.Scalar();
    const std::string op_path = Join(path, key);
    std::string method;
    if (Contains(kMethods, key)) {
      method = key;
      std::ranges::transform(method, method.begin(),
                             [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    } else if (key == kAnyMethodKey) {
      method = "ANY";
    } else if (key == "summary" || key == "description" || key == "parameters" ||
               key == "servers" || key.starts_with("x-")) {
      continue;
    } else if (key == "trace" || key == "$ref") {
      return Error(op_path, key + " is not supported by API Gateway");
    } else {
      return Error(op_path, "unknown field " + key);
    }
    const YAML::Node& operation = entry.second;
    if (!operation.IsMap()) return Error(op_path, "an operation must be an object");
    const YAML::Node integration_node = operation[std::string(kIntegrationKey)];
    if (!integration_node) return Error(op_path, "missing " + std::string(kIntegrationKey));
    auto integration = ParseIntegration(integration_node, protocol_);
    if (!integration) {
      return Error(Join(Join(op_path, kIntegrationKey), integration.error().field),
                   integration.error().message);
    }
    Method m{.http_method = method, .integration = std::move(*integration)};
    auto authorization = LoadMethodAuthorization(root_, operation, op_path, api.authorizers);
    if (!authorization) return Error(authorization.error().path, authorization.error().message);
    m.authorization = std::move(*authorization);
    if (const YAML::Node id = operation["operationId"]; id && id.IsScalar()) {
      m.operation_id = id.Scalar();
    }
    auto front = front_->LoadMethod(item, operation, op_path);
    if (!front) return Error(front.error().path, front.error().message);
    m.front = std::move(*front);
    if (default_route) {
      if (method != "ANY")
        return Error(op_path, "the $default route takes only " + std::string(kAnyMethodKey));
      api.default_route = std::move(m);
      continue;
    }
    resource.methods.emplace(method, std::move(m));
  }
  if (default_route) return {};
  api.resources.push_back(std::move(resource));
  return {};
}

std::expected<void, std::string> Loader::LoadTopLevelExtensions(const YAML::Node& root, Api& api) {
  if (const YAML::Node responses = root[std::string(kGatewayResponsesKey)]) {
    auto parsed = ParseGatewayResponses(responses);
    if (!parsed) {
      return Error(Join(std::string(kGatewayResponsesKey), parsed.error().first),
                   parsed.error().second);
    }
    api.gateway_responses = std::move(*parsed);
  }
  if (const YAML::Node types = root[std::string(kBinaryMediaTypesKey)]) {
    if (!types.IsSequence()) return Error(std::string(kBinaryMediaTypesKey), "must be a list");
    for (std::size_t i = 0; i < types.size(); ++i) {
      const std::string at = std::string(kBinaryMediaTypesKey) + "[" + std::to_string(i) + "]";
      if (!types[i].IsScalar()) return Error(at, "must be a string");
      // API Gateway stores '/' as '~1' when the type comes through a patch path.
      std::string type = types[i].Scalar();
      for (auto pos = type.find("~1"); pos != std::string::npos; pos = type.find("~1")) {
        type.replace(pos, 2, "/");
      }
      if (type.find('/') == std::string::npos) {
        return Error(at, "must be a media type such as image/png or */*");
      }
      api.binary_media_types.push_back(std::move(type));
    }
  }
  return {};
}

std::expected<std::shared_ptr<const Api>, std::string> Loader::Load(YAML::Node root) {
  if (!root.IsMap()) return Error("", "not an OpenAPI document (expected an object)");
  if (auto r = Fill(root, ""); !r) return std::unexpected(r.error());
  const YAML::Node version = root["openapi"];
  if (!version) {
    if (root["swagger"]) return Error("swagger", "only OpenAPI 3 documents are supported");
    return Error("", "missing openapi");
  }
  if (!version.IsScalar() || !version.Scalar().starts_with("3.")) {
    return Error("openapi", "only OpenAPI 3 documents are supported");
  }
  if (auto r = CheckExtensions(root, "", 0); !r) return std::unexpected(r.error());

  auto front = FrontLoader::Create(root);
  if (!front) return Error(front.error().path, front.error().message);
  front_ = std::move(*front);
  auto api = std::make_shared<Api>();
  api->protocol = protocol_;
  if (auto r = LoadTopLevelExtensions(root, *api); !r) return std::unexpected(r.error());
  api->front = front_->api();
  root_ = root;
  auto authorizers = LoadAuthorizers(root, std::filesystem::path(file_).parent_path());
  if (!authorizers) return Error(authorizers.error().path, authorizers.error().message);
  api->authorizers = std::move(*authorizers);
  if (const YAML::Node info = root["info"]; info && info.IsMap()) {
    if (info["title"] && info["title"].IsScalar()) api->title = info["title"].Scalar();
    if (info["version"] && info["version"].IsScalar()) api->version = info["version"].Scalar();
  }
  const YAML::Node paths = root["paths"];
  if (!paths) return Error("", "missing paths");
  if (!paths.IsMap()) return Error("paths", "must be an object");
  for (const auto& entry : paths) {
    if (auto r = LoadPath(entry.first.Scalar(), entry.second, *api); !r) {
      return std::unexpected(r.error());
    }
  }
  // The router refuses what API Gateway refuses on import (e.g. /{a} beside /{b}).
  if (auto router = Router::Build(*api); !router) return Error("paths", router.error());
  api->notes = std::move(notes_);
  return api;
}

}  // namespace

std::expected<std::shared_ptr<const Api>, std::string> LoadApi(
    const std::filesystem::path& openapi, const std::map<std::string, std::string>& variables,
    ApiProtocol protocol) {
  const std::string file = openapi.string();
  std::ifstream in(openapi, std::ios::binary);
  if (!in) return std::unexpected(file + ": cannot open");
  std::stringstream text;
  text << in.rdbuf();
  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::Exception& e) {
    return std::unexpected(file + ":" + std::to_string(e.mark.line + 1) + ":" +
                           std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  return Loader(file, variables, protocol).Load(root);
}

}  // namespace nimbus::gateway
