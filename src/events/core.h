// Inside the events service: the state every action works on, its lock, and the ways out
// (persistence, delivery, log). Shared by the SNS and EventBridge halves; not public.
#pragma once

#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>

#include "aws/error.h"
#include "events/delivery.h"
#include "events/events.h"
#include "events/model.h"

namespace nimbus::events {

struct Events::Core {
  Core(EventsOptions o, boost::asio::any_io_executor executor, lambda::Invoker& invoker,
       std::shared_ptr<HttpPoster> http, std::shared_ptr<Waiter> waiter, LogSink l)
      : options(std::move(o)),
        deliverer(std::move(executor), invoker, std::move(http), std::move(waiter), l),
        log(std::move(l)) {}

  EventsOptions options;
  std::filesystem::path state_file;
  mutable std::mutex mutex;
  State state;  // guarded by mutex
  Deliverer deliverer;
  LogSink log;

  std::chrono::system_clock::time_point Now() const {
    return options.clock ? options.clock() : std::chrono::system_clock::now();
  }
  // REQUIRES: mutex held. A failure to persist is the service's, not the caller's.
  std::expected<void, aws::Error> Save();

  std::string SnsArnPrefix() const {
    return "arn:aws:sns:" + options.region + ":" + options.account_id + ":";
  }
  std::string EventsArnPrefix() const {
    return "arn:aws:events:" + options.region + ":" + options.account_id + ":";
  }
  std::string LambdaArnPrefix() const {
    return "arn:aws:lambda:" + options.region + ":" + options.account_id + ":function:";
  }
};

// The two halves' wire handlers (sns_service.cc, eventbridge_service.cc).
Reply HandleSns(Events::Core& core, const Params& params);
Reply HandleEventBridge(Events::Core& core, std::string_view operation, std::string_view body);

// "2015-06-03T17:43:27.123Z" (SNS) or, without milliseconds, "2017-12-22T18:43:48Z" (EventBridge).
std::string IsoTime(std::chrono::system_clock::time_point t, bool milliseconds);
std::string NewUuid();

// The function name in a Lambda function ARN (or the name itself), without a qualifier.
std::string FunctionNameOf(std::string_view arn_or_name);

}  // namespace nimbus::events
