-- GET of the URL given on the command line, with the Authorization header passed in TOKEN (if any).
-- No per-response Lua callback: wrk then parses nothing but the status line and headers, so the client takes
-- as little of the two cores as it can and the server's cost shows fully. wrk itself counts responses that
-- are not 2xx/3xx ("Non-2xx or 3xx responses"), which load.sh records as non2xx.
dofile(os.getenv("LOAD_DIR") .. "/stats.lua")
response = nil
local token = os.getenv("TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
