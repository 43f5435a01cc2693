// The part of LoadApi that reads API keys (`security` with an x-api-key scheme,
// `x-amazon-apigateway-api-key-source`), request validators and models
// (`x-amazon-apigateway-request-validator(s)`, `parameters`, `requestBody`) and
// `x-amazon-apigateway-cors`. Internal to the gateway's loader.
#pragma once

#include <yaml-cpp/yaml.h>

#include <expected>
#include <map>
#include <string>
#include <string_view>

#include "gateway/api_front.h"

namespace nimbus::gateway {

struct FrontLoadError {
  std::string path;  // dotted, as the loader reports it: "paths./people.post.requestBody"
  std::string message;
};

// Where a front-of-chain extension may stand, for the loader's check of extensions.
enum class ExtensionPlace {
  kNotFront,   // not one of the extensions read here
  kAllowed,    // read here, at this place
  kMisplaced,  // read here, but not at this place
};
// `depth` and `path` as in the loader's walk: depth 0 is the document, 3 an operation.
ExtensionPlace FrontExtensionPlace(std::string_view key, int depth, std::string_view path);

class FrontLoader {
 public:
  // Reads the document-wide parts: validators, the default validator, security schemes,
  // the document's `security`, models and CORS.
  static std::expected<FrontLoader, FrontLoadError> Create(const YAML::Node& root);

  const ApiFront& api() const { return api_; }

  // `op_path` is the operation's dotted path, for errors.
  std::expected<MethodFront, FrontLoadError> LoadMethod(const YAML::Node& path_item,
                                                        const YAML::Node& operation,
                                                        const std::string& op_path) const;

 private:
  struct Validator {
    bool body = false;
    bool parameters = false;
  };
  std::expected<bool, FrontLoadError> RequiresApiKey(const YAML::Node& operation,
                                                     const std::string& op_path) const;

  YAML::Node root_;
  ApiFront api_;
  std::map<std::string, Validator> validators_;
  std::string default_validator_;
};

}  // namespace nimbus::gateway
