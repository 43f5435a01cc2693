// Turns the traffic sections of stack.yaml (API keys, usage plans, method settings, the
// account throttle) into the gateway's TrafficOptions for the stack's API stage, with the
// quota journal under the data folder.
#pragma once

#include <expected>
#include <filesystem>
#include <string>

#include "gateway/traffic.h"
#include "stack/stack.h"

namespace nimbus::cli {

// REQUIRES: stack.api is set. The error names the quota journal it could not open.
std::expected<gateway::TrafficOptions, std::string> TrafficOptionsFor(
    const stack::Stack& stack, const std::filesystem::path& data_dir);

}  // namespace nimbus::cli
