#include "lambda/process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace nimbus::lambda {
namespace {

ExitStatus FromWaitStatus(int status) {
  ExitStatus s;
  if (WIFSIGNALED(status)) {
    s.signal = WTERMSIG(status);
  } else {
    s.exit_code = WEXITSTATUS(status);
  }
  return s;
}

class PosixProcess final : public Process {
 public:
  PosixProcess(boost::asio::io_context& io, pid_t pid, int pidfd) : pid_(pid), pidfd_(io, pidfd) {}

  ~PosixProcess() override {
    boost::system::error_code ignored;
    pidfd_.cancel(ignored);
    if (!reaped_.exchange(true)) {
      // Never leak a child: a destroyed host takes its instances with it.
      ::kill(-pid_, SIGKILL);
      int status = 0;
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }

  pid_t pid() const override { return pid_; }

  void SignalGroup(int signal) override {
    if (!reaped_.load()) ::kill(-pid_, signal);
  }

  void AsyncWaitExit(std::function<void(ExitStatus)> on_exit) override {
    // A pidfd turns readable when the child exits; waitpid then reaps exactly this child,
    // which keeps us clear of anyone else's SIGCHLD handling.
    pidfd_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                      [this, on_exit = std::move(on_exit)](boost::system::error_code ec) {
                        if (ec) return;  // cancelled: the Process is being destroyed
                        // Orphans the runtime left behind share its group; they go too. Kill
                        // before reaping: until then the zombie leader keeps the group id ours.
                        if (!reaped_.load()) ::kill(-pid_, SIGKILL);
                        int status = 0;
                        pid_t r;
                        do {
                          r = ::waitpid(pid_, &status, WNOHANG);
                        } while (r < 0 && errno == EINTR);
                        if (r == 0) return;  // spurious; cannot happen for a pidfd
                        if (reaped_.exchange(true)) return;
                        on_exit(r == pid_ ? FromWaitStatus(status) : ExitStatus{.exit_code = -1});
                      });
  }

 private:
  pid_t pid_;
  boost::asio::posix::stream_descriptor pidfd_;
  std::atomic<bool> reaped_{false};
};

// posix_spawn attributes and file actions with RAII, so every error path cleans up.
struct SpawnSetup {
  posix_spawnattr_t attr;
  posix_spawn_file_actions_t actions;
  SpawnSetup() {
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_init(&actions);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
};

class PosixProcessSpawner final : public ProcessSpawner {
 public:
  std::expected<std::unique_ptr<Process>, std::string> Spawn(boost::asio::io_context& io,
                                                             const SpawnSpec& spec) override {
    SpawnSetup s;
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    // Fresh process group; signal mask and dispositions reset so the runtime starts as it
    // would under Lambda regardless of what the host blocks or ignores (e.g. SIGPIPE).
    posix_spawnattr_setflags(
        &s.attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&s.attr, 0);
    posix_spawnattr_setsigmask(&s.attr, &none);
    posix_spawnattr_setsigdefault(&s.attr, &all);

    posix_spawn_file_actions_addopen(&s.actions, 0, "/dev/null", O_RDONLY, 0);
    if (spec.output_fd >= 0) {
      posix_spawn_file_actions_adddup2(&s.actions, spec.output_fd, 1);
      posix_spawn_file_actions_adddup2(&s.actions, spec.output_fd, 2);
    } else if (!spec.output.empty()) {
      posix_spawn_file_actions_addopen(&s.actions, 1, spec.output.c_str(),
                                       O_WRONLY | O_CREAT | O_APPEND, 0644);
      posix_spawn_file_actions_adddup2(&s.actions, 1, 2);
    }
    // Asio's sockets are not close-on-exec; a runtime must not hold the host's listeners or
    // other instances' connections.
    posix_spawn_file_actions_addclosefrom_np(&s.actions, 3);
    if (!spec.cwd.empty()) posix_spawn_file_actions_addchdir_np(&s.actions, spec.cwd.c_str());

    std::vector<std::string> args = spec.argv;
    if (args.empty()) args.push_back(spec.executable.string());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_copy = spec.environment;
    std::vector<char*> envp;
    for (auto& e : env_copy) envp.push_back(e.data());
    envp.push_back(nullptr);

    pid_t pid = 0;
    int rc =
        posix_spawn(&pid, spec.executable.c_str(), &s.actions, &s.attr, argv.data(), envp.data());
    if (rc != 0) return std::unexpected(std::string(std::strerror(rc)));

    int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    if (pidfd < 0) {
      int err = errno;
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
      return std::unexpected("pidfd_open: " + std::string(std::strerror(err)));
    }
    ::fcntl(pidfd, F_SETFD, FD_CLOEXEC);
    return std::make_unique<PosixProcess>(io, pid, pidfd);
  }
};

}  // namespace

std::string ExitStatus::Describe() const {
  if (signal == 0) return "exit status " + std::to_string(exit_code);
  // strsignal says "Killed", Go (and so Lambda) says "killed".
  std::string name = ::strsignal(signal);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return "signal: " + name;
}

std::unique_ptr<ProcessSpawner> NewPosixProcessSpawner() {
  return std::make_unique<PosixProcessSpawner>();
}

}  // namespace nimbus::lambda
