-- POSTs pre-minted, unique SAML Responses to spgate's ACS: each wrk thread takes every n-th
-- line of the bodies file (args: file, threads) and never sends one twice while it has fresh
-- ones. When a thread runs out it starts over, and those replays are counted by spgate as
-- rejections (non-2xx/3xx), which run.sh reports: mint more with ACS_COUNT if that happens.
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  bodies = {}
  local threads = tonumber(args[2])
  local i = 0
  for line in io.lines(args[1]) do
    if i % threads == id then
      bodies[#bodies + 1] = line
    end
    i = i + 1
  end
  next_body = 0
  headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
end

function request()
  next_body = next_body + 1
  if next_body > #bodies then
    next_body = 1
  end
  return wrk.format("POST", "/Shibboleth.sso/SAML2/POST", headers, bodies[next_body])
end
