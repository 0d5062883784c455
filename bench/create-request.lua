-- wrk script: files a request as the resident of the token in $TOKEN; prints latency percentiles and errors.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil,
    '{"category":"PROPERTY_REPAIR","title":"压测诉求 ' .. n .. '","description":"楼道灯不亮，晚上看不见台阶","urgency":"GENERAL"}')
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50=%.1f p95=%.1f p99=%.1f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write + e.timeout, e.status))
end
