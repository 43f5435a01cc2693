// API Gateway access logging: one line per request in the stage's format, `$context`
// variables filled (see context_variables.h), "-" for those without a value, as AWS writes
// them. Lines go to a file (the stage's log group, locally) and/or stdout.
//
// Thread-safe: Write may be called from any thread; each line is written whole.
#pragma once

#include <expected>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>

#include "gateway/context_variables.h"

namespace nimbus::gateway {

struct AccessLogOptions {
  std::string format;          // e.g. '$context.requestId $context.status'; REQUIRES non-empty
  std::filesystem::path file;  // empty: no file
  bool to_stdout = false;
};

class AccessLog {
 public:
  // Creates the file's folder and opens it for appending. The error names the file.
  static std::expected<std::shared_ptr<AccessLog>, std::string> Open(AccessLogOptions options);

  void Write(const ContextVariables& vars);
  // The line Write would write, without the newline.
  std::string Format(const ContextVariables& vars) const;

 private:
  explicit AccessLog(AccessLogOptions options) : options_(std::move(options)) {}
  AccessLogOptions options_;
  std::mutex mu_;
  std::ofstream out_;
};

}  // namespace nimbus::gateway
