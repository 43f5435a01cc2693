#include "gateway/api_loader_front.h"

#include <algorithm>
#include <array>
#include <boost/algorithm/string/case_conv.hpp>
#include <boost/algorithm/string/predicate.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <set>

#include "gateway/json_schema.h"

namespace nimbus::gateway {

namespace {

constexpr std::string_view kApiKeySourceKey = "x-amazon-apigateway-api-key-source";
constexpr std::string_view kCorsKey = "x-amazon-apigateway-cors";
constexpr std::string_view kValidatorsKey = "x-amazon-apigateway-request-validators";
constexpr std::string_view kValidatorKey = "x-amazon-apigateway-request-validator";
constexpr std::string_view kAuthorizerKey = "x-amazon-apigateway-authorizer";
constexpr std::string_view kAuthTypeKey = "x-amazon-apigateway-authtype";
// The header API Gateway reads API keys from.
constexpr std::string_view kApiKeyHeader = "x-api-key";
// The content type whose model a validator checks bodies against.
constexpr std::string_view kJsonContentType = "application/json";
// HTTP APIs accept a CORS maxAge of at most a day.
constexpr int kMaxCorsMaxAgeSeconds = 86400;

std::string Join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::unexpected<FrontLoadError> Error(std::string path, std::string message) {
  return std::unexpected(FrontLoadError{std::move(path), std::move(message)});
}

std::string Key(std::string_view key) { return std::string(key); }

// YAML scalars carry no type; a plain scalar is read as JSON would read it (true, 12, 1.5,
// null), a quoted one stays a string, so `minimum: 0` is a number and `enum: ["1"]` a string.
boost::json::value YamlToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      boost::json::object out;
      for (const auto& entry : node) out[entry.first.Scalar()] = YamlToJson(entry.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      boost::json::array out;
      for (const auto& item : node) out.push_back(YamlToJson(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      if (node.Tag() != "?") return boost::json::value(text);
      if (text == "true") return true;
      if (text == "false") return false;
      if (text == "null" || text == "~") return nullptr;
      std::int64_t integer = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), integer);
      if (ec == std::errc() && end == text.data() + text.size()) return integer;
      double real = 0;
      auto [rend, rec] = std::from_chars(text.data(), text.data() + text.size(), real);
      if (rec == std::errc() && rend == text.data() + text.size()) return real;
      return boost::json::value(text);
    }
    default:
      return nullptr;
  }
}

std::expected<bool, FrontLoadError> Bool(const YAML::Node& node, const std::string& path) {
  if (node.IsScalar() && (node.Scalar() == "true" || node.Scalar() == "false")) {
    return node.Scalar() == "true";
  }
  return Error(path, "must be true or false");
}

std::expected<std::vector<std::string>, FrontLoadError> Strings(const YAML::Node& node,
                                                                const std::string& path) {
  if (!node.IsSequence()) return Error(path, "must be a list of strings");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < node.size(); ++i) {
    if (!node[i].IsScalar()) return Error(path + "[" + std::to_string(i) + "]", "must be a string");
    out.push_back(node[i].Scalar());
  }
  return out;
}

// Follows a local `$ref` ("#/components/parameters/id") inside the document.
std::expected<YAML::Node, FrontLoadError> Resolve(const YAML::Node& root, const YAML::Node& node,
                                                  const std::string& path) {
  if (!node.IsMap() || !node["$ref"]) return node;
  const std::string ref = node["$ref"].Scalar();
  if (!ref.starts_with("#/")) return Error(path, "only local $ref (#/...) is supported: " + ref);
  YAML::Node current = root;
  std::string_view rest = std::string_view(ref).substr(2);
  while (!rest.empty()) {
    auto slash = rest.find('/');
    std::string part(rest.substr(0, slash));
    if (!current.IsMap() || !current[part]) return Error(path, "unresolved $ref " + ref);
    current.reset(current[part]);  // rebinds; `=` would overwrite the document's node
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  return current;
}

std::expected<CorsConfig, FrontLoadError> ReadCors(const YAML::Node& node,
                                                   const std::string& path) {
  if (!node.IsMap()) return Error(path, "must be an object");
  CorsConfig cors;
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    const std::string child = Join(path, key);
    std::vector<std::string>* list = key == "allowOrigins"    ? &cors.allow_origins
                                     : key == "allowMethods"  ? &cors.allow_methods
                                     : key == "allowHeaders"  ? &cors.allow_headers
                                     : key == "exposeHeaders" ? &cors.expose_headers
                                                              : nullptr;
    if (list != nullptr) {
      auto values = Strings(entry.second, child);
      if (!values) return std::unexpected(values.error());
      *list = std::move(*values);
    } else if (key == "allowCredentials") {
      auto value = Bool(entry.second, child);
      if (!value) return std::unexpected(value.error());
      cors.allow_credentials = *value;
    } else if (key == "maxAge") {
      int seconds = -1;
      const std::string& text = entry.second.IsScalar() ? entry.second.Scalar() : "";
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
      if (ec != std::errc() || end != text.data() + text.size() || seconds < 0 ||
          seconds > kMaxCorsMaxAgeSeconds) {
        return Error(child,
                     "must be an integer from 0 to " + std::to_string(kMaxCorsMaxAgeSeconds));
      }
      cors.max_age = std::chrono::seconds(seconds);
    } else {
      return Error(child, "unknown field " + key);
    }
  }
  for (auto& method : cors.allow_methods) boost::algorithm::to_upper(method);
  for (auto& header : cors.allow_headers) boost::algorithm::to_lower(header);
  return cors;
}

}  // namespace

