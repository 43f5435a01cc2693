#include "lambda/invoke_context.h"

#include <boost/beast/core/detail/base64.hpp>
#include <boost/json/parse.hpp>

namespace nimbus::lambda {
namespace {

InvokeContextError InvalidClientContext() {
  return {400, "InvalidRequestContentException",
          "Client context must be a valid Base64-encoded JSON object."};
}

std::expected<std::string, InvokeContextError> DecodeClientContext(std::string_view text) {
  namespace b64 = boost::beast::detail::base64;
  if (text.size() > kMaxClientContextBytes) return std::unexpected(InvalidClientContext());
  std::string out(b64::decoded_size(text.size()) + 3, '\0');
  auto [written, read] = b64::decode(out.data(), text.data(), text.size());
  while (read < text.size() && text[read] == '=') ++read;
  if (read != text.size()) return std::unexpected(InvalidClientContext());
  out.resize(written);
  boost::system::error_code ec;
  auto doc = boost::json::parse(out, ec);
  if (ec || !doc.is_object()) return std::unexpected(InvalidClientContext());
  return out;
}

}  // namespace

std::expected<InvokeContext, InvokeContextError> InvokeContextFromHeaders(
    std::string_view client_context_base64, std::string_view trace_header) {
  InvokeContext context;
  if (!client_context_base64.empty()) {
    auto decoded = DecodeClientContext(client_context_base64);
    if (!decoded) return std::unexpected(decoded.error());
    context.client_context = std::move(*decoded);
  }
  // Only a header that carries a trace root continues the caller's trace.
  if (trace_header.find("Root=") != std::string_view::npos) {
    context.trace_header = std::string(trace_header);
  }
  return context;
}

}  // namespace nimbus::lambda
