// Identifiers Lambda hands out, in the shapes AWS uses.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace nimbus::lambda {

// A random UUID v4, as in Lambda-Runtime-Aws-Request-Id.
std::string NewRequestId();
// An X-Ray trace header: "Root=1-<8 hex epoch s>-<24 hex>;Parent=<16 hex>;Sampled=0".
std::string NewTraceId(std::chrono::system_clock::time_point now);
// "YYYY/MM/DD/[$LATEST]<32 hex>" (UTC date).
std::string NewLogStreamName(std::chrono::system_clock::time_point now);
// arn:aws:lambda:REGION:ACCOUNT:function:NAME
std::string FunctionArn(std::string_view region, std::string_view account,
                        std::string_view function);

}  // namespace nimbus::lambda
