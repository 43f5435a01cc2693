// A function as the control plane describes it: the FunctionConfiguration document of
// GetFunction, GetFunctionConfiguration and ListFunctions, with Lambda's member names.
//
// The deployment package of a custom runtime is a zip holding `bootstrap`; locally the code
// folder is the build output, so the package is taken to be the bootstrap: CodeSize is its
// size, CodeSha256 the base64 SHA-256 of its bytes, LastModified its modification time.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <filesystem>
#include <string>

#include "lambda/function_host.h"

namespace nimbus::lambda::api {

struct CodeFacts {
  std::uint64_t size = 0;
  std::string sha256;         // base64
  std::string last_modified;  // "2024-01-02T03:04:05.678+0000"
};

CodeFacts ReadCodeFacts(const std::filesystem::path& code_dir);

enum class Detail {
  kList,  // ListFunctions: without State, LastUpdateStatus and RuntimeVersionConfig
  kFull,  // GetFunction, GetFunctionConfiguration
};

// `arn` is the function's ARN, qualified when the caller named a qualifier.
boost::json::object FunctionConfiguration(const FunctionConfig& config, const CodeFacts& code,
                                          const std::string& arn, Detail detail);

// Standard base64 (with padding).
std::string Base64(std::string_view bytes);

}  // namespace nimbus::lambda::api
