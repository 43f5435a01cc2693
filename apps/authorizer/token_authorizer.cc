#include "authorizer/token_authorizer.h"

#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace nimbus::authorizer {

namespace json = boost::json;
namespace jwt = gateway::jwt;

namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// REST APIs accept only strings, numbers and booleans as context values.
json::value ContextValue(const json::value& claim) {
  if (claim.is_string() || claim.is_number() || claim.is_bool()) return claim;
  if (claim.is_array()) {
    std::string joined;
    for (const auto& item : claim.as_array()) {
      if (!joined.empty()) joined += ' ';
      joined += item.is_string() ? std::string(item.as_string()) : json::serialize(item);
    }
    return json::value(joined);
  }
  return json::value(json::serialize(claim));
}

}  // namespace

std::expected<Settings, std::string> SettingsFromEnvironment() {
  Settings settings{.hs256_secret = Env("JWT_SECRET"),
                    .issuer = Env("JWT_ISSUER"),
                    .audience = Env("JWT_AUDIENCE")};
  if (std::string file = Env("JWKS_FILE"); !file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::unexpected("JWKS_FILE: cannot open " + file);
    std::stringstream text;
    text << in.rdbuf();
    auto keys = jwt::KeySet::Parse(text.str());
    if (!keys) return std::unexpected("JWKS_FILE: " + keys.error());
    settings.jwks = std::move(*keys);
  }
  if (settings.hs256_secret.empty() && !settings.jwks) {
    return std::unexpected("set JWT_SECRET (HS256) or JWKS_FILE (RS256/ES256)");
  }
  return settings;
}

std::string StageWildcard(std::string_view method_arn) {
  // arn:aws:execute-api:<region>:<account>:<api>/<stage>/<method>/<path...>
  auto api = method_arn.find('/');
  if (api == std::string_view::npos) return std::string(method_arn);
  auto stage_end = method_arn.find('/', api + 1);
  if (stage_end == std::string_view::npos) stage_end = method_arn.size();
  return std::string(method_arn.substr(0, stage_end)) + "/*/*";
}

std::optional<json::object> Authorize(const json::value& event, const Settings& settings,
                                      std::chrono::system_clock::time_point now) {
  if (!event.is_object()) return std::nullopt;
  const json::object& input = event.as_object();
  const json::value* token_value = input.if_contains("authorizationToken");
  const json::value* arn_value = input.if_contains("methodArn");
  if (token_value == nullptr || !token_value->is_string() || arn_value == nullptr ||
      !arn_value->is_string()) {
    return std::nullopt;
  }
  std::string_view token = token_value->as_string();
  for (std::string_view scheme : {"Bearer ", "bearer "}) {
    if (token.starts_with(scheme)) token.remove_prefix(scheme.size());
  }
  auto decoded = jwt::Decode(token);
  if (!decoded) return std::nullopt;
  const std::string alg = decoded->Algorithm();
  bool verified = false;
  if (alg == "HS256") {
    verified = !settings.hs256_secret.empty() && jwt::VerifyHs256(*decoded, settings.hs256_secret);
  } else if (settings.jwks) {
    verified = jwt::Verify(*decoded, *settings.jwks).has_value();
  }
  if (!verified) return std::nullopt;
  jwt::ClaimRules rules{.issuer = settings.issuer, .now = now};
  if (!settings.audience.empty()) rules.audiences = {settings.audience};
  if (!jwt::CheckClaims(*decoded, rules)) return std::nullopt;
  const json::value* subject = decoded->claims.if_contains("sub");
  if (subject == nullptr || !subject->is_string() || subject->as_string().empty()) {
    return std::nullopt;
  }

  json::object context;
  for (const auto& [key, value] : decoded->claims) context[key] = ContextValue(value);
  json::object statement{{"Action", "execute-api:Invoke"},
                         {"Effect", "Allow"},
                         {"Resource", StageWildcard(arn_value->as_string())}};
  return json::object{
      {"principalId", subject->as_string()},
      {"policyDocument", {{"Version", "2012-10-17"}, {"Statement", json::array{statement}}}},
      {"context", std::move(context)}};
}

}  // namespace nimbus::authorizer
