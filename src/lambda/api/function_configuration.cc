#include "lambda/api/function_configuration.h"

#include <openssl/evp.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

#include "aws/crypto.h"

namespace nimbus::lambda::api {
namespace {

// Lambda's defaults for what a stack cannot configure.
constexpr int kEphemeralStorageMb = 512;

std::string LambdaTimestamp(const struct timespec& when) {
  std::tm tm{};
  gmtime_r(&when.tv_sec, &tm);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  char text[48];
  std::snprintf(text, sizeof text, "%s.%03d+0000", date, static_cast<int>(when.tv_nsec / 1000000));
  return text;
}

std::string Architecture() {
  utsname name{};
  if (::uname(&name) == 0 && std::string_view(name.machine) == "aarch64") return "arm64";
  return "x86_64";
}

// A stable id for this configuration and code, in UUID form.
std::string RevisionId(const FunctionConfig& config, const CodeFacts& code) {
  std::ostringstream text;
  text << config.name << '\n'
       << config.runtime << '\n'
       << config.handler << '\n'
       << config.memory_mb << '\n'
       << config.timeout.count() << '\n'
       << config.role_arn << '\n'
       << code.sha256 << '\n';
  for (const auto& [key, value] : config.environment) text << key << '=' << value << '\n';
  std::string hex = aws::Sha256Hex(text.str()).substr(0, 32);
  hex[12] = '4';  // version 4 layout, as Lambda's revision ids have
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

}  // namespace

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
  return out;
}

CodeFacts ReadCodeFacts(const std::filesystem::path& code_dir) {
  CodeFacts facts;
  const auto bootstrap = code_dir / "bootstrap";
  std::ifstream in(bootstrap, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const std::string content = bytes.str();
  facts.size = content.size();
  facts.sha256 = Base64(aws::Sha256(content));
  struct stat info {};
  if (::stat(bootstrap.c_str(), &info) == 0) facts.last_modified = LambdaTimestamp(info.st_mtim);
  return facts;
}

boost::json::object FunctionConfiguration(const FunctionConfig& config, const CodeFacts& code,
                                          const std::string& arn, Detail detail) {
  boost::json::object out;
  out["FunctionName"] = config.name;
  out["FunctionArn"] = arn;
  out["Runtime"] = config.runtime;
  if (!config.role_arn.empty()) out["Role"] = config.role_arn;
  out["Handler"] = config.handler;
  out["CodeSize"] = code.size;
  out["Description"] = "";
  out["Timeout"] = std::chrono::duration_cast<std::chrono::seconds>(config.timeout).count();
  out["MemorySize"] = config.memory_mb;
  out["LastModified"] = code.last_modified;
  out["CodeSha256"] = code.sha256;
  out["Version"] = "$LATEST";
  if (!config.environment.empty()) {
    boost::json::object variables;
    for (const auto& [key, value] : config.environment) variables[key] = value;
    out["Environment"] = boost::json::object{{"Variables", std::move(variables)}};
  }
  out["TracingConfig"] = boost::json::object{{"Mode", "PassThrough"}};
  out["RevisionId"] = RevisionId(config, code);
  if (detail == Detail::kFull) {
    out["State"] = "Active";
    out["LastUpdateStatus"] = "Successful";
  }
  out["PackageType"] = "Zip";
  out["Architectures"] = boost::json::array{Architecture()};
  out["EphemeralStorage"] = boost::json::object{{"Size", kEphemeralStorageMb}};
  out["SnapStart"] = boost::json::object{{"ApplyOn", "None"}, {"OptimizationStatus", "Off"}};
  out["LoggingConfig"] =
      boost::json::object{{"LogFormat", "Text"}, {"LogGroup", "/aws/lambda/" + config.name}};
  return out;
}

}  // namespace nimbus::lambda::api
