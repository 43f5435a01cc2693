#include "lambda/log_stream.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <ctime>

namespace nimbus::lambda {
namespace {

void WriteAll(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // logging never fails an invocation
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

std::string LogStreamFileName(std::string_view stream) {
  std::string out(stream);
  for (char& c : out) {
    if (c == '/') c = '-';
  }
  return out;
}

std::string LogStreamFromFileName(std::string_view file_stem) {
  // Only the date's separators were slashes: "YYYY-MM-DD-[...".
  std::string out(file_stem);
  for (std::size_t at : {4u, 7u, 10u}) {
    if (at < out.size() && out[at] == '-') out[at] = '/';
  }
  return out;
}

std::string LogTimestamp(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char stamp[40];
  std::size_t n = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::snprintf(stamp + n, sizeof stamp - n, ".%03dZ",
                static_cast<int>(((ms % 1000) + 1000) % 1000));
  return stamp;
}

std::shared_ptr<LogStream> LogStream::Open(boost::asio::io_context& io,
                                           const std::filesystem::path& file,
                                           std::shared_ptr<const Clock> clock) {
  if (file.empty()) {
    return std::make_shared<LogStream>(io, STDERR_FILENO, false, -1, -1, std::move(clock));
  }
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  int ends[2] = {-1, -1};
  if (fd < 0 || ::pipe2(ends, O_CLOEXEC) != 0) {
    // No file: the runtime's output is inherited and the platform lines are dropped.
    if (fd >= 0) ::close(fd);
    return std::make_shared<LogStream>(io, -1, false, -1, -1, std::move(clock));
  }
  // Only the host's end is non-blocking: a runtime writing faster than we log waits, as it
  // would on Lambda, instead of failing its writes.
  ::fcntl(ends[0], F_SETFL, ::fcntl(ends[0], F_GETFL) | O_NONBLOCK);
  return std::make_shared<LogStream>(io, fd, true, ends[0], ends[1], std::move(clock));
}

LogStream::LogStream(boost::asio::io_context& io, int file_fd, bool owned, int pipe_read,
                     int pipe_write, std::shared_ptr<const Clock> clock)
    : clock_(std::move(clock)),
      file_fd_(file_fd),
      owned_(owned),
      pipe_write_(pipe_write),
      pipe_(io) {
  if (pipe_read >= 0) pipe_.assign(pipe_read);
}

LogStream::~LogStream() {
  if (pipe_write_ >= 0) ::close(pipe_write_);
  if (owned_) ::close(file_fd_);
}

void LogStream::StartReading() {
  std::lock_guard lock(mu_);
  if (pipe_write_ >= 0) {
    ::close(pipe_write_);
    pipe_write_ = -1;
  }
  if (pipe_.is_open()) WaitForOutput();
}

void LogStream::WaitForOutput() {
  pipe_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                   [self = shared_from_this()](boost::system::error_code ec) {
                     std::lock_guard lock(self->mu_);
                     if (!ec && self->DrainLocked()) {
                       self->WaitForOutput();
                       return;
                     }
                     boost::system::error_code ignored;
                     self->pipe_.close(ignored);
                   });
}

bool LogStream::DrainLocked() {
  if (!pipe_.is_open()) return false;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(pipe_.native_handle(), buf, sizeof buf);
    if (n > 0) {
      AppendLocked(std::string_view(buf, static_cast<std::size_t>(n)), false);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    AppendLocked({}, true);  // end of file (or a broken pipe): keep what has no newline
    return false;
  }
}

void LogStream::AppendLocked(std::string_view text, bool flush_partial) {
  while (!text.empty()) {
    auto nl = text.find('\n');
    if (nl == std::string_view::npos) {
      partial_.append(text);
      break;
    }
    partial_.append(text.substr(0, nl));
    text.remove_prefix(nl + 1);
    WriteEventLocked(partial_);
    partial_.clear();
  }
  while (partial_.size() >= kMaxLogEventBytes) {
    WriteEventLocked(std::string_view(partial_).substr(0, kMaxLogEventBytes));
    partial_.erase(0, kMaxLogEventBytes);
  }
  if (flush_partial && !partial_.empty()) {
    WriteEventLocked(partial_);
    partial_.clear();
  }
}

void LogStream::WriteEventLocked(std::string_view message) {
  if (file_fd_ < 0) return;
  if (!owned_) {  // the host's stderr: as the runtime wrote it
    std::string line(message);
    line += '\n';
    WriteAll(file_fd_, line);
    return;
  }
  std::string line = LogTimestamp(clock_->WallNow());
  line += '\t';
  line.append(message);
  line += '\n';
  WriteAll(file_fd_, line);
}

void LogStream::Write(std::string_view lines) {
  std::lock_guard lock(mu_);
  if (pipe_.is_open()) DrainLocked();
  while (!lines.empty()) {
    auto nl = lines.find('\n');
    WriteEventLocked(lines.substr(0, nl));
    if (nl == std::string_view::npos) break;
    lines.remove_prefix(nl + 1);
  }
}

}  // namespace nimbus::lambda
