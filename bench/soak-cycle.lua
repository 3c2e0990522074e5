-- Session cycles for bench/soak.sh: POST a pre-minted SAML Response to the ACS, GET a page with
-- the session cookie it sets, log out; repeat. Bodies come one a line from a file (args: file,
-- threads, pause in ms between requests); a line starting with "BAD " is a deliberately invalid
-- Response (the injected 1 %): its refusal is counted as injected, anything else as unexpected.
-- args[4] is how many of its bodies each thread skips (those used by earlier slices); USED in the
-- output is how far the busiest thread got, the next slice's skip.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  bodies = {}
  local n = tonumber(args[2])
  local i = 0
  for line in io.lines(args[1]) do
    if i % n == id then
      bodies[#bodies + 1] = line
    end
    i = i + 1
  end
  pause = tonumber(args[3])
  next_body = tonumber(args[4] or "0")
  step = 0
  cookie = nil
  sent_bad = false
  counts = {acs = 0, bad = 0, get = 0, logout = 0, unexpected = 0, replayed = 0}
  form = {["Content-Type"] = "application/x-www-form-urlencoded"}
end

function delay()
  return pause
end

function request()
  if step == 0 or cookie == nil then
    step = 0
    next_body = next_body + 1
    if next_body > #bodies then
      next_body = 1
      counts.replayed = counts.replayed + 1
    end
    local body = bodies[next_body]
    sent_bad = body:sub(1, 4) == "BAD "
    if sent_bad then
      body = body:sub(5)
    end
    return wrk.format("POST", "/Shibboleth.sso/SAML2/POST", form, body)
  elseif step == 1 then
    return wrk.format("GET", "/app/page", {["Cookie"] = cookie})
  else
    return wrk.format("GET", "/Shibboleth.sso/Logout", {["Cookie"] = cookie})
  end
end

function response(status, headers, body)
  if step == 0 then
    local set = headers["Set-Cookie"]
    if sent_bad then
      if status >= 400 and status < 500 then
        counts.bad = counts.bad + 1
      else
        counts.unexpected = counts.unexpected + 1
      end
      cookie = nil
      return
    end
    if status == 303 and set ~= nil then
      counts.acs = counts.acs + 1
      cookie = set:match("^([^;]+)")
      step = 1
    else
      counts.unexpected = counts.unexpected + 1
      cookie = nil
    end
  elseif step == 1 then
    -- 502/503: the backend is being restarted (injected); counted by the GET streams' classes.
    if status == 200 or status == 502 or status == 503 then
      counts.get = counts.get + 1
    else
      counts.unexpected = counts.unexpected + 1
    end
    step = 2
  else
    if status == 200 or status == 302 or status == 303 then
      counts.logout = counts.logout + 1
    else
      counts.unexpected = counts.unexpected + 1
    end
    step = 0
    cookie = nil
  end
end

function done(summary, latency, requests)
  local total = {}
  local used = 0
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do
      total[k] = (total[k] or 0) + v
    end
    used = math.max(used, t:get("next_body"))
  end
  io.write(string.format("USED %d\n", used))
  io.write(string.format("CYCLE %d %d %d %d %d %d\n", total.acs or 0, total.bad or 0,
    total.get or 0, total.logout or 0, total.unexpected or 0, total.replayed or 0))
  io.write(string.format("LATENCY_US %d %d %d %d\n", latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max))
  local e = summary.errors
  io.write(string.format("SOCKET %d\n", e.connect + e.read + e.write + e.timeout))
end
