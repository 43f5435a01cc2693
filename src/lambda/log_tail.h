// The end of one invocation's log, for X-Amz-Log-Type: Tail. An instance runs one invocation
// at a time and writes everything (its own output and the START/END/REPORT lines) to its own
// file, so the invocation's log is the part of that file written since its START line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace nimbus::lambda {

// Lambda returns the last 4 KB of the execution log (X-Amz-Log-Result).
inline constexpr std::size_t kLogTailBytes = 4096;

// The size of `file` now, where the next invocation's log begins; 0 if it cannot be read.
std::uint64_t LogFileSize(const std::filesystem::path& file);

// The last `max_bytes` of `file` from `offset` on; empty if it cannot be read.
std::string ReadLogTail(const std::filesystem::path& file, std::uint64_t offset,
                        std::size_t max_bytes = kLogTailBytes);

// The last `max_bytes` of `text`.
std::string LastBytes(std::string text, std::size_t max_bytes = kLogTailBytes);

}  // namespace nimbus::lambda
