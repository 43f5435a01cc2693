#include "cli/logs.h"

#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <vector>

#include "lambda/log_stream.h"

namespace nimbus::cli {
namespace {

struct Event {
  std::string timestamp;  // "2024-01-02T03:04:05.678Z": sorts as it reads
  std::string stream;
  std::string message;
};

// "2024-01-02T03:04:05.678Z" → "2024-01-02T03:04:05.678000+00:00", as `aws logs tail` prints.
std::string TailTimestamp(const std::string& stamp) {
  if (stamp.size() != 24 || stamp.back() != 'Z') return stamp;
  return stamp.substr(0, 23) + "000+00:00";
}

// Reads the complete lines of `file` after `offset`; advances it past them.
void ReadNew(const std::filesystem::path& file, std::uintmax_t& offset, const std::string& since,
             std::vector<Event>& out) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return;
  in.seekg(static_cast<std::streamoff>(offset));
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto last = data.rfind('\n');
  if (last == std::string::npos) return;  // a line still being written
  offset += last + 1;
  const std::string stream = lambda::LogStreamFromFileName(file.stem().string());
  std::size_t at = 0;
  while (at <= last) {
    std::size_t nl = data.find('\n', at);
    std::string_view line(data.data() + at, nl - at);
    at = nl + 1;
    auto tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    Event e{std::string(line.substr(0, tab)), stream, std::string(line.substr(tab + 1))};
    if (e.timestamp >= since) out.push_back(std::move(e));
  }
}

class GroupReader {
 public:
  GroupReader(std::filesystem::path dir, std::string since)
      : dir_(std::move(dir)), since_(std::move(since)) {}

  // Everything new in every stream, oldest first.
  std::vector<Event> Poll() {
    std::vector<Event> events;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
      if (entry.path().extension() != ".log") continue;
      ReadNew(entry.path(), offsets_[entry.path()], since_, events);
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& a, const Event& b) { return a.timestamp < b.timestamp; });
    return events;
  }

 private:
  std::filesystem::path dir_;
  std::string since_;
  std::map<std::filesystem::path, std::uintmax_t> offsets_;
};

void Print(const std::vector<Event>& events) {
  for (const auto& e : events) {
    std::cout << TailTimestamp(e.timestamp) << ' ' << e.stream << ' ' << e.message << '\n';
  }
  std::cout.flush();
}

sigset_t StopSignals() {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  return stop;
}

// REQUIRES: StopSignals() blocked since before anything was printed, so that a Ctrl-C at any
// moment ends the run cleanly.
int Follow(GroupReader& reader, const std::filesystem::path& dir) {
  // Signals arrive as readable data beside the inotify events.
  sigset_t stop = StopSignals();
  int sfd = ::signalfd(-1, &stop, SFD_CLOEXEC);
  int ifd = ::inotify_init1(IN_CLOEXEC);
  if (sfd < 0 || ifd < 0 ||
      ::inotify_add_watch(ifd, dir.c_str(), IN_MODIFY | IN_CREATE | IN_MOVED_TO) < 0) {
    std::cerr << "nimbus: cannot follow " << dir.string() << ": " << std::strerror(errno) << "\n";
    return 1;
  }
  // Lines written between the first read and the watch are caught by this second read.
  Print(reader.Poll());
  for (;;) {
    pollfd fds[2] = {{.fd = ifd, .events = POLLIN, .revents = 0},
                     {.fd = sfd, .events = POLLIN, .revents = 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    if (fds[1].revents != 0) break;
    alignas(inotify_event) char buf[8192];
    while (::read(ifd, buf, sizeof buf) < 0 && errno == EINTR) {
    }
    Print(reader.Poll());
  }
  ::close(ifd);
  ::close(sfd);
  return 0;
}

}  // namespace

std::expected<std::chrono::system_clock::time_point, std::string> ParseSince(
    const std::string& since, std::chrono::system_clock::time_point now) {
  std::smatch m;
  if (std::regex_match(since, m, std::regex("([0-9]+)([smhdw])"))) {
    static const std::map<char, std::chrono::seconds> kUnits = {{'s', std::chrono::seconds(1)},
                                                                {'m', std::chrono::minutes(1)},
                                                                {'h', std::chrono::hours(1)},
                                                                {'d', std::chrono::hours(24)},
                                                                {'w', std::chrono::hours(24 * 7)}};
    return now - std::stoll(m[1]) * kUnits.at(m[2].str()[0]);
  }
  if (std::regex_match(since, m,
                       std::regex("([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})"
                                  "(?::([0-9]{2}))?)?Z?"))) {
    std::tm tm{};
    tm.tm_year = std::stoi(m[1]) - 1900;
    tm.tm_mon = std::stoi(m[2]) - 1;
    tm.tm_mday = std::stoi(m[3]);
    if (m[4].matched) tm.tm_hour = std::stoi(m[4]);
    if (m[5].matched) tm.tm_min = std::stoi(m[5]);
    if (m[6].matched) tm.tm_sec = std::stoi(m[6]);
    return std::chrono::system_clock::from_time_t(::timegm(&tm));
  }
  return std::unexpected(
      "--since: expected a duration such as 5m, 2h, 1d, or a UTC time such as "
      "2024-01-02T03:04:05, got '" +
      since + "'");
}

int RunLogs(const LogsOptions& options) {
  std::string since;  // as a log timestamp: events compare as strings
  if (!options.since.empty()) {
    auto from = ParseSince(options.since, std::chrono::system_clock::now());
    if (!from) {
      std::cerr << "nimbus: " << from.error() << "\n";
      return 2;
    }
    since = lambda::LogTimestamp(*from);
  }
  const auto dir = options.data_dir / "logs" / options.function_name;
  if (!std::filesystem::is_directory(dir)) {
    // What CloudWatch Logs says (ResourceNotFoundException) for a group that does not exist.
    std::cerr << "nimbus: The specified log group does not exist: /aws/lambda/"
              << options.function_name << " (in " << options.data_dir.string() << ")\n";
    return 1;
  }
  if (options.follow) {
    sigset_t stop = StopSignals();
    sigprocmask(SIG_BLOCK, &stop, nullptr);
  }
  GroupReader reader(dir, since);
  Print(reader.Poll());
  if (!options.follow) return 0;
  return Follow(reader, dir);
}

}  // namespace nimbus::cli
