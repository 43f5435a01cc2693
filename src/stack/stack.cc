#include "stack/stack.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <limits>
#include <regex>
#include <set>

namespace nimbus::stack {
namespace {

// Lambda's documented bounds.
constexpr int kMinMemoryMb = 128;
constexpr int kMaxMemoryMb = 10240;
constexpr int kMinTimeoutSeconds = 1;
constexpr int kMaxTimeoutSeconds = 900;
// Provisioned concurrency cannot exceed the account's concurrency (1,000 by default).
constexpr int kMaxProvisionedConcurrency = 1000;

// Thrown only inside this file and turned into an error value by LoadStack.
struct StackError {
  std::string message;
};

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void Fail(const std::string& path, const std::string& what) const {
    throw StackError{file_ + ": " + path + ": " + what};
  }

  void AllowOnly(const YAML::Node& node, const std::string& path,
                 const std::set<std::string>& keys) const {
    if (!node.IsMap()) Fail(path, "must be a mapping");
    for (const auto& entry : node) {
      auto key = entry.first.as<std::string>();
      if (!keys.contains(key)) Fail(path + "." + key, "unknown key");
    }
  }

  std::string String(const YAML::Node& node, const std::string& path) const {
    if (!node.IsScalar()) Fail(path, "must be a string");
    return node.as<std::string>();
  }

