#include "gateway/quota_ledger.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

namespace nimbus::gateway {

namespace {

// Journal lines: "<plan>\t<key>\t<period start day>\t<used>\n"; the last line of an id wins.
// A torn last line (a crash mid-write) fails to parse and is skipped.
constexpr char kSeparator = '\t';

std::string IdOf(const std::string& plan_id, const std::string& key_id) {
  return plan_id + kSeparator + key_id;
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

std::int64_t QuotaPeriodStart(QuotaPeriod period, std::chrono::system_clock::time_point now) {
  using namespace std::chrono;
  const sys_days today = floor<days>(now);
  switch (period) {
    case QuotaPeriod::kDay:
      return today.time_since_epoch().count();
    case QuotaPeriod::kWeek: {
      const weekday wd{today};
      const auto since_monday = days{(wd.c_encoding() + 6) % 7};
      return (today - since_monday).time_since_epoch().count();
    }
    case QuotaPeriod::kMonth: {
      const year_month_day ymd{today};
      return sys_days{ymd.year() / ymd.month() / 1}.time_since_epoch().count();
    }
  }
  return today.time_since_epoch().count();
}

QuotaLedger::QuotaLedger() = default;

QuotaLedger::~QuotaLedger() {
  if (fd_ >= 0) ::close(fd_);
}

std::expected<std::shared_ptr<QuotaLedger>, std::string> QuotaLedger::Open(
    const std::filesystem::path& journal) {
  const std::string file = journal.string();
  auto fail = [&](const std::string& what) -> std::unexpected<std::string> {
    return std::unexpected(file + ": " + what);
  };
  std::error_code ec;
  if (journal.has_parent_path()) std::filesystem::create_directories(journal.parent_path(), ec);
  if (ec) return fail(ec.message());

  auto ledger = std::make_shared<QuotaLedger>();
  if (std::ifstream in(journal); in) {
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string plan, key, start, used;
      if (!std::getline(fields, plan, kSeparator) || !std::getline(fields, key, kSeparator) ||
          !std::getline(fields, start, kSeparator) || !std::getline(fields, used)) {
        continue;
      }
      try {
        ledger->entries_[IdOf(plan, key)] = {std::stoll(start), std::stoll(used)};
      } catch (const std::exception&) {
        continue;
      }
    }
  }
  // Compact: one line per id, written beside the journal and renamed over it.
  std::string compacted;
  for (const auto& [id, entry] : ledger->entries_) {
    compacted += id + kSeparator + std::to_string(entry.period_start) + kSeparator +
                 std::to_string(entry.used) + "\n";
  }
  const auto temp = std::filesystem::path(file + ".tmp");
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fail(std::strerror(errno));
  const bool written = WriteAll(fd, compacted) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return fail("cannot write");
  std::filesystem::rename(temp, journal, ec);
  if (ec) return fail(ec.message());

  ledger->fd_ = ::open(journal.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (ledger->fd_ < 0) return fail(std::strerror(errno));
  return ledger;
}

void QuotaLedger::Append(const std::string& id, const Entry& entry) {
  if (fd_ < 0) return;
  // One write per line: O_APPEND keeps lines whole against each other.
  WriteAll(fd_, id + kSeparator + std::to_string(entry.period_start) + kSeparator +
                    std::to_string(entry.used) + "\n");
}

bool QuotaLedger::TryConsume(const std::string& plan_id, const std::string& key_id,
                             const QuotaLimits& quota, std::chrono::system_clock::time_point now) {
  const std::int64_t start = QuotaPeriodStart(quota.period, now);
  const std::string id = IdOf(plan_id, key_id);
  std::lock_guard lock(mutex_);
  auto [it, first] = entries_.try_emplace(id, Entry{start, quota.offset});
  Entry& entry = it->second;
  if (!first && entry.period_start != start) entry = {start, 0};
  if (entry.used >= quota.limit) return false;
  ++entry.used;
  Append(id, entry);
  return true;
}

std::int64_t QuotaLedger::Used(const std::string& plan_id, const std::string& key_id,
                               const QuotaLimits& quota,
                               std::chrono::system_clock::time_point now) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(IdOf(plan_id, key_id));
  if (it == entries_.end()) return quota.offset;
  return it->second.period_start == QuotaPeriodStart(quota.period, now) ? it->second.used : 0;
}

}  // namespace nimbus::gateway
