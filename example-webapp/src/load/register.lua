-- POST /app/auth/register with a new username every time (thread id, counter and a per-run prefix).
dofile(os.getenv("LOAD_DIR") .. "/stats.lua")
local n = 0
local prefix = os.getenv("RUN_ID") or "r"

function request()
  n = n + 1
  local body = string.format('{"username":"%s_%d_%d","password":"correct horse battery staple"}', prefix, tid, n)
  return wrk.format("POST", "/app/auth/register", {["Content-Type"] = "application/json"}, body)
end