  int Integer(const YAML::Node& node, const std::string& path, int min, int max) const {
    if (!node.IsScalar()) Fail(path, "must be an integer");
    int value = 0;
    try {
      value = node.as<int>();
    } catch (const YAML::Exception&) {
      Fail(path, "must be an integer");
    }
    if (value < min || value > max) {
      Fail(path, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    return value;
  }

  std::map<std::string, std::string> StringMap(const YAML::Node& node,
                                               const std::string& path) const {
    if (!node.IsMap()) Fail(path, "must be a mapping");
    std::map<std::string, std::string> out;
    for (const auto& entry : node) {
      auto key = entry.first.as<std::string>();
      out[key] = String(entry.second, path + "." + key);
    }
    return out;
  }

 private:
  std::string file_;
};

template <typename T>
T Unwrap(const Reader& r, std::expected<T, TrafficSpecError> value) {
  if (!value) r.Fail(value.error().path, value.error().message);
  return std::move(*value);
}

boost::json::value ToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      boost::json::object out;
      for (const auto& entry : node) out[entry.first.as<std::string>()] = ToJson(entry.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      boost::json::array out;
      for (const auto& item : node) out.push_back(ToJson(item));
      return out;
    }
    case YAML::NodeType::Scalar:
      return boost::json::value(node.as<std::string>());
    default:
      return nullptr;
  }
}

FunctionSpec ReadFunction(const Reader& r, const std::string& name, const YAML::Node& node,
                          const std::string& path) {
  r.AllowOnly(node, path,
              {"handler", "runtime", "code", "memory_size", "timeout", "role", "environment",
               "reserved_concurrency", "provisioned_concurrency"});
  FunctionSpec f;
  f.name = name;
  if (node["handler"]) f.handler = r.String(node["handler"], path + ".handler");
  if (node["runtime"]) f.runtime = r.String(node["runtime"], path + ".runtime");
  if (!node["code"]) r.Fail(path, "missing code");
  f.code = r.String(node["code"], path + ".code");
  if (node["memory_size"]) {
    f.memory_size =
        r.Integer(node["memory_size"], path + ".memory_size", kMinMemoryMb, kMaxMemoryMb);
  }
  if (node["timeout"]) {
    f.timeout =
        r.Integer(node["timeout"], path + ".timeout", kMinTimeoutSeconds, kMaxTimeoutSeconds);
  }
  if (node["role"]) f.role = r.String(node["role"], path + ".role");
  if (node["environment"]) f.environment = r.StringMap(node["environment"], path + ".environment");
  if (node["reserved_concurrency"]) {
    // The account limit is checked when the stack starts (nimbus up --account-concurrency).
    f.reserved_concurrency = r.Integer(node["reserved_concurrency"], path + ".reserved_concurrency",
                                       0, std::numeric_limits<int>::max());
  }
  if (node["provisioned_concurrency"]) {
    f.provisioned_concurrency =
        r.Integer(node["provisioned_concurrency"], path + ".provisioned_concurrency", 0,
                  kMaxProvisionedConcurrency);
  }
  return f;
}

IndexSpec ReadIndex(const Reader& r, const TableSpec& table, const std::string& name,
                    const YAML::Node& node, const std::string& path) {
  r.AllowOnly(node, path, {"hash", "range", "projection"});
  IndexSpec index;
  index.name = name;
  if (!node["hash"]) r.Fail(path, "missing hash");
  index.hash_key = r.String(node["hash"], path + ".hash");
  if (node["range"]) index.range_key = r.String(node["range"], path + ".range");
  for (const auto* k : {&index.hash_key, index.range_key ? &*index.range_key : nullptr}) {
    if (k && !table.attributes.contains(*k)) {
      r.Fail(path, "key attribute " + *k + " is not in attributes");
    }
  }
  if (node["projection"]) {
    index.projection = r.String(node["projection"], path + ".projection");
    if (index.projection != "ALL" && index.projection != "KEYS_ONLY") {
      r.Fail(path + ".projection", "must be ALL or KEYS_ONLY");
    }
  }
  return index;
}

TableSpec ReadTable(const Reader& r, const std::string& name, const YAML::Node& node,
                    const std::string& path) {
  r.AllowOnly(node, path,
              {"billing_mode", "attributes", "key", "global_secondary_indexes", "ttl_attribute"});
  TableSpec t;
  t.name = name;
  if (node["billing_mode"]) {
    t.billing_mode = r.String(node["billing_mode"], path + ".billing_mode");
    if (t.billing_mode != "PAY_PER_REQUEST" && t.billing_mode != "PROVISIONED") {
      r.Fail(path + ".billing_mode", "must be PAY_PER_REQUEST or PROVISIONED");
    }
  }
  if (!node["attributes"]) r.Fail(path, "missing attributes");
  t.attributes = r.StringMap(node["attributes"], path + ".attributes");
  for (const auto& [attr, type] : t.attributes) {
    if (type != "S" && type != "N" && type != "B") {
      r.Fail(path + ".attributes." + attr, "must be S, N or B");
    }
  }
  if (!node["key"]) r.Fail(path, "missing key");
  const auto key = node["key"];
  r.AllowOnly(key, path + ".key", {"hash", "range"});
  if (!key["hash"]) r.Fail(path + ".key", "missing hash");
  t.hash_key = r.String(key["hash"], path + ".key.hash");
  if (key["range"]) t.range_key = r.String(key["range"], path + ".key.range");
  for (const auto* k : {&t.hash_key, t.range_key ? &*t.range_key : nullptr}) {
    if (k && !t.attributes.contains(*k)) {
      r.Fail(path + ".key", "key attribute " + *k + " is not in attributes");
    }
  }
  if (const auto indexes = node["global_secondary_indexes"]) {
    if (!indexes.IsMap()) r.Fail(path + ".global_secondary_indexes", "must be a mapping of names");
    for (const auto& entry : indexes) {
      t.global_secondary_indexes.push_back(
          ReadIndex(r, t, entry.first.as<std::string>(), entry.second,
                    path + ".global_secondary_indexes." + entry.first.as<std::string>()));
    }
  }
  if (node["ttl_attribute"])
    t.ttl_attribute = r.String(node["ttl_attribute"], path + ".ttl_attribute");
  return t;
}

// YAML to JSON keeping plain scalars' types (numbers, booleans, null), as event patterns need.
boost::json::value ToTypedJson(const YAML::Node& node) {
  if (node.IsMap()) {
    boost::json::object out;
    for (const auto& entry : node) out[entry.first.as<std::string>()] = ToTypedJson(entry.second);
    return out;
  }
  if (node.IsSequence()) {
    boost::json::array out;
    for (const auto& item : node) out.push_back(ToTypedJson(item));
    return out;
  }
  if (!node.IsScalar()) return nullptr;
  const auto text = node.as<std::string>();
  if (node.Tag() != "?") return boost::json::value(text);  // quoted: a string
  if (text == "null" || text == "~") return nullptr;
  if (text == "true" || text == "false") return text == "true";
  if (std::regex_match(text, std::regex("-?[0-9]+"))) {
    try {
      return std::stoll(text);
    } catch (const std::exception&) {
    }
  }
  if (std::regex_match(text, std::regex("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?"))) {
    return std::stod(text);
  }
  return boost::json::value(text);
}

TopicSpec ReadTopic(const Reader& r, const std::string& name, const YAML::Node& node,
                    const std::string& path) {
  TopicSpec t;
  t.name = name;
  if (!node || node.IsNull()) return t;
  r.AllowOnly(node, path, {"subscriptions"});
  const auto subs = node["subscriptions"];
  if (!subs) return t;
  if (!subs.IsSequence()) r.Fail(path + ".subscriptions", "must be a list");
  for (std::size_t i = 0; i < subs.size(); ++i) {
    const auto p = path + ".subscriptions[" + std::to_string(i) + "]";
    r.AllowOnly(subs[i], p, {"protocol", "endpoint", "filter_policy", "raw_message_delivery"});
    if (!subs[i]["protocol"] || !subs[i]["endpoint"]) r.Fail(p, "needs protocol and endpoint");
    SubscriptionSpec s;
    s.protocol = r.String(subs[i]["protocol"], p + ".protocol");
    s.endpoint = r.String(subs[i]["endpoint"], p + ".endpoint");
    if (s.protocol != "lambda" && s.protocol != "http" && s.protocol != "https") {
      r.Fail(p + ".protocol", "must be lambda, http or https");
    }
    if (s.protocol != "lambda" && !s.endpoint.starts_with(s.protocol + "://")) {
      r.Fail(p + ".endpoint", "must be a " + s.protocol + ":// URL");
    }
    if (subs[i]["filter_policy"]) {
      s.filter_policy = boost::json::serialize(ToTypedJson(subs[i]["filter_policy"]));
    }
    if (subs[i]["raw_message_delivery"]) {
      s.raw_message_delivery = r.String(subs[i]["raw_message_delivery"], p) == "true";
    }
    t.subscriptions.push_back(std::move(s));
  }
  return t;
}

RuleSpec ReadRule(const Reader& r, const std::string& name, const YAML::Node& node,
                  const std::string& path) {
  r.AllowOnly(node, path, {"bus", "event_pattern", "targets"});
  RuleSpec rule;
  rule.name = name;
  if (node["bus"]) rule.bus = r.String(node["bus"], path + ".bus");
  if (!node["event_pattern"]) r.Fail(path, "missing event_pattern");
  const auto pattern = node["event_pattern"];
  if (pattern.IsScalar()) {
    rule.event_pattern = pattern.as<std::string>();  // JSON text
  } else if (pattern.IsMap()) {
    rule.event_pattern = boost::json::serialize(ToTypedJson(pattern));
  } else {
    r.Fail(path + ".event_pattern", "must be a mapping or JSON text");
  }
  if (const auto targets = node["targets"]) {
    if (!targets.IsSequence()) r.Fail(path + ".targets", "must be a list");
    for (std::size_t i = 0; i < targets.size(); ++i) {
      rule.targets.push_back(r.String(targets[i], path + ".targets[" + std::to_string(i) + "]"));
    }
  }
  return rule;
}

std::vector<OutboxSpec> ReadOutboxes(const Reader& r, const YAML::Node& node) {
  std::vector<OutboxSpec> out;
  if (!node) return out;
  auto read = [&](const YAML::Node& n, const std::string& p) {
    r.AllowOnly(n, p, {"table", "topic"});
    if (!n["table"] || !n["topic"]) r.Fail(p, "needs table and topic");
    out.push_back({r.String(n["table"], p + ".table"), r.String(n["topic"], p + ".topic")});
  };
  if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      read(node[i], "outbox[" + std::to_string(i) + "]");
  } else {
    read(node, "outbox");
  }
  return out;
}

