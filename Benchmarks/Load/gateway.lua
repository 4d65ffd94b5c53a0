-- wrk script for the ticket benchmark (scripts/lib/bench_tickets.py runs it).
--
--   wrk ... -s gateway.lua URL -- hello            GET /bench/hello (the hello-world reference)
--   wrk ... -s gateway.lua URL -- tickets FILE     POST /v1/uploads, one credential per line of FILE,
--                                                  each request the next guest's (per thread)
--
-- At the end it prints one JSON line: requests, duration, errors by kind (status = non-2xx/3xx
-- answers, e.g. 429) and latency percentiles in microseconds.

local thread_count = 0

function setup(thread)
    thread:set("thread_id", thread_count)
    thread_count = thread_count + 1
end

local mode = "hello"
local credentials = {}
local index = 0
local ticket_body = '{"filename":"Quarterly report.pdf","size":1048576,"contentType":"application/pdf"}'
local hello_request = nil

function init(args)
    mode = args[1] or "hello"
    if mode == "tickets" then
        for line in io.lines(args[2]) do
            if #line > 0 then
                credentials[#credentials + 1] = line
            end
        end
        if #credentials == 0 then
            error("no credentials in " .. tostring(args[2]))
        end
        -- Threads start at different guests so they do not walk the list in lock step.
        index = ((thread_id or 0) * 7919) % #credentials
    else
        hello_request = wrk.format("GET", "/bench/hello")
    end
end

function request()
    if mode ~= "tickets" then
        return hello_request
    end
    index = index % #credentials + 1
    return wrk.format("POST", "/v1/uploads", {
        ["Authorization"] = "Bearer " .. credentials[index],
        ["Content-Type"] = "application/json",
    }, ticket_body)
end

function done(summary, latency, requests)
    io.write(string.format(
        '{"requests":%d,"duration_us":%d,"bytes":%d,"errors_connect":%d,"errors_read":%d,'
            .. '"errors_write":%d,"errors_status":%d,"errors_timeout":%d,'
            .. '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
        summary.requests, summary.duration, summary.bytes, summary.errors.connect, summary.errors.read,
        summary.errors.write, summary.errors.status, summary.errors.timeout,
        latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean
    ))
end
