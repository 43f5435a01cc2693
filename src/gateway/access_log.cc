#include "gateway/access_log.h"

#include <cstdio>
#include <system_error>

namespace nimbus::gateway {

std::expected<std::shared_ptr<AccessLog>, std::string> AccessLog::Open(AccessLogOptions options) {
  std::shared_ptr<AccessLog> log(new AccessLog(std::move(options)));
  if (!log->options_.file.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(log->options_.file.parent_path(), ec);
    log->out_.open(log->options_.file, std::ios::app | std::ios::binary);
    if (!log->out_) return std::unexpected(log->options_.file.string() + ": cannot open");
  }
  return log;
}

std::string AccessLog::Format(const ContextVariables& vars) const {
  std::string line = RenderContextTemplate(options_.format, vars, "-");
  // One request, one line, whatever a header value held.
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return line;
}

void AccessLog::Write(const ContextVariables& vars) {
  std::string line = Format(vars);
  line.push_back('\n');
  std::lock_guard lock(mu_);
  if (out_.is_open()) out_.write(line.data(), static_cast<std::streamsize>(line.size())).flush();
  if (options_.to_stdout) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
  }
}

}  // namespace nimbus::gateway
