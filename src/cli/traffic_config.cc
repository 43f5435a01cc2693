#include "cli/traffic_config.h"

#include "gateway/quota_ledger.h"

namespace nimbus::cli {

namespace {

gateway::ThrottleLimits Limits(const stack::ThrottleSpec& spec) {
  return {.rate_limit = spec.rate_limit, .burst_limit = static_cast<double>(spec.burst_limit)};
}

gateway::QuotaPeriod Period(const std::string& period) {
  if (period == "WEEK") return gateway::QuotaPeriod::kWeek;
  if (period == "MONTH") return gateway::QuotaPeriod::kMonth;
  return gateway::QuotaPeriod::kDay;
}

}  // namespace

std::expected<gateway::TrafficOptions, std::string> TrafficOptionsFor(
    const stack::Stack& stack, const std::filesystem::path& data_dir) {
  const stack::ApiSpec& api = *stack.api;
  gateway::TrafficOptions options;
  for (const auto& key : stack.api_keys) {
    options.api_keys.push_back({.id = key.name, .value = key.value, .enabled = key.enabled});
  }
  for (const auto& plan : stack.usage_plans) {
    for (const auto& stage : plan.api_stages) {
      if (stage.api != api.name || stage.stage != api.stage) continue;
      gateway::UsagePlan usage_plan{.id = plan.name, .key_ids = plan.keys};
      if (plan.throttle) usage_plan.throttle = Limits(*plan.throttle);
      for (const auto& [path, limits] : stage.throttle) {
        usage_plan.method_throttle[path] = Limits(limits);
      }
      if (plan.quota) {
        usage_plan.quota = gateway::QuotaLimits{.limit = plan.quota->limit,
                                                .period = Period(plan.quota->period),
                                                .offset = plan.quota->offset};
      }
      options.usage_plans.push_back(std::move(usage_plan));
    }
  }
  if (api.account_throttle) options.account = Limits(*api.account_throttle);
  for (const auto& [method_path, limits] : api.method_settings) {
    if (method_path == "*/*") {
      options.stage = Limits(limits);
    } else {
      // Terraform's method_path has no leading slash: "people/{personId}/GET".
      options.methods[method_path.starts_with("/") ? method_path : "/" + method_path] =
          Limits(limits);
    }
  }
  auto ledger = gateway::QuotaLedger::Open(data_dir / "gateway" / "quotas.journal");
  if (!ledger) return std::unexpected(ledger.error());
  options.quota_ledger = std::move(*ledger);
  return options;
}

}  // namespace nimbus::cli
