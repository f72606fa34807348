-- wrk script for bench/webhook.sh: POSTs precomputed signed webhook bodies, a different
-- one per request, cycling when they run out.
--
--   wrk ... -s webhook.lua URL -- BODIES_FILE THREADS
--
-- BODIES_FILE has one request per line: the X-Hub-Signature-256 value, a tab, the body.
-- Thread n of THREADS takes lines n, n + THREADS, ..., so no two threads send the same
-- body before each has gone through its share. Requests are formatted once, in init,
-- so that wrk spends no more time per request than with a static body.

local next_thread = 0

function setup(thread)
    thread:set("thread_index", next_thread)
    next_thread = next_thread + 1
end

local requests = {}
local cursor = 0

function init(args)
    local file, threads = args[1], tonumber(args[2] or "1")
    local index = 0
    for line in io.lines(file) do
        if index % threads == thread_index then
            local tab = line:find("\t", 1, true)
            requests[#requests + 1] = wrk.format("POST", nil, {
                ["Content-Type"] = "application/json",
                ["X-Hub-Signature-256"] = line:sub(1, tab - 1),
            }, line:sub(tab + 1))
        end
        index = index + 1
    end
end

function request()
    cursor = cursor + 1
    if cursor > #requests then cursor = 1 end
    return requests[cursor]
end
