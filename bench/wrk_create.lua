-- wrk script: POST a new alias per request (unique names per thread), the same
-- endpoint and body the sync sends; used to measure the panel's own capacity.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("WU_ENHANCE_API_TOKEN")
end

function request()
  counter = counter + 1
  local body = string.format('{"domain":"wrk%d-%d.example.com"}', id, counter)
  return wrk.format(nil, nil, nil, body)
end
