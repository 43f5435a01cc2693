// The function host against real child processes: testdata/runtime/bootstrap is a small
// Python runtime (urllib only) whose behaviour each event chooses.
#include "lambda/function_host.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <mutex>
#include <optional>
#include <regex>
#include <sstream>
#include <thread>

#include "lambda/credentials.h"
#include "lambda/results.h"

namespace nimbus::lambda {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using boost::asio::experimental::awaitable_operators::operator&&;
using Outcome = InvokeResult::Outcome;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

constexpr char kArnPrefix[] = "arn:aws:lambda:us-east-1:000000000000:function:";

bool ProcessExists(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

class FunctionHostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/nimbus_lambda_test_XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    tmp_ = dir;
  }

  void TearDown() override {
    if (host_) {
      host_->Stop();
      Drain();
      host_.reset();
    }
    // Every child the host started is gone once it stopped: reaped, not a zombie.
    for (pid_t pid : pids_) EXPECT_FALSE(ProcessExists(pid)) << "pid " << pid;
    std::filesystem::remove_all(tmp_);
  }

  FunctionConfig Function(std::string name, std::map<std::string, std::string> env = {}) {
    FunctionConfig f;
    f.name = std::move(name);
    f.code_dir = NIMBUS_LAMBDA_TESTDATA "/runtime";
    f.timeout = 5s;
    f.environment = std::move(env);
    return f;
  }

  void MakeHost(std::vector<FunctionConfig> functions, HostOptions options = {},
                HostDependencies deps = {}) {
    host_ = FunctionHost::Create(io_, std::move(options), std::move(functions), std::move(deps));
  }

  // Runs io threads in the background instead of on the test thread.
  void StartThreads(int n) {
    guard_.emplace(io_.get_executor());
    for (int i = 0; i < n; ++i) threads_.emplace_back([this] { io_.run(); });
  }

  // Drives `op` to completion; fails (rather than hangs) after a minute.
  template <typename T>
  T Await(boost::asio::awaitable<T> op) {
    auto future = boost::asio::co_spawn(io_, std::move(op), boost::asio::use_future);
    if (threads_.empty()) {
      io_.restart();
      auto give_up = std::chrono::steady_clock::now() + 60s;
      while (future.wait_for(0s) != std::future_status::ready) {
        io_.run_one_for(100ms);
        if (std::chrono::steady_clock::now() > give_up) {
          ADD_FAILURE() << "operation did not finish";
          std::abort();
        }
      }
    }
    return future.get();
  }

  InvokeResult Invoke(std::string function, std::string payload) {
    return Await(host_->Invoke(std::move(function), std::move(payload)));
  }

  json::object Ok(const InvokeResult& r) {
    EXPECT_EQ(r.outcome, Outcome::kSuccess) << r.payload;
    json::value v = json::parse(r.payload);
    if (v.is_object() && v.as_object().contains("pid")) {
      pids_.push_back(static_cast<pid_t>(v.at("pid").to_number<int>()));
    }
    return v.is_object() ? v.as_object() : json::object{};
  }

  // Stop() must leave nothing behind on the io_context: run() returns by itself.
  void Drain() {
    if (!threads_.empty()) {
      guard_.reset();
      for (auto& t : threads_) t.join();
      threads_.clear();
    } else {
      io_.restart();
      io_.run();
    }
  }

  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard_;
  std::vector<std::thread> threads_;
  std::unique_ptr<FunctionHost> host_;
  std::filesystem::path tmp_;
  std::vector<pid_t> pids_;
};

