// `nimbus token`: mints a development JWT (HS256) that the stack's Lambda authorizer accepts,
// signed with the JWT_SECRET in that authorizer function's environment (stack.yaml). The
// token is printed alone on the last line of stdout, for scripts:
//   TOKEN=$(nimbus token --scope people:write | tail -n 1)
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace nimbus::cli {

struct TokenOptions {
  std::filesystem::path stack_dir = "stack";
  std::string subject = "developer";
  std::vector<std::string> scopes;
  long long expires_in = 3600;  // seconds
};

// Returns the process exit code.
int RunToken(const TokenOptions& options);

}  // namespace nimbus::cli
