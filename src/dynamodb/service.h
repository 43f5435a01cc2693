// The dynamodb service: DynamoDB's data and control plane on RocksDB. It takes one call of the
// DynamoDB JSON 1.0 protocol (the operation named by X-Amz-Target and its JSON body) and
// returns the service's reply: the result document, or the error document with the exact
// `__type` and message style DynamoDB uses. HTTP, SigV4 and request ids are the caller's
// (the edge's) business.
//
//   auto service = dynamodb::Service::Open({.data_dir = ".nimbus/dynamodb"});
//   Reply r = (*service)->Handle("GetItem", R"({"TableName":"people","Key":{...}})");
//
// Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace nimbus::dynamodb {

struct Options {
  std::filesystem::path data_dir;  // RocksDB lives here; created if missing
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // fsync the write-ahead log on every write. Off: an acknowledged write survives a crash
  // of the process (the WAL is written before the reply), not a crash of the machine.
  bool sync_writes = false;
  // The service's background thread builds the indexes UpdateTable adds and, every
  // ttl_sweep_interval, deletes the items whose TTL has expired. Off (tests): nothing happens
  // until the test hooks below run it; a zero interval turns only the sweeps off.
  bool background_thread = true;
  std::chrono::milliseconds ttl_sweep_interval{1000};
  // Epoch seconds: CreationDateTime, TTL expiry. Null: the system clock.
  std::function<double()> clock;
  // The Address DescribeEndpoints reports; empty: dynamodb.<region>.amazonaws.com.
  std::string endpoint_address;
};

struct Reply {
  int http_status = 200;
  std::string body;  // JSON; Content-Type application/x-amz-json-1.0
};

class Service {
 public:
  static std::expected<std::unique_ptr<Service>, std::string> Open(Options options);
  virtual ~Service() = default;

  // `operation` is the X-Amz-Target suffix after "DynamoDB_20120810.", e.g. "PutItem".
  virtual Reply Handle(std::string_view operation, std::string_view body) = 0;

  // Test hooks: what the background thread does, done now on the calling thread.
  // Deletes the items expired at Options::clock's now; returns how many.
  virtual std::size_t SweepExpiredItems() = 0;
  // Builds every index still being built to the end (IndexStatus ACTIVE).
  virtual void FinishIndexBuilds() = 0;
};

}  // namespace nimbus::dynamodb
