#include "events/outbox_drain.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/json.hpp>

namespace nimbus::events {
namespace {

namespace json = boost::json;

// The string inside a DynamoDB attribute value {"S": "..."}; empty if it is not one.
std::string StringAttribute(const json::object& item, std::string_view name) {
  const auto* v = item.if_contains(name);
  if (!v || !v->is_object()) return {};
  const auto* s = v->as_object().if_contains("S");
  return s && s->is_string() ? std::string(s->as_string()) : std::string();
}

std::string CreatedAt(const json::value& item) {
  return StringAttribute(item.as_object(), "createdAt");
}

}  // namespace

OutboxDrain::OutboxDrain(dynamodb::Service& dynamodb, Events& events,
                         std::vector<OutboxTable> tables, LogSink log, OutboxOptions options)
    : dynamodb_(dynamodb),
      events_(events),
      tables_(std::move(tables)),
      log_(std::move(log)),
      options_(options) {}

std::size_t OutboxDrain::DrainOnce() {
  std::size_t published = 0;
  for (const auto& table : tables_) published += DrainTable(table);
  return published;
}

std::size_t OutboxDrain::DrainTable(const OutboxTable& table) {
  std::size_t published = 0;
  json::value start_key;
  do {
    json::object scan{
        {"TableName", table.table}, {"Limit", options_.page_size}, {"ConsistentRead", true}};
    if (!start_key.is_null()) scan["ExclusiveStartKey"] = start_key;
    auto reply = dynamodb_.Handle("Scan", json::serialize(scan));
    if (reply.http_status != 200) {
      LogOnce("table " + table.table,
              "events: outbox " + table.table + " cannot be read: " + reply.body);
      return published;
    }
    auto page = json::parse(reply.body).as_object();
    auto& items = page["Items"].as_array();
    // Oldest first, as far as one page allows: the table's order is the hash of the key.
    std::stable_sort(items.begin(), items.end(), [](const json::value& a, const json::value& b) {
      return CreatedAt(a) < CreatedAt(b);
    });
    for (const auto& item : items) {
      if (stopped_) return published;
      if (!PublishItem(table, item.as_object())) continue;
      json::object key{{"outboxId", item.as_object().at("outboxId")}};
      auto deleted = dynamodb_.Handle(
          "DeleteItem", json::serialize(json::object{{"TableName", table.table}, {"Key", key}}));
      if (deleted.http_status != 200) {
        // Published but still there: it goes out again on the next pass (at least once).
        log_("events: outbox " + table.table + ": cannot delete a published item: " + deleted.body);
        continue;
      }
      ++published;
    }
    start_key = page.contains("LastEvaluatedKey") ? page["LastEvaluatedKey"] : json::value();
  } while (!start_key.is_null());
  return published;
}

bool OutboxDrain::PublishItem(const OutboxTable& table, const json::object& item) {
  const std::string id = StringAttribute(item, "outboxId");
  std::string topic = StringAttribute(item, "topic");
  if (topic.empty()) topic = table.default_topic;
  const std::string message = StringAttribute(item, "message");
  Params params{{"Action", "Publish"},
                {"Version", "2010-03-31"},
                {"TopicArn", topic.starts_with("arn:") ? topic : events_.TopicArn(topic)},
                {"Message", message}};
  if (auto subject = StringAttribute(item, "subject"); !subject.empty()) {
    params["Subject"] = subject;
  }
  if (const auto* attributes = item.if_contains("attributes");
      attributes && attributes->is_object() && attributes->as_object().contains("M")) {
    int n = 0;
    for (const auto& [name, value] : attributes->as_object().at("M").as_object()) {
      if (!value.is_object()) continue;
      const auto& v = value.as_object();
      const bool number = v.contains("N");
      const auto* text = number ? v.if_contains("N") : v.if_contains("S");
      if (!text || !text->is_string()) continue;
      const auto base = "MessageAttributes.entry." + std::to_string(++n) + ".";
      params[base + "Name"] = std::string(name);
      params[base + "Value.DataType"] = number ? "Number" : "String";
      params[base + "Value.StringValue"] = std::string(text->as_string());
    }
  }
  auto reply = events_.Sns(params);
  if (reply.http_status == 200) return true;
  LogOnce("item " + table.table + "/" + id, "events: outbox " + table.table + " item " + id +
                                                " waits: publishing to " + topic +
                                                " failed: " + reply.body);
  return false;
}

void OutboxDrain::LogOnce(const std::string& key, const std::string& line) {
  if (logged_.insert(key).second) log_(line);
}

void OutboxDrain::Start(boost::asio::any_io_executor executor, std::shared_ptr<Waiter> waiter) {
  waiter_ = waiter;
  boost::asio::co_spawn(
      executor,
      [this, waiter]() -> boost::asio::awaitable<void> {
        while (!stopped_) {
          DrainOnce();
          co_await waiter->Wait(options_.interval);
        }
      },
      boost::asio::detached);
}

void OutboxDrain::Stop() {
  stopped_ = true;
  if (waiter_) waiter_->Stop();
}

}  // namespace nimbus::events
