-- GET of the URL given on the command line, with the Authorization header passed in TOKEN (if any).
dofile(os.getenv("LOAD_DIR") .. "/stats.lua")
local token = os.getenv("TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
