#include "aws/error.h"

#include <boost/crc.hpp>
#include <cstdio>

namespace nimbus::aws {
namespace {

// A JSON string literal. Kept by hand so that this library needs no JSON dependency.
void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

std::string ToJson10Body(const Error& error) {
  std::string out = "{\"__type\":";
  AppendJsonString(
      out, error.type_namespace.empty() ? error.code : error.type_namespace + "#" + error.code);
  out += ",\"message\":";
  AppendJsonString(out, error.message);
  out += '}';
  return out;
}

unsigned int Crc32(std::string_view data) {
  boost::crc_32_type crc;
  crc.process_bytes(data.data(), data.size());
  return crc.checksum();
}

namespace errors {

Error MissingAuthenticationToken() {
  return {.http_status = 400,
          .code = "MissingAuthenticationTokenException",
          .message = "Request is missing Authentication Token"};
}

Error IncompleteSignature(std::string message) {
  return {
      .http_status = 400, .code = "IncompleteSignatureException", .message = std::move(message)};
}

Error InvalidSignature() {
  return InvalidSignature(
      "The request signature we calculated does not match the signature you provided. Check your "
      "AWS Secret Access Key and signing method. Consult the service documentation for details.");
}

Error InvalidSignature(std::string message) {
  return {.http_status = 400, .code = "InvalidSignatureException", .message = std::move(message)};
}

}  // namespace errors
}  // namespace nimbus::aws
