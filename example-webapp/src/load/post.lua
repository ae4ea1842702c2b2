-- POST of the URL given on the command line, with no body and the Authorization header passed in TOKEN: the
-- validate endpoint. Like get.lua, no per-response Lua callback.
dofile(os.getenv("LOAD_DIR") .. "/stats.lua")
response = nil
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
