// Lambda's concurrency accounting: how many invocations of each function may run at once.
// The account has one limit (1000 by default). A function with reserved concurrency has that
// many to itself and never more; every other function shares what is left (the unreserved
// pool). An invocation that finds no room is throttled, never queued: the caller gets 429
// TooManyRequestsException with the reason, as on Lambda.
//
//   auto limiter = std::make_shared<ConcurrencyLimiter>(1000, {{"orders", 5}});
//   auto lease = limiter->TryAcquire("orders");   // or ThrottleReason
//   ...                                            // the lease ends when the invocation does
//
// Thread-safe. Leases may outlive the limiter (they then release nothing).
#pragma once

#include <expected>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace nimbus::lambda {

// Lambda's default account concurrency limit.
inline constexpr int kDefaultAccountConcurrency = 1000;
// Reservations may not take the unreserved pool below this many (or below the whole account
// limit, for accounts smaller than that): "...below its minimum value of [100]".
inline constexpr int kMinUnreservedConcurrency = 100;

enum class ThrottleReason {
  kReservedFunctionConcurrentInvocationLimitExceeded,
  kConcurrentInvocationLimitExceeded,
};
// The wire name, e.g. "ConcurrentInvocationLimitExceeded".
std::string_view ThrottleReasonName(ThrottleReason reason);

class ConcurrencyLimiter;

// One running invocation's share of the limits. Move-only; released on destruction.
class ConcurrencyLease {
 public:
  ConcurrencyLease() = default;
  ConcurrencyLease(ConcurrencyLease&& other) noexcept;
  ConcurrencyLease& operator=(ConcurrencyLease&& other) noexcept;
  ConcurrencyLease(const ConcurrencyLease&) = delete;
  ConcurrencyLease& operator=(const ConcurrencyLease&) = delete;
  ~ConcurrencyLease() { Release(); }

  void Release();
  bool held() const { return !function_.empty(); }

 private:
  friend class ConcurrencyLimiter;
  ConcurrencyLease(std::weak_ptr<ConcurrencyLimiter> limiter, std::string function, bool unreserved)
      : limiter_(std::move(limiter)), function_(std::move(function)), unreserved_(unreserved) {}

  std::weak_ptr<ConcurrencyLimiter> limiter_;
  std::string function_;
  bool unreserved_ = false;  // counted against the unreserved pool (no reservation at acquire)
};

class ConcurrencyLimiter : public std::enable_shared_from_this<ConcurrencyLimiter> {
 public:
  // REQUIRES: Validate(account_limit, reserved) succeeded.
  ConcurrencyLimiter(int account_limit, std::map<std::string, int> reserved);

  // Checks that reservations leave the unreserved pool its minimum; the error says why not,
  // in Lambda's words.
  static std::expected<void, std::string> Validate(int account_limit,
                                                   const std::map<std::string, int>& reserved);

  std::expected<ConcurrencyLease, ThrottleReason> TryAcquire(const std::string& function);

  std::optional<int> Reserved(const std::string& function) const;
  // PutFunctionConcurrency. On refusal, the InvalidParameterValueException message.
  std::expected<void, std::string> PutReserved(const std::string& function, int reserved);
  void DeleteReserved(const std::string& function);

  int account_limit() const { return account_limit_; }
  // The account limit minus every reservation (GetAccountSettings).
  int UnreservedLimit() const;
  // Invocations of `function` holding a lease now.
  int InFlight(const std::string& function) const;
  // Invocations of `function` refused so far (the Throttles metric).
  int Throttles(const std::string& function) const;

 private:
  friend class ConcurrencyLease;
  using Lock = std::lock_guard<std::mutex>;
  void Release(const std::string& function, bool unreserved);
  int ReservedTotal() const;  // REQUIRES mu_ held

  const int account_limit_;
  mutable std::mutex mu_;
  std::map<std::string, int> reserved_;
  std::map<std::string, int> in_flight_;
  std::map<std::string, int> throttles_;
  int unreserved_in_flight_ = 0;
};

}  // namespace nimbus::lambda
