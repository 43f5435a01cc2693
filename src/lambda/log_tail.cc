#include "lambda/log_tail.h"

#include <fstream>
#include <string_view>
#include <system_error>

namespace nimbus::lambda {

std::uint64_t LogFileSize(const std::filesystem::path& file) {
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  return ec ? 0 : size;
}

namespace {

// The stream file holds one "<UTC timestamp>\t<message>" event per line (log_stream.h); the tail
// Lambda returns is the messages alone.
std::string WithoutTimestamps(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = text.substr(0, end == std::string_view::npos ? text.size() : end + 1);
    text.remove_prefix(line.size());
    auto tab = line.find('\t');
    if (tab != std::string_view::npos && tab >= 20 && line[4] == '-' && line[tab - 1] == 'Z') {
      line.remove_prefix(tab + 1);
    }
    out.append(line);
  }
  return out;
}

// Timestamps make stored lines longer than what the tail shows: read enough to fill it.
constexpr std::size_t kStoredBytesPerTailByte = 8;

}  // namespace

std::string ReadLogTail(const std::filesystem::path& file, std::uint64_t offset,
                        std::size_t max_bytes) {
  const std::uint64_t size = LogFileSize(file);
  if (size <= offset) return {};
  const std::uint64_t window = static_cast<std::uint64_t>(max_bytes) * kStoredBytesPerTailByte;
  std::uint64_t from = size - offset > window ? size - window : offset;
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  in.seekg(static_cast<std::streamoff>(from));
  std::string text(static_cast<std::size_t>(size - from), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (from != offset) {
    // Started mid-file: drop the partial first line.
    auto newline = text.find('\n');
    text.erase(0, newline == std::string::npos ? text.size() : newline + 1);
  }
  return LastBytes(WithoutTimestamps(text), max_bytes);
}

std::string LastBytes(std::string text, std::size_t max_bytes) {
  if (text.size() > max_bytes) text.erase(0, text.size() - max_bytes);
  return text;
}

}  // namespace nimbus::lambda
