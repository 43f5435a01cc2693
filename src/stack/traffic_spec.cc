#include "stack/traffic_spec.h"

#include <set>

namespace nimbus::stack {

namespace {

std::unexpected<TrafficSpecError> Error(std::string path, std::string message) {
  return std::unexpected(TrafficSpecError{std::move(path), std::move(message)});
}

std::optional<TrafficSpecError> AllowOnly(const YAML::Node& node, const std::string& path,
                                          const std::set<std::string>& keys) {
  if (!node.IsMap()) return TrafficSpecError{path, "must be a mapping"};
  for (const auto& entry : node) {
    const auto key = entry.first.as<std::string>();
    if (!keys.contains(key)) return TrafficSpecError{path + "." + key, "unknown key"};
  }
  return std::nullopt;
}

template <typename T>
std::expected<T, TrafficSpecError> Number(const YAML::Node& node, const std::string& path, T min) {
  if (!node.IsScalar()) return Error(path, "must be a number");
  T value{};
  try {
    value = node.as<T>();
  } catch (const YAML::Exception&) {
    return Error(path, "must be a number");
  }
  if (value < min) return Error(path, "must be at least " + std::to_string(min));
  return value;
}

std::expected<ThrottleSpec, TrafficSpecError> ReadLimits(const YAML::Node& node,
                                                         const std::string& path,
                                                         const std::string& rate_key,
                                                         const std::string& burst_key) {
  ThrottleSpec spec;
  if (!node[rate_key] || !node[burst_key]) {
    return Error(path, "needs " + rate_key + " and " + burst_key);
  }
  auto rate = Number<double>(node[rate_key], path + "." + rate_key, 0);
  if (!rate) return std::unexpected(rate.error());
  auto burst = Number<int>(node[burst_key], path + "." + burst_key, 0);
  if (!burst) return std::unexpected(burst.error());
  return ThrottleSpec{*rate, *burst};
}

std::expected<QuotaSpec, TrafficSpecError> ReadQuota(const YAML::Node& node,
                                                     const std::string& path) {
  if (auto e = AllowOnly(node, path, {"limit", "period", "offset"})) return std::unexpected(*e);
  if (!node["limit"] || !node["period"]) return Error(path, "needs limit and period");
  QuotaSpec quota;
  auto limit = Number<std::int64_t>(node["limit"], path + ".limit", 0);
  if (!limit) return std::unexpected(limit.error());
  quota.limit = *limit;
  quota.period = node["period"].IsScalar() ? node["period"].Scalar() : "";
  if (quota.period != "DAY" && quota.period != "WEEK" && quota.period != "MONTH") {
    return Error(path + ".period", "must be DAY, WEEK or MONTH");
  }
  if (node["offset"]) {
    auto offset = Number<std::int64_t>(node["offset"], path + ".offset", 0);
    if (!offset) return std::unexpected(offset.error());
    if (*offset > quota.limit) return Error(path + ".offset", "must not exceed limit");
    quota.offset = *offset;
  }
  return quota;
}

std::expected<ApiStageSpec, TrafficSpecError> ReadApiStage(const YAML::Node& node,
                                                           const std::string& path) {
  if (auto e = AllowOnly(node, path, {"api", "stage", "throttle"})) return std::unexpected(*e);
  if (!node["api"] || !node["stage"] || !node["api"].IsScalar() || !node["stage"].IsScalar()) {
    return Error(path, "needs api and stage");
  }
  ApiStageSpec stage{.api = node["api"].Scalar(), .stage = node["stage"].Scalar()};
  if (const auto throttles = node["throttle"]) {
    if (!throttles.IsSequence()) return Error(path + ".throttle", "must be a list");
    for (std::size_t i = 0; i < throttles.size(); ++i) {
      const auto item_path = path + ".throttle[" + std::to_string(i) + "]";
      if (auto e = AllowOnly(throttles[i], item_path, {"path", "rate_limit", "burst_limit"})) {
        return std::unexpected(*e);
      }
      const auto method_path = throttles[i]["path"];
      if (!method_path || !method_path.IsScalar() || !method_path.Scalar().starts_with("/")) {
        return Error(item_path + ".path", "must be a method path such as /people/{personId}/GET");
      }
      auto limits = ReadLimits(throttles[i], item_path, "rate_limit", "burst_limit");
      if (!limits) return std::unexpected(limits.error());
      stage.throttle[method_path.Scalar()] = *limits;
    }
  }
  return stage;
}

}  // namespace

std::expected<ThrottleSpec, TrafficSpecError> ReadThrottle(const YAML::Node& node,
                                                           const std::string& path) {
  if (auto e = AllowOnly(node, path, {"rate_limit", "burst_limit"})) return std::unexpected(*e);
  return ReadLimits(node, path, "rate_limit", "burst_limit");
}

std::expected<std::vector<ApiKeySpec>, TrafficSpecError> ReadApiKeys(const YAML::Node& node) {
  std::vector<ApiKeySpec> keys;
  if (!node) return keys;
  if (!node.IsMap()) return Error("api_keys", "must be a mapping of names");
  std::set<std::string> values;
  for (const auto& entry : node) {
    const auto name = entry.first.as<std::string>();
    const auto path = "api_keys." + name;
    if (auto e = AllowOnly(entry.second, path, {"value", "enabled"})) return std::unexpected(*e);
    const auto value = entry.second["value"];
    if (!value || !value.IsScalar()) return Error(path, "missing value");
    ApiKeySpec key{.name = name, .value = value.Scalar()};
    if (key.value.size() < kMinApiKeyValueLength || key.value.size() > kMaxApiKeyValueLength) {
      return Error(path + ".value", "must be " + std::to_string(kMinApiKeyValueLength) + " to " +
                                        std::to_string(kMaxApiKeyValueLength) + " characters");
    }
    if (!values.insert(key.value).second) return Error(path + ".value", "another key has it");
    if (const auto enabled = entry.second["enabled"]) {
      if (!enabled.IsScalar() || (enabled.Scalar() != "true" && enabled.Scalar() != "false")) {
        return Error(path + ".enabled", "must be true or false");
      }
      key.enabled = enabled.Scalar() == "true";
    }
    keys.push_back(std::move(key));
  }
  return keys;
}

std::expected<std::vector<UsagePlanSpec>, TrafficSpecError> ReadUsagePlans(
    const YAML::Node& node, const std::vector<ApiKeySpec>& keys) {
  std::vector<UsagePlanSpec> plans;
  if (!node) return plans;
  if (!node.IsMap()) return Error("usage_plans", "must be a mapping of names");
  std::set<std::string> key_names;
  for (const auto& key : keys) key_names.insert(key.name);
  // API Gateway allows a key in only one usage plan per API stage.
  std::map<std::string, std::string> plan_of_key_stage;
  for (const auto& entry : node) {
    const auto name = entry.first.as<std::string>();
    const auto path = "usage_plans." + name;
    if (auto e = AllowOnly(entry.second, path,
                           {"api_stages", "throttle_settings", "quota_settings", "keys"})) {
      return std::unexpected(*e);
    }
    UsagePlanSpec plan{.name = name};
    if (const auto stages = entry.second["api_stages"]) {
      if (!stages.IsSequence()) return Error(path + ".api_stages", "must be a list");
      for (std::size_t i = 0; i < stages.size(); ++i) {
        auto stage = ReadApiStage(stages[i], path + ".api_stages[" + std::to_string(i) + "]");
        if (!stage) return std::unexpected(stage.error());
        plan.api_stages.push_back(std::move(*stage));
      }
    }
    if (const auto throttle = entry.second["throttle_settings"]) {
      auto limits = ReadThrottle(throttle, path + ".throttle_settings");
      if (!limits) return std::unexpected(limits.error());
      plan.throttle = *limits;
    }
    if (const auto quota = entry.second["quota_settings"]) {
      auto settings = ReadQuota(quota, path + ".quota_settings");
      if (!settings) return std::unexpected(settings.error());
      plan.quota = *settings;
    }
    if (const auto plan_keys = entry.second["keys"]) {
      if (!plan_keys.IsSequence()) return Error(path + ".keys", "must be a list of api_keys names");
      for (std::size_t i = 0; i < plan_keys.size(); ++i) {
        const auto key_path = path + ".keys[" + std::to_string(i) + "]";
        const std::string key = plan_keys[i].IsScalar() ? plan_keys[i].Scalar() : "";
        if (!key_names.contains(key)) return Error(key_path, "unknown API key " + key);
        for (const auto& stage : plan.api_stages) {
          auto [it, fresh] =
              plan_of_key_stage.emplace(key + " " + stage.api + " " + stage.stage, name);
          if (!fresh && it->second != name) {
            return Error(key_path, "API key " + key + " is already in usage plan " + it->second +
                                       " for " + stage.api + " stage " + stage.stage);
          }
        }
        plan.keys.push_back(key);
      }
    }
    plans.push_back(std::move(plan));
  }
  return plans;
}

std::expected<std::map<std::string, ThrottleSpec>, TrafficSpecError> ReadMethodSettings(
    const YAML::Node& node, const std::string& path) {
  std::map<std::string, ThrottleSpec> settings;
  if (!node.IsMap()) return Error(path, "must be a mapping of method paths");
  for (const auto& entry : node) {
    const auto method_path = entry.first.as<std::string>();
    const auto child = path + "." + method_path;
    if (method_path.find('/') == std::string::npos) {
      return Error(child, "must be */* or a method path such as people/{personId}/GET");
    }
    if (auto e =
            AllowOnly(entry.second, child, {"throttling_rate_limit", "throttling_burst_limit"})) {
      return std::unexpected(*e);
    }
    auto limits =
        ReadLimits(entry.second, child, "throttling_rate_limit", "throttling_burst_limit");
    if (!limits) return std::unexpected(limits.error());
    settings[method_path] = *limits;
  }
  return settings;
}

}  // namespace nimbus::stack