TEST_F(FunctionHostTest, EchoRoundTripCarriesEveryRuntimeHeader) {
  MakeHost({Function("echo")});
  auto before = std::chrono::system_clock::now();
  auto r = Invoke("echo", R"({"action":"echo","n":1})");
  auto body = Ok(r);
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(json::serialize(body.at("event")), R"({"action":"echo","n":1})");
  auto& h = body.at("headers").as_object();
  EXPECT_THAT(std::string(h.at("Lambda-Runtime-Aws-Request-Id").as_string()),
              MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
  EXPECT_EQ(h.at("Lambda-Runtime-Invoked-Function-Arn").as_string(),
            std::string(kArnPrefix) + "echo");
  EXPECT_THAT(std::string(h.at("Lambda-Runtime-Trace-Id").as_string()),
              MatchesRegex("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0"));
  auto deadline = std::stoll(std::string(h.at("Lambda-Runtime-Deadline-Ms").as_string()));
  auto before_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(before.time_since_epoch()).count();
  EXPECT_GE(deadline, before_ms + 5000);
  EXPECT_LE(deadline, before_ms + 5000 + 10000);
}

TEST_F(FunctionHostTest, CallersContextReachesTheRuntime) {
  MakeHost({Function("echo")});
  InvokeOptions context{
      .trace_id = "Root=1-5e1b4151-5ac6c58f5b5dbd6a7a1e7f2c;Parent=53995c3f42cd8ad8;Sampled=1",
      .client_context = R"({"custom":{"k":"v"}})",
      .cognito_identity = R"({"cognitoIdentityId":"id","cognitoIdentityPoolId":"pool"})"};
  auto body = Ok(Await(host_->Invoke("echo", R"({"action":"echo"})", context)));
  auto& h = body.at("headers").as_object();
  EXPECT_EQ(h.at("Lambda-Runtime-Client-Context").as_string(), context.client_context);
  EXPECT_EQ(h.at("Lambda-Runtime-Cognito-Identity").as_string(), context.cognito_identity);
  EXPECT_EQ(h.at("Lambda-Runtime-Trace-Id").as_string(), context.trace_id);
  // Without a context the optional headers are left out.
  auto plain = Ok(Invoke("echo", R"({"action":"echo"})"));
  EXPECT_FALSE(plain.at("headers").as_object().contains("Lambda-Runtime-Client-Context"));
  EXPECT_FALSE(plain.at("headers").as_object().contains("Lambda-Runtime-Cognito-Identity"));
}

TEST_F(FunctionHostTest, StreamedResponseArrivesWhole) {
  MakeHost({Function("echo")});
  auto r = Invoke("echo", R"({"action":"stream","chunks":["{\"a\":",  "1}"]})");
  EXPECT_EQ(r.outcome, Outcome::kSuccess);
  EXPECT_EQ(r.payload, R"({"a":1})");
  auto seen = Ok(Invoke("echo", R"({"action":"echo"})"));
  EXPECT_EQ(seen.at("last_status").at("status"), 202);
}

TEST_F(FunctionHostTest, ErrorTrailersMakeAStreamAFunctionError) {
  MakeHost({Function("echo")});
  auto r = Invoke("echo", R"({"action":"stream","fail":true,"chunks":["partial"]})");
  EXPECT_EQ(r.outcome, Outcome::kFunctionError);
  EXPECT_EQ(r.function_error, "Unhandled");
  EXPECT_EQ(r.payload, R"({"errorMessage": "mid-stream", "errorType": "StreamError"})");
  auto seen = Ok(Invoke("echo", R"({"action":"echo"})"));
  EXPECT_EQ(seen.at("last_status").at("status"), 202);
}

TEST_F(FunctionHostTest, InitErrorAfterInitIsAnInvalidStateTransition) {
  MakeHost({Function("echo")});
  auto body = Ok(Invoke("echo", R"({"action":"late_init_error"})"));
  EXPECT_EQ(body.at("status"), 403);
  EXPECT_EQ(body.at("body").at("errorType"), "InvalidStateTransition");
  EXPECT_EQ(body.at("body").at("errorMessage"),
            "State transition from Ready to InitError failed for runtime. Error: State "
            "transition is not allowed");
}

