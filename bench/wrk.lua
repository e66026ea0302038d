-- wrk script of `make bench`: counts answers that are not 2xx (in each thread) and prints one line
-- with the figures bench/wrk.py reads: requests, duration, p50 and p95 latency, non-2xx and socket errors.
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    non2xx = 0
end

function response(status, headers, body)
    if status < 200 or status > 299 then
        non2xx = non2xx + 1
    end
end

function done(summary, latency, requests)
    local bad = 0
    for _, thread in ipairs(threads) do
        bad = bad + thread:get("non2xx")
    end
    local errors = summary.errors
    io.write(string.format(
        "BENCH requests=%d duration_us=%d p50_us=%.0f p95_us=%.0f non2xx=%d socket_errors=%d\n",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), bad,
        errors.connect + errors.read + errors.write + errors.timeout
    ))
end
