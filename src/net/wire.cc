#include "net/wire.h"

#include <charconv>

namespace nimbus::net {

void SerializeResponse(const Response& response, std::string& out) {
  out.clear();
  std::size_t size = 32 + response.body().size();
  for (const auto& field : response) size += field.name_string().size() + field.value().size() + 4;
  out.reserve(size);
  out += response.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  char code[8];
  auto [end, ec] = std::to_chars(code, code + sizeof(code), response.result_int());
  out.append(code, end);
  out += ' ';
  const auto reason = response.reason();
  out.append(reason.data(), reason.size());
  out += "\r\n";
  for (const auto& field : response) {
    out.append(field.name_string().data(), field.name_string().size());
    out += ": ";
    out.append(field.value().data(), field.value().size());
    out += "\r\n";
  }
  out += "\r\n";
  out += response.body();
}

}  // namespace nimbus::net
