// Test helpers: a temporary directory removed on destruction, calls through a Service, and a
// child process killed with SIGKILL after its writes.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <functional>
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

// Opens a Service on `data_dir` in a forked child, runs `writes` there, and kills the child
// with SIGKILL once they are done, with the database still open (nothing flushed but the
// WAL). True when the service opened, every write succeeded and the child died by the signal.
inline bool WriteThenKill9(const std::filesystem::path& data_dir,
                           const std::function<bool(Service&)>& writes) {
  int ready[2];
  if (pipe(ready) != 0) return false;
  pid_t child = fork();
  if (child < 0) return false;
  if (child == 0) {
    auto service = Service::Open({.data_dir = data_dir, .background_thread = false});
    char ok = service && writes(**service) ? 'y' : 'n';
    if (write(ready[1], &ok, 1) != 1) _exit(3);
    pause();  // killed here
    _exit(0);
  }
  close(ready[1]);
  char ok = 0;
  bool reported = read(ready[0], &ok, 1) == 1;
  close(ready[0]);
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  return reported && ok == 'y' && WIFSIGNALED(status);
}

}  // namespace nimbus::dynamodb::testing
