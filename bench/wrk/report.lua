-- wrk reporter: one line with requests/s, p50/p95/p99/max latency in ms, and non-2xx/error counts.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests %d rps %.0f p50_ms %.2f p95_ms %.2f p99_ms %.2f max_ms %.2f non2xx %d errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status, errors))
end
