#include "dynamodb/service.h"

#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stop_token>
#include <thread>

#include "dynamodb/errors.h"
#include "dynamodb/index_build.h"
#include "dynamodb/legacy_params.h"
#include "dynamodb/limits.h"
#include "dynamodb/operations.h"
#include "dynamodb/storage.h"
#include "dynamodb/table_catalog.h"
#include "dynamodb/ttl.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

const std::map<std::string_view, Operation>& Operations() {
  static const std::map<std::string_view, Operation> kOperations = {
      {"CreateTable", &CreateTable},
      {"DescribeTable", &DescribeTable},
      {"ListTables", &ListTables},
      {"DeleteTable", &DeleteTable},
      {"UpdateTable", &UpdateTable},
      {"DescribeLimits", &DescribeLimits},
      {"DescribeEndpoints", &DescribeEndpoints},
      {"UpdateTimeToLive", &UpdateTimeToLive},
      {"DescribeTimeToLive", &DescribeTimeToLive},
      {"TagResource", &TagResource},
      {"UntagResource", &UntagResource},
      {"ListTagsOfResource", &ListTagsOfResource},
      {"PutItem", &PutItem},
      {"GetItem", &GetItem},
      {"UpdateItem", &UpdateItem},
      {"DeleteItem", &DeleteItem},
      {"Scan", &Scan},
      {"Query", &Query},
      {"BatchGetItem", &BatchGetItem},
      {"BatchWriteItem", &BatchWriteItem},
      {"TransactWriteItems", &TransactWriteItems},
      {"TransactGetItems", &TransactGetItems},
  };
  return kOperations;
}

double EpochSeconds() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count()) /
         1000.0;
}

class ServiceImpl final : public Service {
 public:
  ServiceImpl(Options options, std::unique_ptr<Storage> storage,
              std::unique_ptr<TableCatalog> catalog)
      : options_(std::move(options)), storage_(std::move(storage)), catalog_(std::move(catalog)) {
    if (!options_.clock) options_.clock = &EpochSeconds;
    // Builds a restart cut short start over (TableCatalog::Load reset them).
    builds_pending_ = true;
    if (options_.background_thread) {
      background_ = std::jthread([this](std::stop_token stop) { RunBackground(stop); });
    }
  }

  std::size_t SweepExpiredItems() override {
    return nimbus::dynamodb::SweepExpiredItems(*storage_, *catalog_, options_.clock());
  }

  void FinishIndexBuilds() override { RunIndexBuilds(*storage_, *catalog_); }

  Reply Handle(std::string_view operation, std::string_view body) override {
    auto it = Operations().find(operation);
    if (it == Operations().end()) return ToReply(UnknownOperation());
    boost::system::error_code ec;
    json::parse_options options;
    options.max_depth = limits::kMaxJsonDepth;
    json::value request =
        json::parse(body.empty() ? std::string_view("{}") : body, ec, {}, options);
    if (ec) return ToReply(SerializationError("Malformed JSON: " + ec.message()));
    if (!request.is_object()) {
      return ToReply(SerializationError(request.is_array()
                                            ? "Start of list found where not expected"
                                            : "Unexpected token received from parser"));
    }
    OperationContext ctx{*storage_, *catalog_, options_, options_.clock,
                         [this] { WakeForIndexBuild(); }};
    ReplyBody result;
    try {
      // Legacy parameters are checked before the operation looks at its table, as in DynamoDB.
      auto legacy = PrepareLegacyParameters(it->first, request.get_object());
      result = legacy ? it->second(ctx, request.get_object()) : std::unexpected(legacy.error());
    } catch (const std::exception&) {
      // A bug must not take the host down nor leak details; the request fails alone.
      result = std::unexpected(InternalServerError());
    }
    if (!result) return ToReply(result.error());
    return Reply{200, json::serialize(*result)};
  }

 private:
  void WakeForIndexBuild() {
    {
      std::lock_guard lock(mu_);
      builds_pending_ = true;
    }
    wake_.notify_all();
  }

  // Index builds as soon as one is waiting; TTL sweeps every ttl_sweep_interval. A build that
  // failed on a storage error is retried at the next sweep tick rather than in a tight loop.
  void RunBackground(std::stop_token stop) {
    using Clock = std::chrono::steady_clock;
    const auto interval = options_.ttl_sweep_interval;
    const bool sweeps = interval.count() > 0;
    auto next_tick = Clock::now() + (sweeps ? interval : std::chrono::milliseconds(1000));
    bool retry_builds = false;
    std::unique_lock lock(mu_);
    while (!stop.stop_requested()) {
      wake_.wait_until(lock, stop, next_tick, [this] { return builds_pending_; });
      if (stop.stop_requested()) break;
      bool tick = Clock::now() >= next_tick;
      bool builds = std::exchange(builds_pending_, false) || (retry_builds && tick);
      lock.unlock();
      if (builds) {
        retry_builds =
            !RunIndexBuilds(*storage_, *catalog_, [&stop] { return !stop.stop_requested(); });
      }
      if (tick) {
        if (sweeps) nimbus::dynamodb::SweepExpiredItems(*storage_, *catalog_, options_.clock());
        next_tick = Clock::now() + (sweeps ? interval : std::chrono::milliseconds(1000));
      }
      lock.lock();
    }
  }

  Options options_;
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<TableCatalog> catalog_;
  std::mutex mu_;
  std::condition_variable_any wake_;
  bool builds_pending_ = false;  // guarded by mu_
  // Last: stopped and joined first on destruction, while everything it uses still exists.
  std::jthread background_;
};

}  // namespace

std::expected<std::unique_ptr<Service>, std::string> Service::Open(Options options) {
  auto storage = Storage::Open(options.data_dir, options.sync_writes);
  if (!storage) return std::unexpected(storage.error());
  auto catalog = TableCatalog::Load(**storage);
  if (!catalog) return std::unexpected(catalog.error());
  return std::make_unique<ServiceImpl>(std::move(options), std::move(*storage),
                                       std::move(*catalog));
}

}  // namespace nimbus::dynamodb
