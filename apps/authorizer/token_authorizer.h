// A Lambda TOKEN authorizer for API Gateway: validates the bearer JWT in `authorizationToken`
// (HS256 with a shared secret, RS256/ES256 against a JWKS) and answers with the caller's
// principalId, an IAM policy allowing the whole API stage (as AWS's blueprints do, so one
// cached answer serves every method) and the token's claims as context.
// Anything wrong with the token is the error "Unauthorized", which API Gateway turns into 401.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <expected>
#include <optional>
#include <string>

#include "gateway/jwt.h"

namespace nimbus::authorizer {

struct Settings {
  std::string hs256_secret;                  // JWT_SECRET; empty: HS256 refused
  std::optional<gateway::jwt::KeySet> jwks;  // from JWKS_FILE; none: RS256/ES256 refused
  std::string issuer;                        // JWT_ISSUER; empty: any
  std::string audience;                      // JWT_AUDIENCE; empty: any
};

// Reads the settings above from the environment; an error names what is wrong.
std::expected<Settings, std::string> SettingsFromEnvironment();

// The authorizer's answer to one TOKEN event, or nullopt for "Unauthorized".
std::optional<boost::json::object> Authorize(const boost::json::value& event,
                                             const Settings& settings,
                                             std::chrono::system_clock::time_point now);

// "arn:aws:execute-api:r:a:api/stage/GET/x" -> "arn:aws:execute-api:r:a:api/stage/*/*".
std::string StageWildcard(std::string_view method_arn);

}  // namespace nimbus::authorizer
