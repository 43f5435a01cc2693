#include "lambda/code_watch.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <boost/asio/post.hpp>
#include <cerrno>
#include <cstring>

namespace nimbus::lambda {

std::expected<std::shared_ptr<CodeWatch>, std::string> CodeWatch::Start(
    boost::asio::io_context& io, const std::vector<std::filesystem::path>& code_dirs,
    OnChange on_change) {
  int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) return std::unexpected("inotify: " + std::string(std::strerror(errno)));
  auto watch = std::make_shared<CodeWatch>(io, fd, std::move(on_change));
  for (const auto& dir : code_dirs) {
    // A finished write, a rename over it (how linkers and `install` replace files), a chmod.
    int wd = ::inotify_add_watch(fd, dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_ATTRIB);
    if (wd < 0) {
      watch->Stop();
      return std::unexpected("cannot watch " + dir.string() + ": " + std::strerror(errno));
    }
    watch->dirs_[wd] = dir;
  }
  watch->Read();
  return watch;
}

CodeWatch::CodeWatch(boost::asio::io_context& io, int inotify_fd, OnChange on_change)
    : on_change_(std::move(on_change)), fd_(io, inotify_fd) {}

void CodeWatch::Stop() {
  stopped_ = true;
  boost::asio::post(fd_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->fd_.close(ignored);
  });
}

void CodeWatch::Read() {
  fd_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                 [self = shared_from_this()](boost::system::error_code ec) {
                   if (ec || self->stopped_ || !self->fd_.is_open()) return;
                   alignas(inotify_event) char buf[8192];
                   std::vector<std::filesystem::path> changed;
                   for (;;) {
                     ssize_t n = ::read(self->fd_.native_handle(), buf, sizeof buf);
                     if (n <= 0) break;
                     for (char* p = buf; p < buf + n;) {
                       auto* event = reinterpret_cast<inotify_event*>(p);
                       p += sizeof(inotify_event) + event->len;
                       if (event->len == 0 || std::strcmp(event->name, "bootstrap") != 0) continue;
                       auto it = self->dirs_.find(event->wd);
                       if (it == self->dirs_.end()) continue;
                       // One change often comes as several events (write, chmod): report once.
                       bool seen = false;
                       for (const auto& d : changed) seen = seen || d == it->second;
                       if (!seen) changed.push_back(it->second);
                     }
                   }
                   for (const auto& dir : changed) {
                     if (!self->stopped_) self->on_change_(dir);
                   }
                   self->Read();
                 });
}

}  // namespace nimbus::lambda
