-- A POST with a 4 KiB body (fixed length), the same request for every proxy row that uses it.
wrk.method = "POST"
wrk.body = string.rep("p", 4096)
wrk.headers["Content-Type"] = "application/octet-stream"
