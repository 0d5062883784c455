-- wrk script: checks in people of a campaign at a site, a different person on every request; the person ids are
-- read from $PEOPLE (one per line), the campaign and site from $CAMPAIGN and $SITE; prints percentiles and errors.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.path = "/api/v1/campaigns/" .. os.getenv("CAMPAIGN") .. "/checkins"
local threads = {}
local counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end
local ids = {}
local n = 0
init = function(args)
  for line in io.lines(os.getenv("PEOPLE")) do
    ids[#ids + 1] = line
  end
end
request = function()
  -- thread k of T takes the (OFFSET + k)-th, (OFFSET + k + T)-th, ... person: no two requests of a run name the
  -- same person while the list lasts, and a later run (OFFSET) starts past the people of the warm-up
  local i = (tonumber(os.getenv("OFFSET") or "0") + n * tonumber(os.getenv("THREADS") or "2") + tid) % #ids + 1
  n = n + 1
  return wrk.format(nil, nil, nil,
    '{"personId":' .. ids[i] .. ',"siteId":' .. os.getenv("SITE") .. ',"values":{"temperature":36.6}}')
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50=%.1f p95=%.1f p99=%.1f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write + e.timeout, e.status))
end