TEST_F(FunctionHostTest, InstanceSeesExactlyLambdasEnvironment) {
  HostOptions options;
  options.session_token = "token";
  options.environment = {{"AWS_ENDPOINT_URL", "http://127.0.0.1:4566"}, {"SHARED", "host"}};
  MakeHost({Function("env", {{"SHARED", "function"},
                             {"OWN", "yes"},
                             {"LANG", "C.UTF-8"},
                             {"AWS_REGION", "eu-west-1"},
                             {"_HANDLER", "evil"}})},
           options);
  auto body = Ok(Invoke("env", R"({"action":"env"})"));
  std::map<std::string, std::string> env;
  for (auto& [k, v] : body.at("env").as_object()) env[k] = std::string(v.as_string());
  const std::string root = NIMBUS_LAMBDA_TESTDATA "/runtime";

  EXPECT_THAT(env.at("AWS_LAMBDA_RUNTIME_API"), MatchesRegex("127\\.0\\.0\\.1:[0-9]+"));
  EXPECT_EQ(env.at("_HANDLER"), "bootstrap");
  EXPECT_EQ(env.at("LAMBDA_TASK_ROOT"), root);
  EXPECT_EQ(env.at("LAMBDA_RUNTIME_DIR"), root);
  EXPECT_EQ(env.at("AWS_LAMBDA_FUNCTION_NAME"), "env");
  EXPECT_EQ(env.at("AWS_LAMBDA_FUNCTION_VERSION"), "$LATEST");
  EXPECT_EQ(env.at("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), "128");
  EXPECT_EQ(env.at("AWS_LAMBDA_LOG_GROUP_NAME"), "/aws/lambda/env");
  EXPECT_THAT(env.at("AWS_LAMBDA_LOG_STREAM_NAME"),
              MatchesRegex("[0-9]{4}/[0-9]{2}/[0-9]{2}/\\[\\$LATEST\\][0-9a-f]{32}"));
  EXPECT_EQ(env.at("AWS_LAMBDA_INITIALIZATION_TYPE"), "on-demand");
  EXPECT_EQ(env.at("AWS_REGION"), "us-east-1");
  EXPECT_EQ(env.at("AWS_DEFAULT_REGION"), "us-east-1");
  EXPECT_EQ(env.at("AWS_ACCESS_KEY_ID"), "test");
  EXPECT_EQ(env.at("AWS_SECRET_ACCESS_KEY"), "test");
  EXPECT_EQ(env.at("AWS_SESSION_TOKEN"), "token");
  EXPECT_EQ(env.at("AWS_EXECUTION_ENV"), "AWS_Lambda_provided.al2023");
  EXPECT_EQ(env.at("TZ"), ":UTC");
  EXPECT_EQ(env.at("LANG"), "C.UTF-8");  // not reserved: the function may set it
  EXPECT_EQ(env.at("PATH"), "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
  EXPECT_THAT(env.at("LD_LIBRARY_PATH"), HasSubstr(root + "/lib"));
  EXPECT_EQ(env.at("AWS_ENDPOINT_URL"), "http://127.0.0.1:4566");
  EXPECT_EQ(env.at("SHARED"), "function");
  EXPECT_EQ(env.at("OWN"), "yes");
  // Nothing of the host's own environment leaks in (python adds LC_CTYPE on its own).
  env.erase("LC_CTYPE");
  EXPECT_EQ(env.size(), 23u);
  EXPECT_EQ(body.at("cwd").as_string(), root);
  EXPECT_EQ(body.at("pgid"), body.at("pid"));  // its own process group
}

TEST_F(FunctionHostTest, WarmInstanceIsReusedAndLogsStartEndReport) {
  HostOptions options;
  options.log_dir = tmp_ / "logs";
  MakeHost({Function("echo")}, options);
  auto first = Ok(Invoke("echo", R"({"action":"echo"})"));
  auto second = Ok(Invoke("echo", R"({"action":"echo"})"));
  EXPECT_EQ(first.at("pid"), second.at("pid"));
  EXPECT_EQ(host_->InstanceCount("echo"), 1u);

  std::vector<std::filesystem::path> files;
  for (auto& e : std::filesystem::directory_iterator(tmp_ / "logs" / "echo")) files.push_back(e);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_THAT(files[0].filename().string(),
              MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}-\\[\\$LATEST\\][0-9a-f]{32}\\.log"));
  std::stringstream log;
  log << std::ifstream(files[0]).rdbuf();
  std::string text = log.str();
  const std::string id1(first.at("headers").at("Lambda-Runtime-Aws-Request-Id").as_string());
  const std::string id2(second.at("headers").at("Lambda-Runtime-Aws-Request-Id").as_string());
  EXPECT_THAT(text, HasSubstr("runtime started\n"));  // the child's own output
  EXPECT_THAT(text, HasSubstr("START RequestId: " + id1 + " Version: $LATEST\n"));
  EXPECT_THAT(text, HasSubstr("END RequestId: " + id1 + "\n"));
  EXPECT_THAT(text, HasSubstr("END RequestId: " + id2 + "\n"));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      text, m,
      std::regex("REPORT RequestId: " + id1 +
                 "\tDuration: [0-9]+\\.[0-9]{2} ms\tBilled Duration: [0-9]+ ms\tMemory Size: 128 "
                 "MB\tMax Memory Used: [1-9][0-9]* MB\tInit Duration: [0-9]+\\.[0-9]{2} ms\t\n")));
  // Init Duration belongs to the cold start only.
  ASSERT_TRUE(std::regex_search(text, m, std::regex("REPORT RequestId: " + id2 + "\t[^\n]*\n")));
  EXPECT_THAT(m.str(), ::testing::Not(HasSubstr("Init Duration")));
}

TEST_F(FunctionHostTest, ConcurrentInvocationsRunOnSeparateInstances) {
  MakeHost({Function("echo")});
  StartThreads(2);
  auto dir = tmp_ / "barrier";
  std::filesystem::create_directory(dir);
  std::string event = R"({"action":"barrier","count":2,"dir":")" + dir.string() + R"("})";
  auto [a, b] = Await(host_->Invoke("echo", event) && host_->Invoke("echo", event));
  auto ja = Ok(a);
  auto jb = Ok(b);
  EXPECT_NE(ja.at("pid"), jb.at("pid"));
  EXPECT_EQ(host_->InstanceCount("echo"), 2u);
}

TEST_F(FunctionHostTest, AtTheInstanceLimitInvocationsQueue) {
  HostOptions options;
  options.max_instances_per_function = 1;
  MakeHost({Function("echo")}, options);
  auto [a, b] = Await(host_->Invoke("echo", R"({"action":"echo"})") &&
                      host_->Invoke("echo", R"({"action":"echo"})"));
  EXPECT_EQ(Ok(a).at("pid"), Ok(b).at("pid"));
  EXPECT_EQ(host_->InstanceCount("echo"), 1u);
}

TEST_F(FunctionHostTest, CrashIsARuntimeExitErrorAndTheNextInvocationGetsAFreshInstance) {
  MakeHost({Function("echo")});
  auto before = Ok(Invoke("echo", R"({"action":"echo"})"));
  auto r = Invoke("echo", R"({"action":"crash"})");
  EXPECT_EQ(r.outcome, Outcome::kFunctionError);
  EXPECT_EQ(r.function_error, "Unhandled");
  auto err = json::parse(r.payload).as_object();
  EXPECT_EQ(err.at("errorType"), "Runtime.ExitError");
  EXPECT_THAT(std::string(err.at("errorMessage").as_string()),
              MatchesRegex("RequestId: [0-9a-f-]{36} Error: Runtime exited with error: exit "
                           "status 3"));
  auto after = Ok(Invoke("echo", R"({"action":"echo"})"));
  EXPECT_NE(before.at("pid"), after.at("pid"));
}

TEST_F(FunctionHostTest, TimeoutKillsTheInstance) {
  auto f = Function("slow");
  f.timeout = 300ms;
  MakeHost({f});
  auto before = Ok(Invoke("slow", R"({"action":"echo"})"));
  auto r = Invoke("slow", R"({"action":"sleep","seconds":30})");
  EXPECT_EQ(r.outcome, Outcome::kFunctionError);
  auto err = json::parse(r.payload).as_object();
  EXPECT_EQ(err.at("errorType"), "Sandbox.Timedout");
  EXPECT_THAT(std::string(err.at("errorMessage").as_string()),
              MatchesRegex("RequestId: [0-9a-f-]{36} Error: Task timed out after 0\\.30 seconds"));
  auto after = Ok(Invoke("slow", R"({"action":"echo"})"));
  EXPECT_NE(before.at("pid"), after.at("pid"));
}

TEST_F(FunctionHostTest, ErrorEndpointIsAFunctionErrorWithTheBodyAsSent) {
  MakeHost({Function("echo")});
  auto r = Invoke("echo", R"({"action":"error"})");
  EXPECT_EQ(r.outcome, Outcome::kFunctionError);
  EXPECT_EQ(r.function_error, "Unhandled");
  EXPECT_EQ(r.payload, R"({"errorMessage": "boom", "errorType": "TestError"})");
  Ok(Invoke("echo", R"({"action":"echo"})"));  // the instance lives on
  EXPECT_EQ(host_->InstanceCount("echo"), 1u);
}

TEST_F(FunctionHostTest, InitErrorFailsTheInvocationWithThePostedError) {
  MakeHost({Function("broken", {{"TEST_INIT_ERROR", "1"}})});
  auto r = Invoke("broken", R"({})");
  EXPECT_EQ(r.outcome, Outcome::kFunctionError);
  EXPECT_EQ(r.payload, R"({"errorMessage": "cannot init", "errorType": "Runtime.TestInitError"})");
}

TEST_F(FunctionHostTest, CrashDuringInitIsARuntimeExitError) {
  MakeHost({Function("broken", {{"TEST_INIT_CRASH", "1"}})});
  auto r = Invoke("broken", R"({})");
  EXPECT_EQ(r.outcome, Outcome::kFunctionError);
  EXPECT_THAT(r.payload, HasSubstr("Runtime exited with error: exit status 7"));
}

TEST_F(FunctionHostTest, InitThatNeverAsksForWorkIsKilled) {
  MakeHost({Function("stuck", {{"TEST_INIT_SLEEP", "30"}})}, {}, {.init_timeout = 300ms});
  auto r = Invoke("stuck", R"({})");
  EXPECT_EQ(r.outcome, Outcome::kFunctionError);
  EXPECT_THAT(r.payload, HasSubstr("Task timed out after 0.30 seconds"));
  // Drain() in TearDown returns only once the stuck runtime was killed and reaped.
}

TEST_F(FunctionHostTest, MissingBootstrapIsAnInvalidEntrypoint) {
  auto f = Function("nowhere");
  f.code_dir = tmp_;
  MakeHost({f});
  auto r = Invoke("nowhere", R"({})");
  EXPECT_EQ(r.outcome, Outcome::kFunctionError);
  EXPECT_THAT(r.payload, HasSubstr("Runtime.InvalidEntrypoint"));
  // The host's own path never reaches a client; Lambda names /var/task/bootstrap.
  EXPECT_THAT(r.payload, HasSubstr("[/var/task/bootstrap]"));
  EXPECT_EQ(host_->InstanceCount("nowhere"), 0u);
}

TEST_F(FunctionHostTest, ResponseAtTheLimitPassesOneByteMoreIsRefused) {
  MakeHost({Function("echo")});
  auto at_limit = Invoke(
      "echo", R"({"action":"big","bytes":)" + std::to_string(kMaxResponsePayloadBytes) + "}");
  EXPECT_EQ(at_limit.outcome, Outcome::kSuccess);
  EXPECT_EQ(at_limit.payload.size(), kMaxResponsePayloadBytes);

  auto over = Invoke(
      "echo", R"({"action":"big","bytes":)" + std::to_string(kMaxResponsePayloadBytes + 1) + "}");
  EXPECT_EQ(over.outcome, Outcome::kFunctionError);
  EXPECT_THAT(over.payload, HasSubstr("Function.ResponseSizeTooLarge"));
  // The runtime itself was told 413 RequestEntityTooLarge.
  auto seen = Ok(Invoke("echo", R"({"action":"echo"})"));
  EXPECT_EQ(seen.at("last_status").at("status"), 413);
  EXPECT_EQ(seen.at("last_status").at("body").at("errorType"), "RequestEntityTooLarge");
}

TEST_F(FunctionHostTest, SecondResponseForTheSameRequestIsAnInvalidRequestId) {
  MakeHost({Function("echo")});
  auto r = Invoke("echo", R"({"action":"twice"})");
  EXPECT_EQ(r.payload, R"({"first": true})");
  auto seen = Ok(Invoke("echo", R"({"action":"echo"})"));
  EXPECT_EQ(seen.at("last_status").at("status"), 400);
  EXPECT_EQ(seen.at("last_status").at("body").at("errorType"), "InvalidRequestID");
}

TEST_F(FunctionHostTest, UnknownFunctionIsResourceNotFound) {
  MakeHost({Function("echo")});
  auto r = Invoke("missing", "{}");
  EXPECT_EQ(r.outcome, Outcome::kServiceError);
  EXPECT_EQ(r.http_status, 404);
  EXPECT_EQ(r.error_type, "ResourceNotFoundException");
  EXPECT_EQ(r.error_message, std::string("Function not found: ") + kArnPrefix + "missing");
}

TEST_F(FunctionHostTest, FunctionMayBeNamedByArn) {
  MakeHost({Function("echo")});
  Ok(Invoke(std::string(kArnPrefix) + "echo:$LATEST", R"({"action":"echo"})"));
}

TEST_F(FunctionHostTest, OversizedRequestIsRefusedBeforeAnyWork) {
  MakeHost({Function("echo")});
  auto r = Invoke("echo", std::string(kMaxRequestPayloadBytes + 1, ' '));
  EXPECT_EQ(r.outcome, Outcome::kServiceError);
  EXPECT_EQ(r.http_status, 413);
  EXPECT_EQ(r.error_type, "RequestEntityTooLargeException");
  EXPECT_EQ(host_->InstanceCount("echo"), 0u);
}

TEST_F(FunctionHostTest, StopTerminatesEveryInstanceAndRefusesNewWork) {
  MakeHost({Function("echo")});
  auto dir = tmp_ / "barrier";
  std::filesystem::create_directory(dir);
  std::string event = R"({"action":"barrier","count":2,"dir":")" + dir.string() + R"("})";
  auto [a, b] = Await(host_->Invoke("echo", event) && host_->Invoke("echo", event));
  std::vector<pid_t> pids = {Ok(a).at("pid").to_number<int>(), Ok(b).at("pid").to_number<int>()};
  host_->Stop();
  Drain();  // returns only once every instance was reaped and the servers closed
  for (pid_t pid : pids) EXPECT_FALSE(ProcessExists(pid));
  EXPECT_EQ(host_->InstanceCount("echo"), 0u);
  auto r = Invoke("echo", R"({"action":"echo"})");
  EXPECT_EQ(r.outcome, Outcome::kServiceError);
}

TEST_F(FunctionHostTest, DestroyingTheHostKillsItsChildren) {
  MakeHost({Function("echo")});
  Ok(Invoke("echo", R"({"action":"echo"})"));
  host_.reset();  // no Stop(), no io: the destructor alone must not leak the child
}

// --- Lifecycle: freezing, idle reaping, memory limit, provisioned concurrency, credentials,
// reloads and the log stream's shape.

// The state letter of /proc/<pid>/stat: 'T' while stopped (frozen), 'S' or 'R' otherwise.
char ProcessState(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto close = text.rfind(')');
  return close == std::string::npos || close + 2 >= text.size() ? '?' : text[close + 2];
}

class LifecycleTest : public FunctionHostTest {
 protected:
  // Runs the io_context on this thread until `done` holds; fails after a minute. The host's
  // own events (a runtime asking for work, a timer, an exit) are what make it hold.
  template <typename Pred>
  void RunUntil(Pred done) {
    io_.restart();
    auto give_up = std::chrono::steady_clock::now() + 60s;
    while (!done()) {
      io_.run_one_for(10ms);
      ASSERT_LT(std::chrono::steady_clock::now(), give_up) << "condition never held";
    }
  }

  std::string LogText(const std::string& function) {
    std::string all;
    for (auto& e : std::filesystem::directory_iterator(tmp_ / "logs" / function)) {
      std::stringstream text;
      text << std::ifstream(e.path()).rdbuf();
      all += text.str();
    }
    return all;
  }
};

TEST_F(LifecycleTest, IdleInstanceIsFrozenAndThawedWhenWorkArrives) {
  MakeHost({Function("echo")});
  pid_t pid = Ok(Invoke("echo", R"({"action":"echo"})")).at("pid").to_number<int>();
  RunUntil([&] { return ProcessState(pid) == 'T'; });
  auto again = Ok(Invoke("echo", R"({"action":"echo"})"));
  EXPECT_EQ(again.at("pid").to_number<int>(), pid);  // the same instance, thawed
}

TEST_F(LifecycleTest, WithoutFreezingAnIdleInstanceKeepsRunning) {
  HostOptions options;
  options.freeze_idle = false;
  MakeHost({Function("echo")}, options);
  pid_t pid = Ok(Invoke("echo", R"({"action":"echo"})")).at("pid").to_number<int>();
  Ok(Invoke("echo", R"({"action":"echo"})"));  // by now the first `next` was long served
  EXPECT_NE(ProcessState(pid), 'T');
}

TEST_F(LifecycleTest, IdleInstanceIsReapedAfterTheIdleTimeoutAndTheNextInvokeIsCold) {
  HostOptions options;
  options.idle_timeout = 100ms;
  options.log_dir = tmp_ / "logs";
  MakeHost({Function("echo")}, options);
  pid_t first = Ok(Invoke("echo", R"({"action":"echo"})")).at("pid").to_number<int>();
  RunUntil([&] { return host_->InstanceCount("echo") == 0; });
  EXPECT_FALSE(ProcessExists(first));
  auto second = Ok(Invoke("echo", R"({"action":"echo"})"));
  EXPECT_NE(second.at("pid").to_number<int>(), first);
  const std::string id(second.at("headers").at("Lambda-Runtime-Aws-Request-Id").as_string());
  std::smatch m;
  std::string text = LogText("echo");
  ASSERT_TRUE(std::regex_search(text, m, std::regex("REPORT RequestId: " + id + "\t[^\n]*\n")));
  EXPECT_THAT(m.str(), HasSubstr("Init Duration"));  // a cold start again
}

TEST_F(LifecycleTest, BusyInstanceIsNotReaped) {
  HostOptions options;
  options.idle_timeout = 50ms;
  MakeHost({Function("echo")}, options);
  Ok(Invoke("echo", R"({"action":"sleep","seconds":0.3})"));  // longer than the idle timeout
}

TEST_F(LifecycleTest, ProvisionedInstancesInitialiseAheadAndAreNeverReaped) {
  auto f = Function("warm");
  f.provisioned_concurrency = 2;
  HostOptions options;
  options.idle_timeout = 50ms;
  options.log_dir = tmp_ / "logs";
  MakeHost({f}, options);
  auto provisioned = Await(host_->Provision());
  ASSERT_TRUE(provisioned) << provisioned.error();
  EXPECT_EQ(host_->InstanceCount("warm"), 2u);
  auto body = Ok(Invoke("warm", R"({"action":"env"})"));
  EXPECT_EQ(body.at("env").at("AWS_LAMBDA_INITIALIZATION_TYPE"), "provisioned-concurrency");
  // Several idle timeouts pass; both are still there.
  io_.restart();
  io_.run_for(300ms);
  EXPECT_EQ(host_->InstanceCount("warm"), 2u);
  // Their invocations are not cold starts: no Init Duration.
  EXPECT_THAT(LogText("warm"), ::testing::Not(HasSubstr("Init Duration")));
}

TEST_F(LifecycleTest, ProvisioningFailsWhenAnInstanceCannotInitialise) {
  auto f = Function("broken", {{"TEST_INIT_ERROR", "1"}});
  f.provisioned_concurrency = 1;
  MakeHost({f});
  auto provisioned = Await(host_->Provision());
  ASSERT_FALSE(provisioned);
  EXPECT_THAT(provisioned.error(), HasSubstr("function broken"));
  EXPECT_THAT(provisioned.error(), HasSubstr("Runtime.TestInitError"));
}

TEST_F(LifecycleTest, OverTheMemorySizeIsRuntimeOutOfMemory) {
  HostOptions options;
  options.log_dir = tmp_ / "logs";
  MakeHost({Function("hog")}, options);  // MemorySize 128
  pid_t before = Ok(Invoke("hog", R"({"action":"echo"})")).at("pid").to_number<int>();
  auto r = Invoke("hog", R"({"action":"hog","mb":200})");
  EXPECT_EQ(r.outcome, Outcome::kFunctionError);
  EXPECT_EQ(r.function_error, "Unhandled");
  auto err = json::parse(r.payload).as_object();
  EXPECT_EQ(err.at("errorType"), "Runtime.OutOfMemory");
  EXPECT_THAT(std::string(err.at("errorMessage").as_string()),
              MatchesRegex("RequestId: [0-9a-f-]{36} Error: Runtime exited with error: "
                           "signal: killed"));
  auto after = Ok(Invoke("hog", R"({"action":"echo"})"));
  EXPECT_NE(after.at("pid").to_number<int>(), before);
  std::string text = LogText("hog");
  EXPECT_THAT(text, HasSubstr("Error: Runtime exited with error: signal: killed\n"));
  EXPECT_THAT(text, HasSubstr("\tRuntime.OutOfMemory\n"));
  // The peak the process reached (VmHWM), over the 128 MB it was allowed.
  const std::regex used("Max Memory Used: ([0-9]+) MB");
  bool over = false;
  for (std::sregex_iterator it(text.begin(), text.end(), used), end; it != end; ++it) {
    over = over || std::stoi((*it)[1]) > 128;
  }
  EXPECT_TRUE(over) << text;
}

TEST_F(LifecycleTest, InjectedMemoryReadingDecidesTheLimit) {
  std::atomic<bool> huge{false};
  HostDependencies deps;
  deps.read_rss = [&huge](pid_t) -> std::optional<std::uint64_t> {
    return huge ? (std::uint64_t{1} << 40) : (std::uint64_t{10} << 20);
  };
  MakeHost({Function("echo")}, {}, deps);
  Ok(Invoke("echo", R"({"action":"echo"})"));
  huge = true;
  auto r = Invoke("echo", R"({"action":"sleep","seconds":30})");
  EXPECT_THAT(r.payload, HasSubstr("Runtime.OutOfMemory"));
}

class RecordingIssuer final : public CredentialIssuer {
 public:
  Credentials Issue(const CredentialOwner& owner) override {
    std::lock_guard lock(mu);
    owners.push_back(owner);
    Credentials c{"ASIATEST" + std::to_string(owners.size()), "secret", "token"};
    issued.push_back(c.access_key_id);
    return c;
  }
  void Revoke(std::string_view key) override {
    std::lock_guard lock(mu);
    revoked.emplace_back(key);
  }
  std::mutex mu;
  std::vector<CredentialOwner> owners;
  std::vector<std::string> issued;
  std::vector<std::string> revoked;
};

TEST_F(LifecycleTest, EachInstanceGetsItsOwnCredentialsRevokedWhenItGoes) {
  auto issuer = std::make_shared<RecordingIssuer>();
  auto f = Function("env");
  f.role_arn = "arn:aws:iam::000000000000:role/env-role";
  MakeHost({f}, {}, {.credentials = issuer});
  auto env = Ok(Invoke("env", R"({"action":"env"})")).at("env").as_object();
  ASSERT_EQ(issuer->issued.size(), 1u);
  EXPECT_EQ(env.at("AWS_ACCESS_KEY_ID").as_string(), issuer->issued[0]);
  EXPECT_EQ(env.at("AWS_SECRET_ACCESS_KEY"), "secret");
  EXPECT_EQ(env.at("AWS_SESSION_TOKEN"), "token");
  EXPECT_EQ(issuer->owners[0].function_name, "env");
  EXPECT_EQ(issuer->owners[0].role_arn, "arn:aws:iam::000000000000:role/env-role");

  Invoke("env", R"({"action":"crash"})");
  auto next = Ok(Invoke("env", R"({"action":"env"})")).at("env").as_object();
  ASSERT_EQ(issuer->issued.size(), 2u);
  EXPECT_EQ(next.at("AWS_ACCESS_KEY_ID").as_string(), issuer->issued[1]);
  EXPECT_EQ(issuer->revoked, std::vector<std::string>{issuer->issued[0]});
}

TEST(SessionCredentialIssuer, KeysHaveStsShapesAndHooksHearOfThem) {
  std::vector<std::string> seen;
  auto issuer = NewSessionCredentialIssuer(
      {.on_issue =
           [&](const Credentials& c, const CredentialOwner& o) {
             seen.push_back("issue " + c.access_key_id + " " + o.function_name);
           },
       .on_revoke = [&](std::string_view key) { seen.push_back("revoke " + std::string(key)); }});
  auto a = issuer->Issue({.function_name = "f", .role_arn = "r"});
  auto b = issuer->Issue({.function_name = "f", .role_arn = "r"});
  EXPECT_THAT(a.access_key_id, MatchesRegex("ASIA[A-Z2-7]{16}"));
  EXPECT_EQ(a.secret_access_key.size(), 40u);
  EXPECT_GE(a.session_token.size(), 100u);
  EXPECT_NE(a.access_key_id, b.access_key_id);
  EXPECT_NE(a.secret_access_key, b.secret_access_key);
  issuer->Revoke(a.access_key_id);
  EXPECT_EQ(seen, (std::vector<std::string>{"issue " + a.access_key_id + " f",
                                            "issue " + b.access_key_id + " f",
                                            "revoke " + a.access_key_id}));
}

TEST_F(LifecycleTest, ReloadSendsNewInvocationsToFreshInstances) {
  MakeHost({Function("echo")});
  pid_t old_pid = Ok(Invoke("echo", R"({"action":"echo"})")).at("pid").to_number<int>();
  host_->Reload("echo");
  pid_t new_pid = Ok(Invoke("echo", R"({"action":"echo"})")).at("pid").to_number<int>();
  EXPECT_NE(new_pid, old_pid);
  RunUntil([&] { return !ProcessExists(old_pid); });
}

TEST_F(LifecycleTest, ReloadLetsABusyInstanceFinishFirst) {
  MakeHost({Function("echo")});
  StartThreads(2);
  auto slow = boost::asio::co_spawn(
      io_, host_->Invoke("echo", R"({"action":"sleep","seconds":0.5})"), boost::asio::use_future);
  // Reload only once the slow invocation is running on its instance.
  while (host_->InstanceCount("echo") == 0) std::this_thread::yield();
  host_->Reload("echo");
  auto finished = slow.get();
  EXPECT_EQ(finished.outcome, Outcome::kSuccess) << finished.payload;
  EXPECT_EQ(finished.payload, R"({"slept": 0.5})");
}

TEST_F(LifecycleTest, LogStreamIsOneTimestampedEventPerLineInOrder) {
  HostOptions options;
  options.log_dir = tmp_ / "logs";
  MakeHost({Function("echo")}, options);
  auto body = Ok(Invoke("echo", R"({"action":"echo"})"));
  const std::string id(body.at("headers").at("Lambda-Runtime-Aws-Request-Id").as_string());
  std::string text = LogText("echo");
  std::istringstream lines(text);
  std::vector<std::string> messages;
  for (std::string line; std::getline(lines, line);) {
    ASSERT_THAT(
        line, MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z\t.*"))
        << line;
    messages.push_back(line.substr(25));
  }
  ASSERT_EQ(messages.size(), 5u) << text;
  EXPECT_EQ(messages[0], "runtime started");
  EXPECT_EQ(messages[1], "START RequestId: " + id + " Version: $LATEST");
  EXPECT_EQ(messages[2], "handling echo");  // the handler's output, before its END
  EXPECT_EQ(messages[3], "END RequestId: " + id);
  EXPECT_THAT(messages[4], ::testing::StartsWith("REPORT RequestId: " + id + "\t"));
}

}  // namespace
}  // namespace nimbus::lambda
