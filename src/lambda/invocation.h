// One synchronous invocation as it travels through the host: created by Invoke, queued or
// bound to an instance, finished exactly once (response, error, timeout, crash) by whoever
// gets there first. The caller waits on `done` without holding a thread.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <string>

#include "lambda/concurrency.h"
#include "lambda/invoker.h"

namespace nimbus::lambda {

using ResultChannel =
    boost::asio::experimental::concurrent_channel<void(boost::system::error_code, InvokeResult)>;

struct Invocation {
  Invocation(boost::asio::any_io_executor executor, std::string id, std::string event,
             std::string trace)
      : request_id(std::move(id)),
        payload(std::move(event)),
        trace_id(std::move(trace)),
        done(executor, 1) {}

  // First call wins; later ones (a crash racing a timeout) are ignored. Callers serialise
  // through their pool's mutex.
  void Finish(InvokeResult result) {
    if (finished) return;
    finished = true;
    lease.Release();  // the concurrency it held is free the moment it ends
    result.request_id = request_id;
    done.try_send(boost::system::error_code{}, std::move(result));
  }

  const std::string request_id;
  const std::string payload;
  const std::string trace_id;
  // From the caller (InvokeContext), passed to the runtime as they are.
  std::string client_context;
  std::string cognito_identity;
  std::int64_t deadline_ms = 0;  // set when an instance starts it
  // The caller asked for the log tail (X-Amz-Log-Type: Tail); where its log starts in the
  // instance's log file, set when an instance starts it.
  bool tail_log = false;
  std::uint64_t log_offset = 0;
  // Its share of the concurrency limits, held until it finishes.
  ConcurrencyLease lease;
  bool finished = false;
  ResultChannel done;
};

}  // namespace nimbus::lambda
