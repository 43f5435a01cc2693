// The authorizer half of LoadApi: `components.securitySchemes` entries that carry
// `x-amazon-apigateway-authorizer`, and the `security` requirements that put them on methods.
// Security schemes without the extension (API keys) are left to their own readers.
#pragma once

#include <yaml-cpp/yaml.h>

#include <expected>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/authorizer_config.h"

namespace nimbus::gateway {

// An error at `path` (dotted, from the document's root) in the document.
struct AuthLoadError {
  std::string path;
  std::string message;
};

// True where an authorizer extension may stand: directly inside a security scheme
// ("components.securitySchemes.<name>").
bool IsAuthorizerExtensionAt(std::string_view parent_path, std::string_view key);

// Reads every authorizer. Relative JWKS file paths are resolved against `base_dir`.
std::expected<std::map<std::string, AuthorizerConfig>, AuthLoadError> LoadAuthorizers(
    const YAML::Node& root, const std::filesystem::path& base_dir);

// The authorizer of one operation: its own `security`, else the document's. nullopt: open.
std::expected<std::optional<MethodAuthorization>, AuthLoadError> LoadMethodAuthorization(
    const YAML::Node& root, const YAML::Node& operation, const std::string& operation_path,
    const std::map<std::string, AuthorizerConfig>& authorizers);

}  // namespace nimbus::gateway