template <typename T>
std::vector<T> ReadNamed(
    const Reader& r, const YAML::Node& node, const std::string& path,
    const std::function<T(const std::string&, const YAML::Node&, const std::string&)>& read) {
  std::vector<T> out;
  if (!node) return out;
  if (!node.IsMap()) r.Fail(path, "must be a mapping of names");
  for (const auto& entry : node) {
    auto name = entry.first.as<std::string>();
    out.push_back(read(name, entry.second, path + "." + name));
  }
  return out;
}

// API Gateway's rules: stage names [A-Za-z0-9_-] up to 128 characters ("$default" on HTTP APIs
// only); stage variable names [A-Za-z0-9_], values up to 2048 characters of
// [A-Za-z0-9-._~:/?#&=,] and spaces.
constexpr std::size_t kMaxStageNameLength = 128;
constexpr std::size_t kMaxStageVariableValueLength = 2048;

void ReadApiExtras(const Reader& r, const YAML::Node& api, ApiSpec& spec) {
  if (api["protocol"]) {
    spec.protocol = r.String(api["protocol"], "api.protocol");
    if (spec.protocol != "REST" && spec.protocol != "HTTP") {
      r.Fail("api.protocol", "must be REST or HTTP");
    }
  }
  if (api["stage"]) {
    spec.stage = r.String(api["stage"], "api.stage");
  } else if (spec.protocol == "HTTP") {
    spec.stage = "$default";
  }
  bool default_stage = spec.protocol == "HTTP" && spec.stage == "$default";
  if (!default_stage && (spec.stage.empty() || spec.stage.size() > kMaxStageNameLength ||
                         !std::regex_match(spec.stage, std::regex("[A-Za-z0-9_-]+")))) {
    r.Fail("api.stage", "must be 1 to 128 of A-Z a-z 0-9 _ -" +
                            std::string(spec.protocol == "HTTP" ? ", or $default" : ""));
  }
  if (api["stage_variables"]) {
    spec.stage_variables = r.StringMap(api["stage_variables"], "api.stage_variables");
    for (const auto& [name, value] : spec.stage_variables) {
      const std::string path = "api.stage_variables." + name;
      if (!std::regex_match(name, std::regex("[A-Za-z0-9_]+"))) {
        r.Fail(path, "names may hold only A-Z a-z 0-9 _");
      }
      if (value.size() > kMaxStageVariableValueLength ||
          !std::regex_match(value, std::regex("[A-Za-z0-9\\-._~:/?#&=, ]*"))) {
        r.Fail(path, "values may hold up to 2048 of A-Z a-z 0-9 - . _ ~ : / ? # & = , and space");
      }
    }
  }
  if (api["access_log_format"]) {
    spec.access_log_format = r.String(api["access_log_format"], "api.access_log_format");
    if (spec.access_log_format.find("$context.requestId") == std::string::npos &&
        spec.access_log_format.find("$context.extendedRequestId") == std::string::npos) {
      // API Gateway refuses such a format too: lines must be traceable to requests.
      r.Fail("api.access_log_format", "must contain $context.requestId");
    }
  }
  if (api["access_log_destination"]) {
    spec.access_log_destination =
        r.String(api["access_log_destination"], "api.access_log_destination");
    const auto& d = spec.access_log_destination;
    if (d != "file" && d != "stdout" && d != "both") {
      r.Fail("api.access_log_destination", "must be file, stdout or both");
    }
  }
}

