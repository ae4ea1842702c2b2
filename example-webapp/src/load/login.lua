-- POST /app/auth/login, cycling through the USERS benchmark accounts (load0 .. load<USERS-1>): many users log
-- in at once, as in production, rather than one account whose row every login would update.
dofile(os.getenv("LOAD_DIR") .. "/stats.lua")
local users = tonumber(os.getenv("USERS") or "50")
local n = 0

function request()
  n = n + 1
  local body = string.format('{"username":"load%d","password":"correct horse battery staple"}', (n * 7 + tid) % users)
  return wrk.format("POST", "/app/auth/login", {["Content-Type"] = "application/json"}, body)
end
