#include "stack/stack.h"

#include <yaml-cpp/yaml.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <regex>
#include <set>

namespace nimbus::stack {
namespace {

// Lambda's documented bounds.
constexpr int kMinMemoryMb = 128;
constexpr int kMaxMemoryMb = 10240;
constexpr int kMinTimeoutSeconds = 1;
constexpr int kMaxTimeoutSeconds = 900;

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
              {"handler", "runtime", "code", "memory_size", "timeout", "role", "environment"});
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
  return f;
}

TableSpec ReadTable(const Reader& r, const std::string& name, const YAML::Node& node,
                    const std::string& path) {
  r.AllowOnly(node, path, {"billing_mode", "attributes", "key"});
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
  return t;
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

Stack Read(const Reader& r, const YAML::Node& root, const std::filesystem::path& dir) {
  r.AllowOnly(root, "$",
              {"name", "region", "account_id", "api", "functions", "tables", "roles", "credentials",
               "api_keys", "usage_plans"});
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
    r.AllowOnly(api, "api", {"name", "openapi", "stage", "method_settings", "account_throttle"});
    ApiSpec spec;
    if (!api["name"] || !api["openapi"]) r.Fail("api", "needs name and openapi");
    spec.name = r.String(api["name"], "api.name");
    spec.openapi = dir / r.String(api["openapi"], "api.openapi");
    if (api["stage"]) spec.stage = r.String(api["stage"], "api.stage");
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
