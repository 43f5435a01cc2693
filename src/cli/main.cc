// The composition root: the `nimbus` command.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cli/logs.h"
#include "cli/token.h"
#include "cli/up.h"

namespace {

// The build tree this binary sits in (<build>/src/cli/nimbus): function code lives there.
std::filesystem::path DefaultArtifactsDir() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return ".";
  return self.parent_path().parent_path().parent_path();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"nimbus: API Gateway → Lambda → DynamoDB on one machine"};
  app.require_subcommand(1);

  nimbus::cli::UpOptions up;
  up.artifacts_dir = DefaultArtifactsDir();
  auto* up_cmd = app.add_subcommand("up", "Run the stack in the foreground (Ctrl-C stops it)");
  up_cmd->add_option("--stack", up.stack_dir, "Folder holding stack.yaml")->capture_default_str();
  up_cmd->add_option("--data", up.data_dir, "Folder for tables and logs")->capture_default_str();
  up_cmd->add_option("--artifacts", up.artifacts_dir, "Build output holding function code")
      ->capture_default_str();
  up_cmd->add_option("--address", up.address, "Address to listen on")->capture_default_str();
  up_cmd->add_option("--api-port", up.api_port, "API port (0: any free port)")
      ->capture_default_str();
  up_cmd->add_option("--aws-port", up.aws_port, "AWS endpoint port (0: any free port)")
      ->capture_default_str();
  up_cmd->add_option("--auth", up.auth_mode, "dev: unknown keys act as admin; strict: refused")
      ->check(CLI::IsMember({"dev", "strict"}))
      ->capture_default_str();
  up_cmd->add_flag("--sync-writes", up.sync_writes, "fsync the write-ahead log on every write");
  up_cmd->add_option("--threads", up.threads, "I/O threads (0: half the cores, at least one)")
      ->capture_default_str();

  up_cmd
      ->add_option("--account-concurrency", up.account_concurrency,
                   "Lambda account concurrency limit (invocations at once, all functions)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  up_cmd
      ->add_option("--async-delay-scale", up.async_delay_scale,
                   "Scale Lambda's async retry waits by this factor (tests)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  up_cmd
      ->add_option("--idle-timeout", up.idle_timeout_seconds,
                   "Seconds an idle function instance lives before it is stopped")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  up_cmd->add_flag("--watch", up.watch, "Restart a function's instances when its code changes");

  nimbus::cli::LogsOptions logs;
  auto* logs_cmd = app.add_subcommand("logs", "Print a function's logs (/aws/lambda/NAME)");
  logs_cmd->add_option("name", logs.function_name, "Function name")->required();
  logs_cmd->add_option("--data", logs.data_dir, "The stack's data folder")->capture_default_str();
  logs_cmd->add_flag("-f,--follow", logs.follow, "Keep printing new lines until Ctrl-C");
  logs_cmd->add_option("--since", logs.since, "From this long ago (5m, 2h, 1d) or this UTC time");

  nimbus::cli::TokenOptions token;
  auto* token_cmd = app.add_subcommand(
      "token", "Mint a development JWT for the stack's authorizer (printed on the last line)");
  token_cmd->add_option("--stack", token.stack_dir, "Folder holding stack.yaml")
      ->capture_default_str();
  token_cmd->add_option("--subject", token.subject, "The token's sub claim")->capture_default_str();
  token_cmd->add_option("--scope", token.scopes, "A scope to grant (repeatable)");
  token_cmd->add_option("--expires-in", token.expires_in, "Lifetime in seconds")
      ->capture_default_str();

  CLI11_PARSE(app, argc, argv);
  if (up_cmd->parsed()) return nimbus::cli::RunUp(up);
  if (logs_cmd->parsed()) return nimbus::cli::RunLogs(logs);
  if (token_cmd->parsed()) return nimbus::cli::RunToken(token);
  return 2;
}
