-- wrk script: replays pre-signed raw HTTP requests and reports one machine-readable line.
--
--   wrk -t2 -c32 -d10s --latency -s replay.lua URL -- REQUESTS THREADS [SECONDS DRAIN_MS]
--
-- REQUESTS is a file prefix: thread N reads REQUESTS.N, records of "<byte length>\n<raw
-- request>" written by load.py, and cycles through them (each thread has its own file, so
-- PutItem keys stay distinct across threads). Signing happens in Python beforehand: LuaJIT has
-- no SHA-256.
--
-- Start barrier: wrk starts thread 0 while thread 1 still runs init(), and reading a large
-- request file takes a while; thread 0 would run longer than the measured duration. So every
-- thread marks REQUESTS.ready.N once loaded and no thread sends before all THREADS are.
--
-- Drain (SECONDS DRAIN_MS given, for writes): wrk drops the requests still in flight when its
-- time is up, and the server would apply writes nobody counted. So the threads send nothing in
-- the last DRAIN_MS: every write sent is answered and counted, and the 2xx count is exact,
-- which the UpdateItem and crash checks compare the server's state with. The drain window is
-- idle, so load.py divides by SECONDS - DRAIN_MS.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock_id, bench_timespec *tp);
  int usleep(unsigned int usec);
]]
local CLOCK_MONOTONIC = 1
local now_ts = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, now_ts)
  return tonumber(now_ts.tv_sec) + tonumber(now_ts.tv_nsec) * 1e-9
end

-- Main state: one entry per thread, for done() to sum their counters.
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  threads[#threads + 1] = thread
end

local function load(path)
  local file = assert(io.open(path, "rb"))
  local records = {}
  for length in file:lines() do
    records[#records + 1] = file:read(tonumber(length))
  end
  file:close()
  assert(#records > 0, "no requests in " .. path)
  return records
end

local function exists(path)
  local file = io.open(path, "rb")
  if file then file:close() end
  return file ~= nil
end

-- Thread states. Globals so done() can read them with thread:get().
non2xx = 0   -- responses outside 200-299
ok = 0       -- 2xx responses
wrapped = 0  -- 1 when the thread ran out of distinct requests and started over

local requests, index = nil, 0
local prefix, thread_count, seconds, drain_ms
local started, stop_sending_at = false, math.huge
-- wrk calls thread 0's request() once from its main thread, before starting any thread, to
-- count pipelined requests; that call must not wait at the barrier.
local verified = false

function init(args)
  prefix, thread_count = args[1], tonumber(args[2])
  seconds, drain_ms = tonumber(args[3]), tonumber(args[4])
  requests = load(prefix .. "." .. thread_id)
  io.open(prefix .. ".ready." .. thread_id, "wb"):close()
  if drain_ms then
    -- wrk asks delay() before each request once it sees the function on thread 0.
    function delay()
      if now() < stop_sending_at then return 0 end
      return 3600 * 1000
    end
  end
end

local function wait_for_every_thread()
  for id = 0, thread_count - 1 do
    while not exists(prefix .. ".ready." .. id) do ffi.C.usleep(1000) end
  end
  started = true
  if drain_ms then stop_sending_at = now() + seconds - drain_ms / 1000 end
end

function request()
  if not started then
    if thread_id == 0 and not verified then
      verified = true
      return requests[1]
    end
    wait_for_every_thread()
  end
  index = index + 1
  if index > #requests then
    index = 1
    wrapped = 1
  end
  return requests[index]
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  else
    ok = ok + 1
  end
end

function done(summary, latency, requests)
  local totals = { non2xx = 0, ok = 0, wrapped = 0 }
  for _, thread in ipairs(threads) do
    for name in pairs(totals) do totals[name] = totals[name] + thread:get(name) end
  end
  local errors = summary.errors
  io.write(string.format(
    "BENCH_RESULT {\"requests\": %d, \"duration_us\": %d, \"p50_us\": %d, \"p99_us\": %d, " ..
    "\"max_us\": %d, \"non2xx\": %d, \"socket_errors\": %d, \"timeouts\": %d, \"ok\": %d, " ..
    "\"wrapped\": %d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, totals.non2xx, errors.connect + errors.read + errors.write, errors.timeout,
    totals.ok, totals.wrapped))
end
