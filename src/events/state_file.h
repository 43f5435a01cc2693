// The events service's state on disk: one JSON document, replaced atomically (write to a
// temporary file, fsync, rename) so that a kill -9 leaves either the old or the new state.
#pragma once

#include <expected>
#include <filesystem>
#include <string>

#include "events/model.h"

namespace nimbus::events {

// A missing file is an empty state.
std::expected<State, std::string> LoadState(const std::filesystem::path& file);
std::expected<void, std::string> SaveState(const std::filesystem::path& file, const State& state);

}  // namespace nimbus::events
