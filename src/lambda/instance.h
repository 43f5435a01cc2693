// One execution environment: a runtime process, the Runtime API endpoint only it talks to,
// and where its invocation stands. A plain record: its FunctionPool owns it and guards it
// with the pool's mutex; the pool holds all the rules.
#pragma once

#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "lambda/invocation.h"
#include "lambda/log_lines.h"
#include "lambda/log_stream.h"
#include "lambda/process.h"
#include "net/http.h"

namespace nimbus::lambda {

// Carries the invocation from the scheduler to the instance's waiting `next` request; closed
// when the instance goes away.
using NextChannel = boost::asio::experimental::concurrent_channel<void(
    boost::system::error_code, std::shared_ptr<Invocation>)>;

enum class InstanceState {
  kStarting,      // spawned; its first `next` has not arrived (init phase)
  kIdle,          // a `next` is waiting: can take an invocation now
  kBusy,          // running `current`
  kAwaitingNext,  // answered; its next `next` is on the way
  kDead,          // killed or failed; waiting to be reaped
};

// Lambda's name for the runtime's state, as its Runtime API quotes it in InvalidStateTransition.
inline std::string_view RuntimeStateName(InstanceState state, bool init_failed) {
  switch (state) {
    case InstanceState::kStarting:
      return "Started";
    case InstanceState::kIdle:
    case InstanceState::kBusy:
      return "Ready";
    case InstanceState::kAwaitingNext:
      return "RuntimeResponseSentState";
    case InstanceState::kDead:
      break;
  }
  return init_failed ? "InitError" : "RuntimeResponseSentState";
}

struct Instance {
  explicit Instance(boost::asio::any_io_executor executor) : next(executor, 1), timer(executor) {}

  int id = 0;
  InstanceState state = InstanceState::kStarting;
  std::string log_stream;
  // The file stdout/stderr and the platform lines go to; empty when they go to our stderr.
  std::filesystem::path log_path;
  std::unique_ptr<net::HttpServer> server;
  std::unique_ptr<Process> process;
  std::shared_ptr<LogStream> log;
  NextChannel next;
  // The init timeout while starting, then each invocation's timeout.
  boost::asio::steady_timer timer;

  // While starting: the invocation whose arrival caused this cold start. Then: the one running.
  std::shared_ptr<Invocation> current;
  std::chrono::steady_clock::time_point spawned_at;
  std::chrono::steady_clock::time_point invocation_started_at;
  // Reported (once) in the REPORT line of the instance's first invocation.
  std::optional<std::chrono::nanoseconds> init_duration;
  // What the runtime posted to /runtime/init/error, for the caller it leaves waiting.
  std::optional<std::string> init_error;

  // Lifecycle (function_pool_lifecycle.cc).
  bool frozen = false;         // SIGSTOPped while idle
  bool provisioned = false;    // provisioned concurrency: initialised ahead, never reaped idle
  bool init_reported = false;  // a provisioned instance's init outcome was reported
  bool initialised = false;    // asked for its first invocation at least once
  int generation = 0;          // the pool's code generation it was started with (Reload)
  std::string access_key_id;   // its own credentials, revoked when it goes
};

}  // namespace nimbus::lambda
