#include "events/events.h"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <ctime>
#include <fstream>
#include <iostream>

#include "events/core.h"
#include "events/state_file.h"

namespace nimbus::events {
namespace {

// stdout for the person at the terminal, delivery.log for later.
LogSink StdoutAndFile(const std::filesystem::path& file) {
  auto mutex = std::make_shared<std::mutex>();
  auto out = std::make_shared<std::ofstream>(file, std::ios::app);
  return [mutex, out](const std::string& line) {
    std::lock_guard lock(*mutex);
    std::cout << "nimbus: " << line << std::endl;
    *out << line << std::endl;
  };
}

}  // namespace

std::string IsoTime(std::chrono::system_clock::time_point t, bool milliseconds) {
  const auto since_epoch =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch());
  const std::time_t seconds = static_cast<std::time_t>(since_epoch.count() / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out = buffer;
  if (milliseconds) {
    char millis[8];
    std::snprintf(millis, sizeof millis, ".%03d", static_cast<int>(since_epoch.count() % 1000));
    out += millis;
  }
  return out + "Z";
}

std::string NewUuid() {
  thread_local boost::uuids::random_generator generator;
  return boost::uuids::to_string(generator());
}

std::string FunctionNameOf(std::string_view arn) {
  if (arn.starts_with("arn:")) {
    auto pos = arn.find(":function:");
    if (pos != std::string_view::npos) arn = arn.substr(pos + 10);
  }
  return std::string(arn.substr(0, arn.find(':')));
}

std::expected<void, aws::Error> Events::Core::Save() {
  auto saved = SaveState(state_file, state);
  if (!saved) {
    log("events: cannot save state: " + saved.error());
    return std::unexpected(aws::Error{500, "InternalError", "Internal Error"});
  }
  return {};
}

std::expected<std::unique_ptr<Events>, std::string> Events::Open(
    boost::asio::any_io_executor executor, lambda::Invoker& invoker, EventsOptions options,
    EventsDependencies deps) {
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) return std::unexpected(options.data_dir.string() + ": " + ec.message());
  auto state_file = options.data_dir / "state.json";
  auto state = LoadState(state_file);
  if (!state) return std::unexpected(state.error());
  if (!deps.http) deps.http = MakeBeastHttpPoster(std::chrono::seconds(15));
  if (!deps.waiter) deps.waiter = MakeTimerWaiter();
  if (!deps.log) deps.log = StdoutAndFile(options.data_dir / "delivery.log");
  auto core = std::make_unique<Core>(std::move(options), std::move(executor), invoker,
                                     std::move(deps.http), std::move(deps.waiter), deps.log);
  core->state_file = std::move(state_file);
  core->state = std::move(*state);
  // Every account has the default bus.
  if (!core->state.buses.contains("default")) {
    core->state.buses["default"] = {"default", core->EventsArnPrefix() + "event-bus/default"};
  }
  return std::unique_ptr<Events>(new Events(std::move(core)));
}

Events::Events(std::unique_ptr<Core> core) : core_(std::move(core)) {}
Events::~Events() { core_->deliverer.Stop(); }

Reply Events::Sns(const Params& params) { return HandleSns(*core_, params); }

Reply Events::SnsLink(const Params& params) {
  const auto action = Get(params, "Action").value_or("");
  if (action != "ConfirmSubscription" && action != "Unsubscribe") {
    return Reply{403, "text/xml", "", NewUuid()};
  }
  return HandleSns(*core_, params);
}

Reply Events::EventBridge(std::string_view operation, std::string_view body) {
  return HandleEventBridge(*core_, operation, body);
}

std::string Events::TopicArn(std::string_view topic_name) const {
  return core_->SnsArnPrefix() + std::string(topic_name);
}

std::string Events::FunctionArn(std::string_view function_name) const {
  return core_->LambdaArnPrefix() + std::string(function_name);
}

void Events::Stop() { core_->deliverer.Stop(); }

int Events::DeliveriesInFlight() const { return core_->deliverer.InFlight(); }

}  // namespace nimbus::events
