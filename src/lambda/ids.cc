#include "lambda/ids.h"

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <random>

namespace nimbus::lambda {
namespace {

// Ids only need to be unique, not secret. One engine per thread, seeded once: constructing a
// std::random_device per id cost a third of the host's CPU on the warm invoke path (its
// initialisation probes the CPU, which traps in a virtual machine). Per thread, nothing shared.
std::string RandomHex(int digits) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  std::string out;
  out.reserve(static_cast<std::size_t>(digits));
  while (static_cast<int>(out.size()) < digits) {
    std::uint64_t v = engine();
    for (int i = 0; i < 16 && static_cast<int>(out.size()) < digits; ++i, v >>= 4) {
      out.push_back("0123456789abcdef"[v & 0xf]);
    }
  }
  return out;
}

}  // namespace

std::string NewRequestId() {
  std::string h = RandomHex(32);
  h[12] = '4';                                                  // version 4
  h[16] = "89ab"[std::stoi(h.substr(16, 1), nullptr, 16) & 3];  // RFC 4122 variant
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

std::string NewTraceId(std::chrono::system_clock::time_point now) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  char epoch[9];
  std::snprintf(epoch, sizeof epoch, "%08x", static_cast<std::uint32_t>(secs));
  return "Root=1-" + std::string(epoch) + "-" + RandomHex(24) + ";Parent=" + RandomHex(16) +
         ";Sampled=0";
}

std::string NewLogStreamName(std::chrono::system_clock::time_point now) {
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char date[16];
  std::strftime(date, sizeof date, "%Y/%m/%d", &tm);
  return std::string(date) + "/[$LATEST]" + RandomHex(32);
}

std::string FunctionArn(std::string_view region, std::string_view account,
                        std::string_view function) {
  std::string arn = "arn:aws:lambda:";
  arn.append(region).append(":").append(account).append(":function:").append(function);
  return arn;
}

}  // namespace nimbus::lambda
