-- spgate forward-auth for HAProxy 2.5 or later: only HAProxy's own Lua httpclient, no library.
--
--   http-request lua.spgate-auth <URL of {handlerPath}/auth> <identity headers, comma-separated>
--
-- Asks spgate whether the request may pass, describing it as nginx's auth_request does
-- (X-Original-URI, X-Forwarded-Method/-Host/-Proto/-For) with the browser's Cookie, Accept and
-- X-Requested-With. Always removes the named identity headers from the request first; on a 200
-- sets them from spgate's answer. Leaves the verdict in variables for the configuration to act on:
--   txn.spgate_status    spgate's status (200, 302, 401, 403, 400 ...), 0 when spgate did not answer
--   txn.spgate_location  the login URL of a 302 (asked for with ?login=redirect)
-- sp-server's ForwardAuthHaproxyTest runs this file with examples/forward-auth/haproxy.cfg.

local function all(headers, name)
  local values = headers[name]
  if values == nil then
    return nil
  end
  local list = {}
  for _, value in pairs(values) do
    list[#list + 1] = value
  end
  return list
end

core.register_action("spgate-auth", { "http-req" }, function(txn, url, names)
  local identity = {}
  for name in string.gmatch(names, "[^,%s]+") do
    identity[#identity + 1] = name
    txn.http:req_del_header(name)
  end
  txn:set_var("txn.spgate_status", 0)

  local request = txn.http:req_get_headers()
  -- ssl_fc is a boolean sample, which may come as 0/1 (0 is true in Lua).
  local tls = txn.f:ssl_fc()
  tls = tls == true or tls == 1
  local headers = {
    ["x-original-uri"] = { txn.f:pathq() },
    ["x-forwarded-method"] = { txn.f:method() },
    ["x-forwarded-host"] = { txn.f:req_fhdr("host") or "" },
    ["x-forwarded-proto"] = { tls and "https" or "http" },
    ["x-forwarded-for"] = { txn.f:src() },
  }
  local cookies = all(request, "cookie")
  if cookies then
    headers["cookie"] = { table.concat(cookies, "; ") }
  end
  for _, name in ipairs({ "accept", "x-requested-with" }) do
    local values = all(request, name)
    if values then
      headers[name] = { table.concat(values, ", ") }
    end
  end

  local ok, answer = pcall(function()
    return core.httpclient():get({ url = url, headers = headers, timeout = 5000 })
  end)
  if not ok or answer == nil or answer.status == nil then
    core.Warning("spgate-auth: no answer from " .. url .. ": " .. tostring(answer))
    return
  end
  txn:set_var("txn.spgate_status", answer.status)
  if answer.status == 302 then
    local location = all(answer.headers, "location")
    if location then
      txn:set_var("txn.spgate_location", location[1])
    end
  elseif answer.status == 200 then
    for _, name in ipairs(identity) do
      local values = all(answer.headers, string.lower(name))
      if values then
        for _, value in ipairs(values) do
          txn.http:req_add_header(name, value)
        end
      end
    end
  end
end, 2)