ExtensionPlace FrontExtensionPlace(std::string_view key, int depth, std::string_view path) {
  const bool root = depth == 0;
  const bool operation = depth == 3 && path.starts_with("paths.");
  if (key == kApiKeySourceKey || key == kCorsKey || key == kValidatorsKey) {
    return root ? ExtensionPlace::kAllowed : ExtensionPlace::kMisplaced;
  }
  if (key == kValidatorKey) {
    return root || operation ? ExtensionPlace::kAllowed : ExtensionPlace::kMisplaced;
  }
  return ExtensionPlace::kNotFront;
}

std::expected<FrontLoader, FrontLoadError> FrontLoader::Create(const YAML::Node& root) {
  FrontLoader loader;
  loader.root_ = root;
  if (const YAML::Node source = root[Key(kApiKeySourceKey)]) {
    const std::string path(kApiKeySourceKey);
    if (!source.IsScalar()) return Error(path, "must be HEADER or AUTHORIZER");
    if (source.Scalar() == "AUTHORIZER") {
      return Error(path, "AUTHORIZER (the key from a Lambda authorizer) is not supported yet");
    }
    if (source.Scalar() != "HEADER") return Error(path, "must be HEADER or AUTHORIZER");
    loader.api_.api_key_source = ApiKeySource::kHeader;
  }
  if (const YAML::Node validators = root[Key(kValidatorsKey)]) {
    const std::string path(kValidatorsKey);
    if (!validators.IsMap()) return Error(path, "must be an object of validators");
    for (const auto& entry : validators) {
      const std::string name = entry.first.Scalar();
      const std::string child = Join(path, name);
      if (!entry.second.IsMap()) return Error(child, "must be an object");
      Validator validator;
      for (const auto& field : entry.second) {
        const std::string key = field.first.Scalar();
        bool* target = key == "validateRequestBody"         ? &validator.body
                       : key == "validateRequestParameters" ? &validator.parameters
                                                            : nullptr;
        if (target == nullptr) return Error(Join(child, key), "unknown field " + key);
        auto value = Bool(field.second, Join(child, key));
        if (!value) return std::unexpected(value.error());
        *target = *value;
      }
      loader.validators_[name] = validator;
    }
  }
  if (const YAML::Node name = root[Key(kValidatorKey)]) {
    const std::string path(kValidatorKey);
    if (!name.IsScalar()) return Error(path, "must be the name of a validator");
    if (!loader.validators_.contains(name.Scalar())) {
      return Error(path, "unknown request validator " + name.Scalar());
    }
    loader.default_validator_ = name.Scalar();
  }
  if (const YAML::Node cors = root[Key(kCorsKey)]) {
    auto config = ReadCors(cors, std::string(kCorsKey));
    if (!config) return std::unexpected(config.error());
    loader.api_.cors = std::move(*config);
  }
  return loader;
}

// A method requires an API key when one of its security requirements (its own, else the
// document's) names a scheme of type apiKey in the x-api-key header that is not a Lambda
// authorizer: what API Gateway's import turns into apiKeyRequired.
std::expected<bool, FrontLoadError> FrontLoader::RequiresApiKey(const YAML::Node& operation,
                                                                const std::string& op_path) const {
  const bool own = static_cast<bool>(operation["security"]);
  // A fresh node each: assigning to a YAML::Node writes through to the document.
  const YAML::Node security = own ? operation["security"] : root_["security"];
  const std::string path = own ? Join(op_path, "security") : "security";
  if (!security) return false;
  if (!security.IsSequence()) return Error(path, "must be a list of security requirements");
  const YAML::Node schemes =
      root_["components"] ? root_["components"]["securitySchemes"] : YAML::Node();
  for (const auto& requirement : security) {
    if (!requirement.IsMap()) return Error(path, "a security requirement must be an object");
    for (const auto& entry : requirement) {
      const std::string name = entry.first.Scalar();
      const YAML::Node scheme = schemes && schemes.IsMap() ? schemes[name] : YAML::Node();
      if (!scheme || !scheme.IsMap()) {
        return Error(path, "unknown security scheme " + name);
      }
      const bool api_key = scheme["type"] && scheme["type"].Scalar() == "apiKey" && scheme["in"] &&
                           scheme["in"].Scalar() == "header" && scheme["name"] &&
                           boost::algorithm::iequals(scheme["name"].Scalar(), kApiKeyHeader) &&
                           !scheme[Key(kAuthorizerKey)] && !scheme[Key(kAuthTypeKey)];
      if (api_key) return true;
    }
  }
  return false;
}

