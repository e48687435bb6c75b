-- wrk script of bench/signed-load: replays pre-built HTTP requests, each exactly once.
--   wrk -t T -c C -d D -s bench/lib/replay.lua URL [-- FILE]
-- FILE.<n> (n = 0 .. T-1, one per wrk thread) holds that thread's requests, each as "<length in bytes>\n<raw HTTP/1.1
-- request>". Without FILE every request is "GET <path of URL>" (unsigned endpoints, which may repeat).
-- A thread that runs out of requests sends that plain GET instead and counts it in "exhausted": the caller discards
-- such a run and builds more requests (a signed request is never sent twice).
-- done() prints one line "RESULT {json}" with wrk's totals; latencies in microseconds; non2xx is wrk's count of
-- answers with a status > 399 (the hub answers no 3xx on these paths).

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  fallback = wrk.format("GET", wrk.path)
  reqs = {}
  sent = 0
  exhausted = 0
  if args[1] == nil then
    return
  end
  local f = assert(io.open(args[1] .. "." .. id, "rb"))
  local data = f:read("*a")
  f:close()
  local pos = 1
  while pos <= #data do
    local nl = data:find("\n", pos, true)
    local len = tonumber(data:sub(pos, nl - 1))
    reqs[#reqs + 1] = data:sub(nl + 1, nl + len)
    pos = nl + len + 1
  end
  data = nil
  signed = #reqs
end

function request()
  if signed == nil then
    return fallback
  end
  sent = sent + 1
  if sent <= signed then
    local r = reqs[sent]
    reqs[sent] = nil
    return r
  end
  exhausted = exhausted + 1
  return fallback
end

function done(summary, latency, requests)
  local exhausted_total = 0
  for _, t in ipairs(threads) do
    exhausted_total = exhausted_total + (t:get("exhausted") or 0)
  end
  io.write(string.format('RESULT {"requests":%d,"durationUs":%d,"non2xx":%d,"connectErrors":%d,"readErrors":%d,'
      .. '"writeErrors":%d,"timeouts":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,"meanUs":%.1f,"exhausted":%d}\n',
      summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
      summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(99), latency.max,
      latency.mean, exhausted_total))
end
