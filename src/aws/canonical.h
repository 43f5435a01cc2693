// The steps of SigV4 signing, exposed for the signer, the verifier and their tests.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/sigv4.h"

namespace nimbus::aws::sigv4 {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kTerminator = "aws4_request";

// RFC 3986 percent-encoding of everything but the unreserved characters (and '/' if asked).
std::string UriEncode(std::string_view text, bool keep_slash);
// Decodes %XX; '+' stays '+' (SigV4 clients never send '+' for a space).
std::string UriDecode(std::string_view text);

// `raw_path` is the path as it came on the wire. Every service but s3 normalizes it and
// encodes it again (so "%20" becomes "%2520"); s3 encodes it exactly once.
std::string CanonicalUri(std::string_view raw_path, std::string_view service);
std::string CanonicalQueryString(std::string_view raw_query);

// Header names lower-cased and sorted; values trimmed, inner runs of spaces collapsed, repeats
// joined by ','. `names` are lower-case.
std::string CanonicalHeaders(const HttpRequest& request, const std::vector<std::string>& names);

// The payload hash a request is signed with: X-Amz-Content-Sha256 if sent, else SHA-256(body).
std::string PayloadHash(const HttpRequest& request);

std::string CanonicalRequest(const HttpRequest& request, std::string_view service,
                             const std::vector<std::string>& signed_headers);

std::string CredentialScope(std::string_view date, std::string_view region,
                            std::string_view service);
std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request);
std::string SigningKey(std::string_view secret, std::string_view date, std::string_view region,
                       std::string_view service);
std::string Signature(std::string_view signing_key, std::string_view string_to_sign);

// yyyymmddThhmmssZ and back. Parsing is strict: exactly that form and a valid calendar time.
std::string FormatAmzDate(std::chrono::system_clock::time_point time);
std::optional<std::chrono::system_clock::time_point> ParseAmzDate(std::string_view text);

std::vector<std::string> SplitSignedHeaders(std::string_view signed_headers);

}  // namespace nimbus::aws::sigv4