std::expected<MethodFront, FrontLoadError> FrontLoader::LoadMethod(
    const YAML::Node& path_item, const YAML::Node& operation, const std::string& op_path) const {
  MethodFront front;
  auto key_required = RequiresApiKey(operation, op_path);
  if (!key_required) return std::unexpected(key_required.error());
  front.api_key_required = *key_required;

  std::string validator_name = default_validator_;
  if (const YAML::Node name = operation[Key(kValidatorKey)]) {
    const std::string path = Join(op_path, kValidatorKey);
    if (!name.IsScalar()) return Error(path, "must be the name of a validator");
    if (!validators_.contains(name.Scalar())) {
      return Error(path, "unknown request validator " + name.Scalar());
    }
    validator_name = name.Scalar();
  }
  if (validator_name.empty()) return front;
  const Validator& validator = validators_.at(validator_name);
  RequestValidation validation{.validate_body = validator.body,
                               .validate_parameters = validator.parameters};

  // Operation parameters override path-item ones of the same name and place.
  std::map<std::pair<std::string, std::string>, bool> required;  // (in, name) -> required
  const std::string item_path = op_path.substr(0, op_path.rfind('.'));
  for (const auto& [node, base] :
       {std::pair{path_item["parameters"], Join(item_path, "parameters")},
        std::pair{operation["parameters"], Join(op_path, "parameters")}}) {
    if (!node) continue;
    if (!node.IsSequence()) return Error(base, "must be a list");
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string path = base + "[" + std::to_string(i) + "]";
      auto parameter = Resolve(root_, node[i], path);
      if (!parameter) return std::unexpected(parameter.error());
      if (!parameter->IsMap() || !(*parameter)["name"] || !(*parameter)["in"]) {
        return Error(path, "a parameter needs name and in");
      }
      bool is_required = false;
      if (const YAML::Node flag = (*parameter)["required"]) {
        auto value = Bool(flag, Join(path, "required"));
        if (!value) return std::unexpected(value.error());
        is_required = *value;
      }
      required[{(*parameter)["in"].Scalar(), (*parameter)["name"].Scalar()}] = is_required;
    }
  }
  for (const auto& [where, is_required] : required) {
    if (!is_required) continue;
    const auto& [in, name] = where;
    RequiredParameter parameter{.name = name};
    if (in == "header") {
      parameter.in = RequiredParameter::In::kHeader;
    } else if (in == "path") {
      parameter.in = RequiredParameter::In::kPath;
    } else if (in == "query") {
      parameter.in = RequiredParameter::In::kQueryString;
    } else {
      continue;  // cookie parameters: API Gateway's import drops them too
    }
    validation.required.push_back(std::move(parameter));
  }
  // API Gateway names missing parameters in the order of their keys:
  // method.request.header.*, then .path.*, then .querystring.*.
  std::ranges::stable_sort(validation.required, [](const auto& a, const auto& b) {
    return std::tie(a.in, a.name) < std::tie(b.in, b.name);
  });

  if (const YAML::Node body_node = operation["requestBody"]) {
    const std::string path = Join(op_path, "requestBody");
    auto body = Resolve(root_, body_node, path);
    if (!body) return std::unexpected(body.error());
    const YAML::Node content = (*body)["content"];
    const YAML::Node media =
        content && content.IsMap() ? content[Key(kJsonContentType)] : YAML::Node();
    if (media && media.IsMap() && media["schema"]) {
      boost::json::value document = YamlToJson(media["schema"]);
      // Local references resolve against the schema document, so it carries the models.
      if (document.is_object() && root_["components"] && root_["components"]["schemas"]) {
        document.as_object()["components"] = {
            {"schemas", YamlToJson(root_["components"]["schemas"])}};
      }
      auto schema = JsonSchema::Compile(document);
      if (!schema) {
        return Error(Join(Join(Join(path, "content"), kJsonContentType), "schema"), schema.error());
      }
      validation.body_schema = std::move(*schema);
    }
  }
  front.validation = std::move(validation);
  return front;
}

}  // namespace nimbus::gateway
