-- Proxied GETs for bench/soak.sh: counts responses by status over all threads and prints them
-- with the latency percentiles and socket errors when wrk ends (one slice of the soak).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do
      total[code] = (total[code] or 0) + n
    end
  end
  for code, n in pairs(total) do
    io.write(string.format("STATUS %d %d\n", code, n))
  end
  io.write(string.format("LATENCY_US %d %d %d %d\n", latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max))
  local e = summary.errors
  io.write(string.format("SOCKET %d\n", e.connect + e.read + e.write + e.timeout))
end
