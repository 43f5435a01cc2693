#include "gateway/route_metrics.h"

#include <algorithm>
#include <boost/json/array.hpp>

namespace nimbus::gateway {

namespace {

void RaiseMax(std::atomic<std::uint64_t>& max, std::uint64_t value) {
  std::uint64_t seen = max.load(std::memory_order_relaxed);
  while (value > seen && !max.compare_exchange_weak(seen, value, std::memory_order_relaxed)) {
  }
}

boost::json::object Statistic(std::uint64_t samples, std::uint64_t sum_us, std::uint64_t max_us) {
  double sum_ms = static_cast<double>(sum_us) / 1000.0;
  return {{"SampleCount", samples},
          {"Sum", sum_ms},
          {"Average", samples == 0 ? 0.0 : sum_ms / static_cast<double>(samples)},
          {"Maximum", static_cast<double>(max_us) / 1000.0}};
}

}  // namespace

RouteMetrics::RouteMetrics(std::vector<std::string> routes)
    : routes_(std::move(routes)), counters_(new Counters[routes_.size() + 1]) {}

void RouteMetrics::Record(std::size_t route, int status, std::chrono::microseconds latency,
                          std::chrono::microseconds integration) {
  if (route > routes_.size()) route = routes_.size();
  Counters& c = counters_[route];
  constexpr auto relaxed = std::memory_order_relaxed;
  c.count.fetch_add(1, relaxed);
  if (status >= 400 && status < 500) c.errors_4xx.fetch_add(1, relaxed);
  if (status >= 500) c.errors_5xx.fetch_add(1, relaxed);
  auto us = static_cast<std::uint64_t>(std::max<std::int64_t>(0, latency.count()));
  c.latency_sum_us.fetch_add(us, relaxed);
  RaiseMax(c.latency_max_us, us);
  if (integration.count() >= 0) {
    auto ius = static_cast<std::uint64_t>(integration.count());
    c.integration_count.fetch_add(1, relaxed);
    c.integration_sum_us.fetch_add(ius, relaxed);
    RaiseMax(c.integration_max_us, ius);
  }
}

boost::json::object RouteMetrics::ToJson() const {
  boost::json::array routes;
  for (std::size_t i = 0; i <= routes_.size(); ++i) {
    const Counters& c = counters_[i];
    std::uint64_t count = c.count.load();
    if (i == routes_.size() && count == 0) continue;
    routes.push_back(boost::json::object{
        {"Route", i == routes_.size() ? std::string("(no route)") : routes_[i]},
        {"Count", count},
        {"4XXError", c.errors_4xx.load()},
        {"5XXError", c.errors_5xx.load()},
        {"Latency", Statistic(count, c.latency_sum_us.load(), c.latency_max_us.load())},
        {"IntegrationLatency", Statistic(c.integration_count.load(), c.integration_sum_us.load(),
                                         c.integration_max_us.load())}});
  }
  return {{"namespace", "AWS/ApiGateway"}, {"routes", std::move(routes)}};
}

}  // namespace nimbus::gateway
