-- Sends the identity header that spgate's 32 KiB bench session produces (512 group values of 64
-- characters joined by ';', like BenchFixtures.values32k), so that nginx forwards the same bytes
-- to the backend as spgate does in row (c-ii): the like-for-like reference of the large case.
local values = {}
for i = 0, 511 do
  local v = "cn=group-" .. i .. ",ou=groups,dc=example,dc=org" .. string.rep("x", 64)
  values[#values + 1] = v:sub(1, 64)
end
wrk.headers["member"] = table.concat(values, ";")
