// Counts the requests each API key makes under a usage plan's quota, per period (UTC calendar
// day, ISO week from Monday, calendar month), and keeps the counts across restarts.
//
// Every counted request appends one line to a journal file before it is admitted, so a
// count survives kill -9 of the process (not a power cut: there is no fsync per request).
// Opening replays the journal and compacts it. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "gateway/traffic.h"

namespace nimbus::gateway {

class QuotaLedger {
 public:
  // Counts kept in memory only.
  QuotaLedger();
  // Counts kept in `journal` (created with its folder if missing). The error names the file.
  static std::expected<std::shared_ptr<QuotaLedger>, std::string> Open(
      const std::filesystem::path& journal);
  ~QuotaLedger();
  QuotaLedger(const QuotaLedger&) = delete;
  QuotaLedger& operator=(const QuotaLedger&) = delete;

  // Counts one request of `key_id` under `plan_id`, unless the current period's quota is
  // spent; false then, and nothing is counted.
  bool TryConsume(const std::string& plan_id, const std::string& key_id, const QuotaLimits& quota,
                  std::chrono::system_clock::time_point now);

  // Requests counted in the period holding `now` (the offset included in the initial period).
  std::int64_t Used(const std::string& plan_id, const std::string& key_id, const QuotaLimits& quota,
                    std::chrono::system_clock::time_point now) const;

 private:
  struct Entry {
    std::int64_t period_start = 0;  // days since the epoch, UTC
    std::int64_t used = 0;
  };
  void Append(const std::string& id, const Entry& entry);

  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;  // keyed by plan and key
  int fd_ = -1;                           // the journal, opened for appending; -1: none
};

// The first day (days since the epoch, UTC) of the quota period holding `now`.
std::int64_t QuotaPeriodStart(QuotaPeriod period, std::chrono::system_clock::time_point now);

}  // namespace nimbus::gateway
