#include "gateway/access_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <fstream>
#include <sstream>

#include "gateway/route_metrics.h"

namespace nimbus::gateway {
namespace {

TEST(AccessLogTest, WritesOneLinePerRequestWithDashesForTheUnknown) {
  auto file = std::filesystem::temp_directory_path() /
              ("nimbus_access_" + std::to_string(::getpid())) / "api-dev.log";
  auto log = AccessLog::Open(
      {.format =
           R"({"requestId":"$context.requestId","status":"$context.status","ip":"$context.identity.sourceIp","lat":"$context.integrationLatency"})",
       .file = file});
  ASSERT_TRUE(log.has_value()) << log.error();
  ContextVariables v;
  v.request_id = "r1";
  v.status = 200;
  v.source_ip = "10.0.0.1";
  (*log)->Write(v);
  v.request_id = "r2\nforged";
  v.status = 404;
  v.integration_latency_ms = 3;
  (*log)->Write(v);
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(),
            "{\"requestId\":\"r1\",\"status\":\"200\",\"ip\":\"10.0.0.1\",\"lat\":\"-\"}\n"
            "{\"requestId\":\"r2 forged\",\"status\":\"404\",\"ip\":\"10.0.0.1\",\"lat\":\"3\"}\n");
  std::filesystem::remove_all(file.parent_path());
}

TEST(AccessLogTest, UnwritableFileIsAnError) {
  auto log = AccessLog::Open({.format = "$context.requestId", .file = "/proc/nope/x.log"});
  EXPECT_FALSE(log.has_value());
}

TEST(RouteMetricsTest, CountsPerRoute) {
  RouteMetrics metrics({"GET /people", "GET /people/{id}"});
  using std::chrono::microseconds;
  metrics.Record(0, 200, microseconds(2000), microseconds(1500));
  metrics.Record(0, 404, microseconds(4000), microseconds(3000));
  metrics.Record(1, 502, microseconds(1000), microseconds(-1));
  metrics.Record(metrics.no_route(), 403, microseconds(100), microseconds(-1));
  boost::json::object json = metrics.ToJson();
  const auto& routes = json.at("routes").as_array();
  ASSERT_EQ(routes.size(), 3u);
  const auto& people = routes[0].as_object();
  EXPECT_EQ(people.at("Route"), "GET /people");
  EXPECT_EQ(people.at("Count").as_uint64(), 2u);
  EXPECT_EQ(people.at("4XXError").as_uint64(), 1u);
  EXPECT_EQ(people.at("5XXError").as_uint64(), 0u);
  EXPECT_DOUBLE_EQ(people.at("Latency").at("Average").as_double(), 3.0);
  EXPECT_DOUBLE_EQ(people.at("Latency").at("Maximum").as_double(), 4.0);
  EXPECT_DOUBLE_EQ(people.at("IntegrationLatency").at("Sum").as_double(), 4.5);
  const auto& item = routes[1].as_object();
  EXPECT_EQ(item.at("5XXError").as_uint64(), 1u);
  EXPECT_EQ(item.at("IntegrationLatency").at("SampleCount").as_uint64(), 0u);
  EXPECT_EQ(routes[2].at("Route"), "(no route)");
  EXPECT_EQ(json.at("namespace"), "AWS/ApiGateway");
}

}  // namespace
}  // namespace nimbus::gateway
