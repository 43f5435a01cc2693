// A response as the bytes that go on the wire, in one buffer. Beast's serializer walks a chain
// of buffer views per write; building the status line, fields and body into one string costs a
// fraction of that and lets the server send a response with one syscall.
#pragma once

#include <string>

#include "net/http.h"

namespace nimbus::net {

// REQUIRES: the response's Content-Length (or Transfer-Encoding) is already set
// (prepare_payload()); the body is sent as it is.
void SerializeResponse(const Response& response, std::string& out);

}  // namespace nimbus::net
