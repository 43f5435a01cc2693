#include "gateway/authorizers.h"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <mutex>
#include <regex>
#include <unordered_map>
#include <variant>

#include "gateway/authorizer_event.h"
#include "gateway/authorizer_policy.h"
#include "gateway/jwt.h"

namespace nimbus::gateway {

namespace asio = boost::asio;
namespace json = boost::json;
using Clock = std::chrono::system_clock;

namespace {

using Result = std::expected<json::object, GatewayError>;

struct CachedResult {
  AuthorizerOutput output;
  std::int64_t latency_ms = 0;
  Clock::time_point expires;
};

struct CachedKeys {
  jwt::KeySet keys;
  Clock::time_point fetched;
};

GatewayError Unauthorized(const AuthorizerConfig& config) {
  return config.http_api ? GatewayError::kHttpApiUnauthorized : GatewayError::kUnauthorized;
}
GatewayError Failure(const AuthorizerConfig& config) {
  return config.http_api ? GatewayError::kHttpApiAuthorizerFailure
                         : GatewayError::kAuthorizerConfiguration;
}

// REST APIs hand the integration every context value as a string.
json::value Stringified(const json::value& v) {
  if (v.is_string()) return v;
  return json::value(json::serialize(v));
}

std::string ClaimText(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
}

// What `function_error` payloads say: {"errorMessage": "Unauthorized", ...} means 401.
bool SaysUnauthorized(const std::string& payload) {
  boost::system::error_code ec;
  json::value v = json::parse(payload, ec);
  if (ec || !v.is_object()) return false;
  const json::value* message = v.as_object().if_contains("errorMessage");
  return message != nullptr && message->is_string() && message->as_string() == "Unauthorized";
}

}  // namespace

struct Authorizers::State {
  const Api& api;
  AuthorizerEnvironment environment;
  lambda::Invoker& invoker;
  std::map<std::string, std::regex> validation;  // TOKEN identityValidationExpression

  mutable std::mutex mutex;
  mutable std::unordered_map<std::string, CachedResult> cache;
  mutable std::map<std::string, CachedKeys> jwks;

  std::optional<CachedResult> Cached(const std::string& key, Clock::time_point now) const {
    std::lock_guard lock(mutex);
    auto it = cache.find(key);
    if (it == cache.end()) return std::nullopt;
    if (it->second.expires <= now) {
      cache.erase(it);
      return std::nullopt;
    }
    return it->second;
  }

  void Store(std::string key, CachedResult result, Clock::time_point now) const {
    std::lock_guard lock(mutex);
    if (cache.size() >= kMaxCachedAuthorizerResults) {
      std::erase_if(cache, [&](const auto& entry) { return entry.second.expires <= now; });
      while (cache.size() >= kMaxCachedAuthorizerResults / 2) cache.erase(cache.begin());
    }
    cache.insert_or_assign(std::move(key), std::move(result));
  }

