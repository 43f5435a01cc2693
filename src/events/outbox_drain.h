// The outbox drain: the other half of a transactional outbox. An application writes its data
// and, in the same TransactWriteItems, an outbox item:
//   outboxId (S, the hash key), topic (S, a topic name), message (S), subject (S, optional),
//   attributes (M of S or N, optional: SNS message attributes), createdAt (S, ISO 8601).
// The drain publishes each item to its topic and only then deletes it, so an event is never
// lost across a crash (kill -9 included); it may be published twice (at least once).
// Items that cannot be published (their topic does not exist, SNS refuses the message) stay in
// the table and are logged once.
//
//   OutboxDrain drain(dynamodb, events, {{"outbox", "customer-events"}}, log);
//   drain.DrainOnce();                         // tests: one pass, now
//   drain.Start(io.get_executor(), waiter);    // nimbus up: a pass every interval
//
// DrainOnce is not reentrant; Start runs passes one at a time.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "dynamodb/service.h"
#include "events/delivery.h"
#include "events/events.h"

namespace nimbus::events {

struct OutboxTable {
  std::string table;
  std::string default_topic;  // for items that name no topic
};

struct OutboxOptions {
  // How long the drain sleeps between passes: the most an event waits before it is published.
  std::chrono::milliseconds interval{200};
  // Items read per Scan page; a pass reads until the table has been read once.
  int page_size = 100;
};

class OutboxDrain {
 public:
  // REQUIRES: `dynamodb` and `events` outlive the drain.
  OutboxDrain(dynamodb::Service& dynamodb, Events& events, std::vector<OutboxTable> tables,
              LogSink log, OutboxOptions options = {});

  // One pass over every outbox table; returns how many items were published and deleted.
  std::size_t DrainOnce();

  void Start(boost::asio::any_io_executor executor, std::shared_ptr<Waiter> waiter);
  void Stop();

 private:
  std::size_t DrainTable(const OutboxTable& table);
  // Publishes one item; false if it stays (and is logged once).
  bool PublishItem(const OutboxTable& table, const boost::json::object& item);
  void LogOnce(const std::string& key, const std::string& line);

  dynamodb::Service& dynamodb_;
  Events& events_;
  std::vector<OutboxTable> tables_;
  LogSink log_;
  OutboxOptions options_;
  std::set<std::string> logged_;  // problems already reported, by item or table
  std::atomic<bool> stopped_{false};
  std::shared_ptr<Waiter> waiter_;
};

}  // namespace nimbus::events
