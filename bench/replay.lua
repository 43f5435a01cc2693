-- wrk script: replays pre-signed raw HTTP requests and reports one machine-readable line.
--
--   wrk -t2 -c32 -d10s --latency -s replay.lua URL -- REQUESTS [DRAIN SECONDS DRAIN_MS]
--
-- REQUESTS is a file prefix: thread N reads REQUESTS.N, records of "<byte length>\n<raw
-- request>" written by run.py, and cycles through them (each thread has its own file, so PutItem
-- keys stay distinct across threads). Signing happens in Python beforehand: LuaJIT has no SHA-256.
--
-- DRAIN (optional) is a second prefix, read-only requests sent after SECONDS - DRAIN_MS. wrk drops
-- the requests still in flight when its time is up; if those were writes the server would apply
-- updates nobody counted. Ending on reads makes "2xx writes counted here" exact, which is what
-- the UpdateItem check compares the counter with. Responses to drain requests carry "Item" and
-- are not counted as writes.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock_id, bench_timespec *tp);
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
  local data = file:read("*a")
  file:close()
  local records, pos = {}, 1
  while pos <= #data do
    local newline = data:find("\n", pos, true)
    local length = tonumber(data:sub(pos, newline - 1))
    records[#records + 1] = data:sub(newline + 1, newline + length)
    pos = newline + length + 1
  end
  assert(#records > 0, "no requests in " .. path)
  return records
end

-- Thread states. Globals so done() can read them with thread:get().
non2xx = 0     -- responses outside 200-299
writes = 0     -- 2xx responses that are not drain reads
drained = 0    -- drain requests sent
wrapped = 0    -- 1 when the thread ran out of distinct requests and started over

local requests, index = nil, 0
local drain, drain_index, drain_after = nil, 0, math.huge

function init(args)
  requests = load(args[1] .. "." .. thread_id)
  if args[2] then
    drain = load(args[2] .. "." .. thread_id)
    drain_after = now() + tonumber(args[3]) - tonumber(args[4]) / 1000
  end
end

function request()
  if drain and drain_after > 0 and now() >= drain_after then drain_after = -1 end
  if drain_after < 0 then
    drain_index = drain_index % #drain + 1
    drained = drained + 1
    return drain[drain_index]
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
  elseif not (drain and body:find('"Item"', 1, true)) then
    writes = writes + 1
  end
end

function done(summary, latency, requests)
  local totals = { non2xx = 0, writes = 0, drained = 0, wrapped = 0 }
  for _, thread in ipairs(threads) do
    for name in pairs(totals) do totals[name] = totals[name] + thread:get(name) end
  end
  local errors = summary.errors
  io.write(string.format(
    "BENCH_RESULT {\"requests\": %d, \"duration_us\": %d, \"p50_us\": %d, \"p99_us\": %d, " ..
    "\"max_us\": %d, \"non2xx\": %d, \"socket_errors\": %d, \"timeouts\": %d, \"writes\": %d, " ..
    "\"drained\": %d, \"wrapped\": %d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, totals.non2xx, errors.connect + errors.read + errors.write, errors.timeout,
    totals.writes, totals.drained, totals.wrapped))
end