  asio::awaitable<Result> Lambda(const AuthorizerConfig& config, const net::Request& request,
                                 const Method& method, const ProxyEventContext& context,
                                 std::vector<std::string> identity) const;
  asio::awaitable<Result> Jwt(const AuthorizerConfig& config, const MethodAuthorization& auth,
                              const Method& method, std::string token) const;
  asio::awaitable<std::expected<jwt::KeySet, std::string>> Keys(const std::string& uri) const;
};

Authorizers::Authorizers(const Api& api, AuthorizerEnvironment environment,
                         lambda::Invoker& invoker)
    : state_(std::make_unique<State>(api, std::move(environment), invoker)) {
  if (!state_->environment.clock) state_->environment.clock = [] { return Clock::now(); };
  for (const auto& [name, config] : api.authorizers) {
    if (!config.identity_validation_expression.empty()) {
      state_->validation.emplace(name, std::regex(config.identity_validation_expression));
    }
  }
}

Authorizers::~Authorizers() = default;

asio::awaitable<Result> Authorizers::Authorize(const net::Request& request, const Method& method,
                                               const ProxyEventContext& context) const {
  if (!method.authorization) co_return json::object{};
  const MethodAuthorization& auth = *method.authorization;
  const AuthorizerConfig& config = state_->api.authorizers.at(auth.authorizer);

  auto identity = IdentityValues(config, request, context);
  if (!identity) co_return std::unexpected(Unauthorized(config));
  if (config.type == AuthorizerType::kJwt) {
    co_return co_await state_->Jwt(config, auth, method, identity->front());
  }
  if (auto it = state_->validation.find(config.name); it != state_->validation.end()) {
    // Checked before any invocation: a token in the wrong shape never reaches the function.
    if (identity->front().size() > kMaxValidatedTokenBytes ||
        !std::regex_match(identity->front(), it->second)) {
      co_return std::unexpected(Unauthorized(config));
    }
  }
  co_return co_await state_->Lambda(config, request, method, context, std::move(*identity));
}

asio::awaitable<Result> Authorizers::State::Lambda(const AuthorizerConfig& config,
                                                   const net::Request& request,
                                                   const Method& method,
                                                   const ProxyEventContext& context,
                                                   std::vector<std::string> identity) const {
  using namespace asio::experimental::awaitable_operators;
  std::string_view target = request.target();
  const std::string method_arn = ExecuteApiArn(environment.region, context, request.method_string(),
                                               target.substr(0, target.find('?')));
  const Clock::time_point now = environment.clock();
  std::string cache_key;
  std::optional<CachedResult> result;
  if (config.result_ttl.count() > 0) {
    cache_key = config.name;
    for (const auto& value : identity) cache_key += '\0' + value;
    result = Cached(cache_key, now);
  }

  if (!result) {
    std::string event = json::serialize(BuildAuthorizerEvent({.authorizer = config,
                                                              .request = request,
                                                              .context = context,
                                                              .method_arn = method_arn,
                                                              .identity = identity}));
    const auto started = std::chrono::steady_clock::now();
    asio::steady_timer timer(co_await asio::this_coro::executor, kAuthorizerTimeout);
    std::variant<lambda::InvokeResult, std::monostate> outcome;
    try {
      outcome = co_await (invoker.Invoke(config.function_name, std::move(event)) ||
                          timer.async_wait(asio::use_awaitable));
    } catch (const std::exception&) {
      outcome = lambda::InvokeResult{.outcome = lambda::InvokeResult::Outcome::kServiceError};
    }
    if (outcome.index() == 1) co_return std::unexpected(Failure(config));
    const lambda::InvokeResult& invoked = std::get<0>(outcome);
    if (invoked.outcome == lambda::InvokeResult::Outcome::kFunctionError) {
      co_return std::unexpected(SaysUnauthorized(invoked.payload) ? Unauthorized(config)
                                                                  : Failure(config));
    }
    if (invoked.outcome != lambda::InvokeResult::Outcome::kSuccess) {
      co_return std::unexpected(Failure(config));
    }
    auto output = ParseAuthorizerOutput(invoked.payload, config.simple_responses,
                                        /*any_context_values=*/config.http_api);
    if (!output) co_return std::unexpected(Failure(config));
    result = CachedResult{.output = std::move(*output),
                          .latency_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::steady_clock::now() - started)
                                            .count(),
                          .expires = now + config.result_ttl};
    if (!cache_key.empty()) Store(cache_key, *result, now);
  }

  const AuthorizerOutput& output = result->output;
  if (output.simple) {
    if (!output.authorized) co_return std::unexpected(GatewayError::kHttpApiForbidden);
  } else {
    switch (Evaluate(output.statements, method_arn)) {
      case PolicyDecision::kAllow:
        break;
      case PolicyDecision::kExplicitDeny:
        co_return std::unexpected(config.http_api ? GatewayError::kHttpApiForbidden
                                                  : GatewayError::kAccessDeniedExplicit);
      case PolicyDecision::kImplicitDeny:
        co_return std::unexpected(config.http_api ? GatewayError::kHttpApiForbidden
                                                  : GatewayError::kAccessDeniedImplicit);
    }
  }

