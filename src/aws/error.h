// An AWS service error as a value: the HTTP status, the error code (`__type` without the
// namespace) and the message. Each protocol renders it in one place (see ToJson10Body).
#pragma once

#include <string>
#include <string_view>

namespace nimbus::aws {

struct Error {
  int http_status = 400;
  std::string code;  // e.g. "ValidationException"
  std::string message;
  // The `__type` namespace a JSON 1.0/1.1 service puts before the code:
  // "com.amazonaws.dynamodb.v20120810" for service errors, "com.amazon.coral.service" for the
  // authentication errors every AWS service shares.
  std::string type_namespace = "com.amazon.coral.service";
};

// {"__type":"<namespace>#<code>","message":"..."} as the JSON 1.0 protocol (DynamoDB) sends it.
std::string ToJson10Body(const Error& error);

// CRC32 (IEEE) of a body, as DynamoDB sends in x-amz-crc32.
unsigned int Crc32(std::string_view data);

}  // namespace nimbus::aws

// The authentication errors every AWS JSON service shares, with AWS's wording. A service may
// change http_status (API Gateway sends 403 where DynamoDB sends 400).
namespace nimbus::aws::errors {

Error MissingAuthenticationToken();  // "Request is missing Authentication Token"
Error IncompleteSignature(std::string message);
Error InvalidSignature();                     // the "does not match" message
Error InvalidSignature(std::string message);  // scope and expiry problems

}  // namespace nimbus::aws::errors
