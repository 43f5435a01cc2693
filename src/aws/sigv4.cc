#include "aws/sigv4.h"

#include <algorithm>
#include <ctime>
#include <iomanip>
#include <sstream>
#include <vector>

#include "aws/canonical.h"
#include "aws/crypto.h"
#include "aws/format.h"

namespace nimbus::aws {
namespace http = boost::beast::http;
using std::chrono::system_clock;

namespace {

// Hop-by-hop and proxy-owned headers: signing them would break the signature in transit.
bool IsUnsignable(std::string_view lower_name) {
  static constexpr std::string_view kUnsignable[] = {
      "authorization", "connection",        "expect",  "keep-alive", "proxy-authorization", "te",
      "trailer",       "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id"};
  return std::ranges::find(kUnsignable, lower_name) != std::end(kUnsignable);
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// RFC 1123 ("Sun, 30 Aug 2015 12:36:00 GMT"), the `Date` header SigV4 accepts instead of
// X-Amz-Date.
std::optional<system_clock::time_point> ParseHttpDate(std::string_view text) {
  std::tm tm{};
  std::istringstream in{std::string(text)};
  in.imbue(std::locale::classic());
  in >> std::get_time(&tm, "%a, %d %b %Y %H:%M:%S GMT");
  if (in.fail()) return std::nullopt;
  return system_clock::from_time_t(timegm(&tm));
}

std::vector<std::string_view> Tokens(std::string_view text) {
  std::vector<std::string_view> tokens;
  size_t start = 0;
  // A plain loop: find_first_of calls memchr on the delimiter set once per character.
  while (start < text.size()) {
    size_t end = start;
    while (end < text.size() && text[end] != ',' && text[end] != ' ') ++end;
    if (end > start) tokens.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return tokens;
}

}  // namespace

void SignRequest(HttpRequest& request, const SigningParams& params) {
  if (request.find(http::field::host) == request.end() && !params.host.empty()) {
    request.set(http::field::host, params.host);
  }
  request.erase(http::field::authorization);
  const std::string amz_date = sigv4::FormatAmzDate(params.time);
  request.set("X-Amz-Date", amz_date);
  if (!params.credentials.session_token.empty()) {
    request.set("X-Amz-Security-Token", params.credentials.session_token);
  }
  if (params.service == "s3" && request.find("x-amz-content-sha256") == request.end()) {
    request.set("X-Amz-Content-Sha256", Sha256Hex(request.body()));
  }

  std::vector<std::string> names;
  for (const auto& field : request) {
    std::string name = Lower(field.name_string());
    if (!IsUnsignable(name)) names.push_back(std::move(name));
  }
  std::ranges::sort(names);
  names.erase(std::unique(names.begin(), names.end()), names.end());

  const std::string date = amz_date.substr(0, 8);
  const std::string scope = sigv4::CredentialScope(date, params.region, params.service);
  const std::string string_to_sign =
      sigv4::StringToSign(amz_date, scope, sigv4::CanonicalRequest(request, params.service, names));
  const std::string signature = sigv4::Signature(
      sigv4::SigningKey(params.credentials.secret_access_key, date, params.region, params.service),
      string_to_sign);

  std::string signed_headers;
  for (const std::string& name : names) {
    if (!signed_headers.empty()) signed_headers += ';';
    signed_headers += name;
  }
  request.set(http::field::authorization,
              Format("{} Credential={}/{}, SignedHeaders={}, Signature={}", sigv4::kAlgorithm,
                     params.credentials.access_key_id, scope, signed_headers, signature));
}

std::expected<ParsedAuthorization, Error> ParseAuthorization(const HttpRequest& request) {
  auto header_it = request.find(http::field::authorization);
  if (header_it == request.end()) return std::unexpected(errors::MissingAuthenticationToken());
  const std::string_view header = header_it->value();

  std::vector<std::string_view> tokens = Tokens(header);
  const bool sigv4_algorithm = !tokens.empty() && tokens.front() == sigv4::kAlgorithm;
  std::optional<std::string_view> credential, signed_headers, signature;
  for (size_t i = 1; sigv4_algorithm && i < tokens.size(); ++i) {
    std::string_view token = tokens[i];
    size_t eq = token.find('=');
    if (eq == std::string_view::npos) {
      return std::unexpected(errors::IncompleteSignature(Format(
          "'{}' not a valid key=value pair (missing equal-sign) in Authorization header: '{}'.",
          token, header)));
    }
    std::string_view key = token.substr(0, eq), value = token.substr(eq + 1);
    if (key == "Credential") credential = value;
    if (key == "SignedHeaders") signed_headers = value;
    if (key == "Signature") signature = value;
  }

  auto amz_date_it = request.find("x-amz-date");
  auto date_it = request.find(http::field::date);
  const bool has_date = amz_date_it != request.end() || date_it != request.end();

  std::string missing;
  if (!credential) missing += "Authorization header requires 'Credential' parameter. ";
  if (!signature) missing += "Authorization header requires 'Signature' parameter. ";
  if (!signed_headers) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (!has_date) {
    missing +=
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  }
  if (!missing.empty()) {
    return std::unexpected(
        errors::IncompleteSignature(Format("{}Authorization={}", missing, header)));
  }

  ParsedAuthorization parsed;
  if (amz_date_it != request.end()) {
    parsed.amz_date = std::string(amz_date_it->value());
    if (!sigv4::ParseAmzDate(parsed.amz_date)) {
      return std::unexpected(errors::IncompleteSignature(
          Format("Date must be in ISO-8601 'basic format'. Got '{}'. See "
                 "http://en.wikipedia.org/wiki/ISO_8601",
                 parsed.amz_date)));
    }
  } else {
    auto time = ParseHttpDate(date_it->value());
    if (!time) {
      return std::unexpected(errors::IncompleteSignature(
          Format("Date must be in ISO-8601 'basic format'. Got '{}'. See "
                 "http://en.wikipedia.org/wiki/ISO_8601",
                 std::string_view(date_it->value()))));
    }
    parsed.amz_date = sigv4::FormatAmzDate(*time);
  }

  std::vector<std::string_view> scope;
  for (size_t start = 0;;) {
    size_t slash = credential->find('/', start);
    scope.push_back(credential->substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (scope.size() != 5 || scope[0].empty()) {
    return std::unexpected(errors::IncompleteSignature(
        Format("Credential must have exactly 5 slash-delimited elements, e.g. "
               "keyid/date/region/service/term, got '{}'",
               *credential)));
  }
  if (scope[4] != sigv4::kTerminator) {
    return std::unexpected(errors::InvalidSignature(
        Format("Credential should be scoped with a valid terminator: 'aws4_request', not '{}'.",
               scope[4])));
  }
  if (scope[1] != std::string_view(parsed.amz_date).substr(0, 8)) {
    return std::unexpected(errors::InvalidSignature(Format(
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
        "HTTP: '{}' != '{}', from '{}'.",
        scope[1], std::string_view(parsed.amz_date).substr(0, 8), parsed.amz_date)));
  }
  std::vector<std::string> names = sigv4::SplitSignedHeaders(*signed_headers);
  if (std::ranges::find(names, "host") == names.end()) {
    return std::unexpected(errors::InvalidSignature(
        "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."));
  }

  parsed.access_key_id = std::string(scope[0]);
  parsed.date = std::string(scope[1]);
  parsed.region = std::string(scope[2]);
  parsed.service = std::string(scope[3]);
  parsed.signed_headers = std::string(*signed_headers);
  parsed.signature = std::string(*signature);
  return parsed;
}

std::expected<void, Error> VerifySignature(const HttpRequest& request,
                                           const ParsedAuthorization& parsed,
                                           std::string_view secret_access_key,
                                           system_clock::time_point now) {
  return VerifySignatureWithKey(
      request, parsed,
      sigv4::SigningKey(secret_access_key, parsed.date, parsed.region, parsed.service), now);
}

std::expected<void, Error> VerifySignatureWithKey(const HttpRequest& request,
                                                  const ParsedAuthorization& parsed,
                                                  std::string_view signing_key,
                                                  system_clock::time_point now) {
  auto signed_at = sigv4::ParseAmzDate(parsed.amz_date);
  if (!signed_at) return std::unexpected(errors::InvalidSignature());
  if (*signed_at < now - kMaxClockSkew) {
    return std::unexpected(errors::InvalidSignature(
        Format("Signature expired: {} is now earlier than {} ({} - 15 min.)", parsed.amz_date,
               sigv4::FormatAmzDate(now - kMaxClockSkew), sigv4::FormatAmzDate(now))));
  }
  if (*signed_at > now + kMaxClockSkew) {
    return std::unexpected(errors::InvalidSignature(Format(
        "Signature not yet current: {} is still later than {} ({} + 15 min.)", parsed.amz_date,
        sigv4::FormatAmzDate(now + kMaxClockSkew), sigv4::FormatAmzDate(now))));
  }

  const std::string scope = sigv4::CredentialScope(parsed.date, parsed.region, parsed.service);
  const std::string canonical = sigv4::CanonicalRequest(
      request, parsed.service, sigv4::SplitSignedHeaders(parsed.signed_headers));
  const std::string expected =
      sigv4::Signature(signing_key, sigv4::StringToSign(parsed.amz_date, scope, canonical));
  if (!ConstantTimeEquals(expected, Lower(parsed.signature))) {
    return std::unexpected(errors::InvalidSignature());
  }
  return {};
}

std::expected<void, Error> CheckCredentialScope(const ParsedAuthorization& parsed,
                                                std::string_view region, std::string_view service) {
  if (parsed.service != service) {
    return std::unexpected(errors::InvalidSignature(
        Format("Credential should be scoped to correct service: '{}'. ", service)));
  }
  if (parsed.region != region) {
    return std::unexpected(errors::InvalidSignature(
        Format("Credential should be scoped to a valid region, not '{}'. ", parsed.region)));
  }
  return {};
}

}  // namespace nimbus::aws
