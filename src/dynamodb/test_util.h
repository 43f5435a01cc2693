// Test helpers: a temporary directory removed on destruction, and a Service opened on it.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <boost/json.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "dynamodb/limits.h"
#include "dynamodb/service.h"

namespace nimbus::dynamodb::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "nimbus-ddb-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Calls the service and parses the reply body.
struct Call {
  int status;
  boost::json::value body;
  std::string type() const {  // "ValidationException" for an error reply
    const auto* t = body.as_object().if_contains("__type");
    if (t == nullptr) return "";
    std::string s(t->as_string());
    return s.substr(s.find('#') + 1);
  }
  std::string message() const {
    const auto* m = body.as_object().if_contains("message");
    if (m == nullptr) m = body.as_object().if_contains("Message");
    return m ? std::string(m->as_string()) : "";
  }
};

inline Call Invoke(Service& s, std::string_view op, std::string_view body) {
  Reply r = s.Handle(op, body);
  boost::json::parse_options options;
  options.max_depth = limits::kMaxJsonDepth;  // replies carry items 32 levels deep
  return {r.http_status, boost::json::parse(r.body, {}, options)};
}

}  // namespace nimbus::dynamodb::testing