Stack Read(const Reader& r, const YAML::Node& root, const std::filesystem::path& dir) {
  r.AllowOnly(root, "$",
              {"name", "region", "account_id", "api", "functions", "tables", "roles", "credentials",
               "topics", "rules", "outbox", "api_keys", "usage_plans"});
  Stack s;
  if (!root["name"]) r.Fail("$", "missing name");
  s.name = r.String(root["name"], "name");
  if (root["region"]) s.region = r.String(root["region"], "region");
  if (root["account_id"]) {
    s.account_id = r.String(root["account_id"], "account_id");
    if (!std::regex_match(s.account_id, std::regex("[0-9]{12}"))) {
      r.Fail("account_id", "must be 12 digits");
    }
  }
  if (const auto api = root["api"]) {
    r.AllowOnly(api, "api",
                {"name", "openapi", "stage", "protocol", "stage_variables", "access_log_format",
                 "access_log_destination", "method_settings", "account_throttle"});
    ApiSpec spec;
    if (!api["name"] || !api["openapi"]) r.Fail("api", "needs name and openapi");
    spec.name = r.String(api["name"], "api.name");
    spec.openapi = dir / r.String(api["openapi"], "api.openapi");
    ReadApiExtras(r, api, spec);
    if (api["method_settings"]) {
      spec.method_settings =
          Unwrap(r, ReadMethodSettings(api["method_settings"], "api.method_settings"));
    }
    if (api["account_throttle"]) {
      spec.account_throttle =
          Unwrap(r, ReadThrottle(api["account_throttle"], "api.account_throttle"));
    }
    s.api = spec;
  }
  s.functions =
      ReadNamed<FunctionSpec>(r, root["functions"], "functions",
                              [&](const std::string& n, const YAML::Node& node,
                                  const std::string& p) { return ReadFunction(r, n, node, p); });
  s.tables = ReadNamed<TableSpec>(r, root["tables"], "tables",
                                  [&](const std::string& n, const YAML::Node& node,
                                      const std::string& p) { return ReadTable(r, n, node, p); });
  s.roles =
      ReadNamed<RoleSpec>(r, root["roles"], "roles",
                          [&](const std::string& n, const YAML::Node& node, const std::string& p) {
                            r.AllowOnly(node, p, {"policy"});
                            if (!node["policy"]) r.Fail(p, "missing policy");
                            return RoleSpec{n, boost::json::serialize(ToJson(node["policy"]))};
                          });
  for (const auto& f : s.functions) {
    if (f.role.empty()) continue;
    bool known = false;
    for (const auto& role : s.roles) known = known || role.name == f.role;
    if (!known) r.Fail("functions." + f.name + ".role", "unknown role " + f.role);
  }
  if (const auto creds = root["credentials"]) {
    if (!creds.IsSequence()) r.Fail("credentials", "must be a list");
    for (std::size_t i = 0; i < creds.size(); ++i) {
      const auto path = "credentials[" + std::to_string(i) + "]";
      r.AllowOnly(creds[i], path, {"access_key_id", "secret_access_key"});
      if (!creds[i]["access_key_id"] || !creds[i]["secret_access_key"]) {
        r.Fail(path, "needs access_key_id and secret_access_key");
      }
      s.credentials.push_back(
          {r.String(creds[i]["access_key_id"], path + ".access_key_id"),
           r.String(creds[i]["secret_access_key"], path + ".secret_access_key")});
    }
  }
  if (s.credentials.empty()) s.credentials.push_back({"test", "test"});
  s.topics = ReadNamed<TopicSpec>(r, root["topics"], "topics",
                                  [&](const std::string& n, const YAML::Node& node,
                                      const std::string& p) { return ReadTopic(r, n, node, p); });
  s.rules = ReadNamed<RuleSpec>(r, root["rules"], "rules",
                                [&](const std::string& n, const YAML::Node& node,
                                    const std::string& p) { return ReadRule(r, n, node, p); });
  s.outboxes = ReadOutboxes(r, root["outbox"]);
  auto is_function = [&](const std::string& name) {
    return std::any_of(s.functions.begin(), s.functions.end(),
                       [&](const FunctionSpec& f) { return f.name == name; });
  };
  for (const auto& t : s.topics) {
    for (std::size_t i = 0; i < t.subscriptions.size(); ++i) {
      const auto& sub = t.subscriptions[i];
      if (sub.protocol == "lambda" && !sub.endpoint.starts_with("arn:") &&
          !is_function(sub.endpoint)) {
        r.Fail("topics." + t.name + ".subscriptions[" + std::to_string(i) + "].endpoint",
               "unknown function " + sub.endpoint);
      }
    }
  }
  for (const auto& rule : s.rules) {
    for (const auto& target : rule.targets) {
      if (!target.starts_with("arn:") && !is_function(target)) {
        r.Fail("rules." + rule.name + ".targets", "unknown function " + target);
      }
    }
  }
  s.api_keys = Unwrap(r, ReadApiKeys(root["api_keys"]));
  s.usage_plans = Unwrap(r, ReadUsagePlans(root["usage_plans"], s.api_keys));
  return s;
}

}  // namespace

std::expected<Stack, std::string> LoadStack(const std::filesystem::path& dir) {
  const auto file = dir / "stack.yaml";
  Reader reader(file.string());
  try {
    YAML::Node root = YAML::LoadFile(file.string());
    return Read(reader, root, std::filesystem::absolute(dir));
  } catch (const StackError& e) {
    return std::unexpected(e.message);
  } catch (const YAML::BadFile&) {
    return std::unexpected(file.string() + ": cannot be read");
  } catch (const YAML::Exception& e) {
    return std::unexpected(file.string() + ": " + e.what());
  }
}

}  // namespace nimbus::stack
