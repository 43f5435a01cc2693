#include "lambda/log_tail.h"

#include <fstream>
#include <system_error>

namespace nimbus::lambda {

std::uint64_t LogFileSize(const std::filesystem::path& file) {
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  return ec ? 0 : size;
}

std::string ReadLogTail(const std::filesystem::path& file, std::uint64_t offset,
                        std::size_t max_bytes) {
  const std::uint64_t size = LogFileSize(file);
  if (size <= offset) return {};
  const std::uint64_t from = size - offset > max_bytes ? size - max_bytes : offset;
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  in.seekg(static_cast<std::streamoff>(from));
  std::string text(static_cast<std::size_t>(size - from), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

std::string LastBytes(std::string text, std::size_t max_bytes) {
  if (text.size() > max_bytes) text.erase(0, text.size() - max_bytes);
  return text;
}

}  // namespace nimbus::lambda