  if (method.integration.payload_format_version == "2.0") {
    json::object lambda = output.context;
    if (!output.principal_id.empty()) lambda["principalId"] = output.principal_id;
    co_return json::object{{"lambda", std::move(lambda)}};
  }
  json::object authorizer;
  if (!output.simple) authorizer["principalId"] = output.principal_id;
  authorizer["integrationLatency"] = result->latency_ms;
  for (const auto& [key, value] : output.context) {
    authorizer[key] = config.http_api ? value : Stringified(value);
  }
  co_return authorizer;
}

asio::awaitable<std::expected<jwt::KeySet, std::string>> Authorizers::State::Keys(
    const std::string& uri) const {
  const Clock::time_point now = environment.clock();
  {
    std::lock_guard lock(mutex);
    auto it = jwks.find(uri);
    if (it != jwks.end() && now - it->second.fetched < kJwksRefresh) co_return it->second.keys;
  }
  auto document = co_await environment.fetch_jwks(uri);
  if (!document) co_return std::unexpected(document.error());
  auto keys = jwt::KeySet::Parse(*document);
  if (!keys) co_return std::unexpected(keys.error());
  std::lock_guard lock(mutex);
  jwks.insert_or_assign(uri, CachedKeys{*keys, now});
  co_return *keys;
}

asio::awaitable<Result> Authorizers::State::Jwt(const AuthorizerConfig& config,
                                                const MethodAuthorization& auth,
                                                const Method& method, std::string token) const {
  // API Gateway takes the token with or without a "Bearer " scheme in front.
  if (token.size() > 7 && (token.starts_with("Bearer ") || token.starts_with("bearer "))) {
    token.erase(0, 7);
  }
  auto decoded = jwt::Decode(token);
  if (!decoded) co_return std::unexpected(GatewayError::kHttpApiUnauthorized);
  std::string uri = config.jwt.jwks_uri;
  if (uri.empty()) {
    uri = config.jwt.issuer;
    if (!uri.ends_with('/')) uri += '/';
    uri += ".well-known/jwks.json";
  }
  auto keys = co_await Keys(uri);
  if (!keys) co_return std::unexpected(GatewayError::kHttpApiAuthorizerFailure);
  if (!jwt::Verify(*decoded, *keys)) co_return std::unexpected(GatewayError::kHttpApiUnauthorized);
  jwt::ClaimRules rules{.issuer = config.jwt.issuer,
                        .audiences = config.jwt.audience,
                        .accept_client_id = true,
                        .now = environment.clock()};
  if (!jwt::CheckClaims(*decoded, rules)) {
    co_return std::unexpected(GatewayError::kHttpApiUnauthorized);
  }
  std::vector<std::string> scopes = jwt::Scopes(*decoded);
  if (!auth.scopes.empty()) {
    bool granted = std::ranges::any_of(auth.scopes, [&](const std::string& needed) {
      return std::ranges::find(scopes, needed) != scopes.end();
    });
    if (!granted) co_return std::unexpected(GatewayError::kHttpApiForbidden);
  }
  json::object claims;
  for (const auto& [key, value] : decoded->claims) claims[key] = ClaimText(value);
  json::value scope_list = nullptr;
  if (!scopes.empty()) {
    json::array list;
    for (const auto& s : scopes) list.emplace_back(s);
    scope_list = std::move(list);
  }
  json::object jwt_context{{"claims", std::move(claims)}, {"scopes", std::move(scope_list)}};
  if (method.integration.payload_format_version == "2.0") {
    co_return json::object{{"jwt", std::move(jwt_context)}};
  }
  co_return jwt_context;
}

}  // namespace nimbus::gateway
