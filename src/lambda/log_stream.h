// One instance's log stream on disk: what the runtime writes to stdout/stderr and the platform
// lines (START/END/REPORT) the host writes, one event per line, each stamped with the time it
// arrived, as CloudWatch Logs records them:
//
//   <log_dir>/<function>/<stream>.log     stream "2024/01/02/[$LATEST]ab…" stored as
//                                          "2024-01-02-[$LATEST]ab….log"
//   2024-01-02T03:04:05.678Z<TAB>START RequestId: … Version: $LATEST
//
// The runtime's output comes through a pipe the host reads on the io_context; before each
// platform line the pipe is drained, so what the handler printed lands before its END line.
// An empty path writes everything to the host's stderr, unstamped (as `sam local` shows it).
//
// Thread-safe. Owned through shared_ptr: the pending pipe read holds it until the pipe closes.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "lambda/clock.h"

namespace nimbus::lambda {

// CloudWatch Logs' largest event (256 KB); a longer line is split.
inline constexpr std::size_t kMaxLogEventBytes = 256 * 1024;

// "2024/01/02/[$LATEST]ab…" ↔ "2024-01-02-[$LATEST]ab…" (file names hold no '/').
std::string LogStreamFileName(std::string_view stream);
std::string LogStreamFromFileName(std::string_view file_stem);
// "2024-01-02T03:04:05.678Z"
std::string LogTimestamp(std::chrono::system_clock::time_point t);

class LogStream : public std::enable_shared_from_this<LogStream> {
 public:
  // `file` empty: the host's stderr, no pipe.
  static std::shared_ptr<LogStream> Open(boost::asio::io_context& io,
                                         const std::filesystem::path& file,
                                         std::shared_ptr<const Clock> clock);
  LogStream(boost::asio::io_context& io, int file_fd, bool owned, int pipe_read, int pipe_write,
            std::shared_ptr<const Clock> clock);
  ~LogStream();
  LogStream(const LogStream&) = delete;
  LogStream& operator=(const LogStream&) = delete;

  // The descriptor the runtime gets as stdout and stderr; -1 when output is inherited.
  int child_fd() const { return pipe_write_; }
  // After the spawn: closes the host's copy of the write end and starts reading the pipe.
  void StartReading();
  // Appends the host's own lines (each '\n'-terminated), after any pending runtime output.
  void Write(std::string_view lines);

 private:
  void WaitForOutput();
  // All below REQUIRE mu_ held. Reads what the pipe holds now; false at end of file.
  bool DrainLocked();
  void AppendLocked(std::string_view text, bool flush_partial);
  void WriteEventLocked(std::string_view message);

  std::shared_ptr<const Clock> clock_;
  std::mutex mu_;
  int file_fd_;
  bool owned_;
  int pipe_write_;
  boost::asio::posix::stream_descriptor pipe_;
  std::string partial_;  // runtime output after its last newline
};

}  // namespace nimbus::lambda
