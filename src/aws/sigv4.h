// AWS Signature Version 4: signing requests (clients) and verifying them (services).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
//
// Signing (client side):
//   aws::SignRequest(request, {.region = "us-east-1", .service = "dynamodb",
//                              .credentials = creds, .time = now});
// Verifying (service side):
//   auto parsed = aws::ParseAuthorization(request);          // form of the header
//   if (!parsed) -> parsed.error() is the service error to return
//   auto ok = aws::VerifySignature(request, *parsed, secret);  // recomputes the signature
#pragma once

#include <boost/beast/http.hpp>
#include <chrono>
#include <expected>
#include <string>
#include <string_view>

#include "aws/error.h"

namespace nimbus::aws {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty when none
};

struct SigningParams {
  std::string region;
  std::string service;
  Credentials credentials;
  std::chrono::system_clock::time_point time;
  std::string host;  // the Host header to add when the request has none ("host:port")
};

// Adds Host (if missing), X-Amz-Date, X-Amz-Security-Token (if any), X-Amz-Content-Sha256
// (for s3 only) and Authorization. Signs every header present on the request except the ones
// proxies are free to change (Connection, Expect, User-Agent, X-Amzn-Trace-Id, ...), as the
// AWS SDKs do.
void SignRequest(HttpRequest& request, const SigningParams& params);

// The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=...,
// Signature=...` header.
struct ParsedAuthorization {
  std::string access_key_id;
  std::string date;  // yyyymmdd of the credential scope
  std::string region;
  std::string service;
  std::string signed_headers;  // "host;x-amz-date", as sent
  std::string signature;       // hex
  std::string amz_date;        // X-Amz-Date header (yyyymmddThhmmssZ)
};

// Checks the form of the Authorization and X-Amz-Date headers. Errors are the ones AWS
// services return: MissingAuthenticationTokenException, IncompleteSignatureException, ...
std::expected<ParsedAuthorization, Error> ParseAuthorization(const HttpRequest& request);

// Recomputes the signature with `secret_access_key` and compares in constant time.
// Mismatch: InvalidSignatureException with AWS's message. Also refuses a request whose
// X-Amz-Date is more than 15 minutes away from `now` (InvalidSignatureException, "Signature
// expired").
std::expected<void, Error> VerifySignature(const HttpRequest& request,
                                           const ParsedAuthorization& parsed,
                                           std::string_view secret_access_key,
                                           std::chrono::system_clock::time_point now);

// VerifySignature with the signing key already derived (sigv4::SigningKey of canonical.h).
// The key depends only on secret, date, region and service, so a service verifying many
// requests derives it once a day instead of four HMACs per request.
std::expected<void, Error> VerifySignatureWithKey(const HttpRequest& request,
                                                  const ParsedAuthorization& parsed,
                                                  std::string_view signing_key,
                                                  std::chrono::system_clock::time_point now);

// Service side, after ParseAuthorization: the credential scope names this region and service.
// Mismatch: InvalidSignatureException with AWS's "Credential should be scoped ..." message.
std::expected<void, Error> CheckCredentialScope(const ParsedAuthorization& parsed,
                                                std::string_view region, std::string_view service);

// The allowed distance between X-Amz-Date and the server's clock.
inline constexpr std::chrono::minutes kMaxClockSkew{15};

}  // namespace nimbus::aws
