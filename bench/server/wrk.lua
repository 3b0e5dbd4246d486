-- bench/server's wrk script. WRK_MODE=get: GET the path given on the command line; WRK_MODE=post: POST /v1/runs
-- with a trivial run. Both send `Authorization: Bearer $WRK_KEY`. WRK_DELAY_MS > 0 waits that long before each
-- request on each connection (the soak's fixed rate; Debian's wrk has no -R). At the end prints one line
-- `WRKJSON {...}` with the figures, non-2xx/3xx responses and socket errors.
local mode = os.getenv("WRK_MODE") or "get"
local key = os.getenv("WRK_KEY") or ""
local delay_ms = tonumber(os.getenv("WRK_DELAY_MS") or "0")

wrk.headers["Authorization"] = "Bearer " .. key
if mode == "post" then
  wrk.method = "POST"
  wrk.path = "/v1/runs"
  wrk.body = '{"workflow": "trivial", "input": {"seed": "wrk"}}'
  wrk.headers["Content-Type"] = "application/json"
end

if delay_ms > 0 then
  delay = function() return delay_ms end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'WRKJSON {"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, '
      .. '"max_ms": %.3f, "non_2xx_3xx": %d, "errors_connect": %d, "errors_read": %d, "errors_write": %d, '
      .. '"errors_timeout": %d}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, summary.errors.status,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
