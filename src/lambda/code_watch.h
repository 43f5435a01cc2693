// Hot reload's eyes: watches function code folders with inotify and reports when a folder's
// `bootstrap` was replaced or rewritten (a rebuild, a copy, a rename over it). Events arrive on
// the io_context, so a watch costs no thread and no polling.
//
// Thread-safe to Stop() from any thread; `on_change` runs on an io thread.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace nimbus::lambda {

class CodeWatch : public std::enable_shared_from_this<CodeWatch> {
 public:
  using OnChange = std::function<void(const std::filesystem::path& code_dir)>;

  // Watches each folder for changes to its `bootstrap`.
  static std::expected<std::shared_ptr<CodeWatch>, std::string> Start(
      boost::asio::io_context& io, const std::vector<std::filesystem::path>& code_dirs,
      OnChange on_change);
  CodeWatch(boost::asio::io_context& io, int inotify_fd, OnChange on_change);

  // Stops watching; the io_context holds no more work for it.
  void Stop();

 private:
  void Read();

  OnChange on_change_;
  std::atomic<bool> stopped_{false};
  boost::asio::posix::stream_descriptor fd_;
  std::map<int, std::filesystem::path> dirs_;  // watch descriptor → folder
};

}  // namespace nimbus::lambda
