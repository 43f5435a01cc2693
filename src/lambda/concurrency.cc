#include "lambda/concurrency.h"

#include <algorithm>

namespace nimbus::lambda {
namespace {

int MinUnreserved(int account_limit) { return std::min(kMinUnreservedConcurrency, account_limit); }

std::string BelowMinimum(int account_limit) {
  return "Specified ReservedConcurrentExecutions for function decreases account's "
         "UnreservedConcurrentExecution below its minimum value of [" +
         std::to_string(MinUnreserved(account_limit)) + "].";
}

}  // namespace

std::string_view ThrottleReasonName(ThrottleReason reason) {
  switch (reason) {
    case ThrottleReason::kReservedFunctionConcurrentInvocationLimitExceeded:
      return "ReservedFunctionConcurrentInvocationLimitExceeded";
    case ThrottleReason::kConcurrentInvocationLimitExceeded:
      return "ConcurrentInvocationLimitExceeded";
  }
  return "ConcurrentInvocationLimitExceeded";
}

ConcurrencyLease::ConcurrencyLease(ConcurrencyLease&& other) noexcept
    : limiter_(std::move(other.limiter_)),
      function_(std::move(other.function_)),
      unreserved_(other.unreserved_) {
  other.function_.clear();
}

ConcurrencyLease& ConcurrencyLease::operator=(ConcurrencyLease&& other) noexcept {
  if (this != &other) {
    Release();
    limiter_ = std::move(other.limiter_);
    function_ = std::move(other.function_);
    unreserved_ = other.unreserved_;
    other.function_.clear();
  }
  return *this;
}

void ConcurrencyLease::Release() {
  if (function_.empty()) return;
  if (auto limiter = limiter_.lock()) limiter->Release(function_, unreserved_);
  function_.clear();
  limiter_.reset();
}

ConcurrencyLimiter::ConcurrencyLimiter(int account_limit, std::map<std::string, int> reserved)
    : account_limit_(account_limit), reserved_(std::move(reserved)) {}

std::expected<void, std::string> ConcurrencyLimiter::Validate(
    int account_limit, const std::map<std::string, int>& reserved) {
  if (account_limit < 1) return std::unexpected("the account concurrency limit must be at least 1");
  long total = 0;
  for (const auto& [name, n] : reserved) {
    if (n < 0) return std::unexpected(name + ": reserved concurrency must not be negative");
    total += n;
  }
  if (total > 0 && account_limit - total < MinUnreserved(account_limit)) {
    return std::unexpected(BelowMinimum(account_limit));
  }
  return {};
}

std::expected<ConcurrencyLease, ThrottleReason> ConcurrencyLimiter::TryAcquire(
    const std::string& function) {
  Lock lock(mu_);
  int& running = in_flight_[function];
  if (auto it = reserved_.find(function); it != reserved_.end()) {
    if (running >= it->second) {
      ++throttles_[function];
      return std::unexpected(ThrottleReason::kReservedFunctionConcurrentInvocationLimitExceeded);
    }
    ++running;
    return ConcurrencyLease(weak_from_this(), function, false);
  }
  if (unreserved_in_flight_ >= account_limit_ - ReservedTotal()) {
    ++throttles_[function];
    return std::unexpected(ThrottleReason::kConcurrentInvocationLimitExceeded);
  }
  ++running;
  ++unreserved_in_flight_;
  return ConcurrencyLease(weak_from_this(), function, true);
}

void ConcurrencyLimiter::Release(const std::string& function, bool unreserved) {
  Lock lock(mu_);
  if (auto it = in_flight_.find(function); it != in_flight_.end() && it->second > 0) --it->second;
  if (unreserved && unreserved_in_flight_ > 0) --unreserved_in_flight_;
}

std::optional<int> ConcurrencyLimiter::Reserved(const std::string& function) const {
  Lock lock(mu_);
  auto it = reserved_.find(function);
  if (it == reserved_.end()) return std::nullopt;
  return it->second;
}

std::expected<void, std::string> ConcurrencyLimiter::PutReserved(const std::string& function,
                                                                 int reserved) {
  Lock lock(mu_);
  auto next = reserved_;
  next[function] = reserved;
  if (auto valid = Validate(account_limit_, next); !valid) return valid;
  reserved_ = std::move(next);
  return {};
}

void ConcurrencyLimiter::DeleteReserved(const std::string& function) {
  Lock lock(mu_);
  reserved_.erase(function);
}

int ConcurrencyLimiter::UnreservedLimit() const {
  Lock lock(mu_);
  return account_limit_ - ReservedTotal();
}

int ConcurrencyLimiter::InFlight(const std::string& function) const {
  Lock lock(mu_);
  auto it = in_flight_.find(function);
  return it == in_flight_.end() ? 0 : it->second;
}

int ConcurrencyLimiter::Throttles(const std::string& function) const {
  Lock lock(mu_);
  auto it = throttles_.find(function);
  return it == throttles_.end() ? 0 : it->second;
}

int ConcurrencyLimiter::ReservedTotal() const {
  int total = 0;
  for (const auto& [name, n] : reserved_) total += n;
  return total;
}

}  // namespace nimbus::lambda
