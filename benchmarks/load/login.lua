-- POST /app/auth/login with the one benchmark account, over and over.
dofile(os.getenv("LOAD_DIR") .. "/stats.lua")
wrk.method = "POST"
wrk.path = "/app/auth/login"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"username":"loadtest","password":"correct horse battery staple"}'
