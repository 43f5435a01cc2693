// Per-route counters as API Gateway reports them to CloudWatch (namespace AWS/ApiGateway):
// Count, 4XXError, 5XXError, Latency and IntegrationLatency (milliseconds), kept in memory
// since start. Routes are fixed at construction; recording is lock-free.
//
// Thread-safe.
#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace nimbus::gateway {

class RouteMetrics {
 public:
  // `routes`: one label per route ("GET /people/{id}"); index routes.size() counts requests
  // that matched no route.
  explicit RouteMetrics(std::vector<std::string> routes);

  // `integration` is negative when no integration was called.
  void Record(std::size_t route, int status, std::chrono::microseconds latency,
              std::chrono::microseconds integration);

  std::size_t no_route() const { return routes_.size(); }

  // {"namespace":"AWS/ApiGateway","routes":[{"Route":..,"Count":..,"4XXError":..,
  //  "5XXError":..,"Latency":{"SampleCount","Sum","Average","Maximum"},"IntegrationLatency":..}]}
  boost::json::object ToJson() const;

 private:
  struct Counters {
    std::atomic<std::uint64_t> count{0}, errors_4xx{0}, errors_5xx{0};
    std::atomic<std::uint64_t> latency_sum_us{0}, latency_max_us{0};
    std::atomic<std::uint64_t> integration_count{0}, integration_sum_us{0}, integration_max_us{0};
  };
  std::vector<std::string> routes_;
  std::unique_ptr<Counters[]> counters_;
};

}  // namespace nimbus::gateway
