#!/usr/bin/env bash
# HTTP load against the example WAR in a real Tomcat 10.1.59 on 127.0.0.1 only, bounded in time
# (about 7 minutes with the defaults). Installs wrk from Debian's packages if missing.
# Reports: /api/whoami req/s through JwtFilter vs the same servlet without it; login and register req/s vs
# cores / hash time; /api/whoami p50/p99 during a login flood vs idle; and every status seen.
# Usage: example-webapp/src/load/load.sh   (from anywhere; results also in example-webapp/target/load/summary.txt)
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
DURATION=${DURATION:-15}
# the filter comparison: ROUNDS pairs of ROUND_SECONDS each, in ABBA order so that drift cancels out
ROUNDS=${ROUNDS:-10}
ROUND_SECONDS=${ROUND_SECONDS:-8}
PORT=${PORT:-18080}
WORK=$ROOT/example-webapp/target/load
export LOAD_DIR=$ROOT/example-webapp/src/load
# shellcheck source=tomcat.sh
. "$LOAD_DIR/tomcat.sh"
BASE=http://127.0.0.1:$PORT/app

if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi

# the WAR, plus the test classes this script adds: HashTimer (example-webapp) and the baseline filter (auth-servlet)
echo "== building the example WAR and the load script's helpers"
mvn -B -q -pl example-webapp -am package -DskipTests

# the hash time first, while nothing else runs: the fastest (strictest) denominator for login throughput
CORES=$(nproc)
WAR=$(ls "$ROOT"/example-webapp/target/example-webapp-*.war | grep -v -- -javax.war | head -1)
rm -rf "$WORK" && mkdir -p "$WORK"
# the WAR's own libraries (auth-core's password hashing among them) are HashTimer's class path
mkdir -p "$WORK/war" && (cd "$WORK/war" && unzip -q "$WAR")
HASH_MS=$(java -cp "$ROOT/example-webapp/target/test-classes:$WORK/war/WEB-INF/lib/*" \
  io.github.servletauth.example.load.HashTimer)
echo "== one password hash on an idle machine: $HASH_MS ms"

echo "== fetching Tomcat $TOMCAT_VERSION from Maven Central (cached in ~/.m2)"
install_tomcat "$PORT"

# the example WAR, exploded, plus the benchmark-only /open/whoami mapping: a fixed user instead of JwtFilter
APP=$CATALINA_HOME/webapps/app
mkdir -p "$APP" && (cd "$APP" && unzip -q "$WAR")
python3 - "$APP/WEB-INF/web.xml" "$LOAD_DIR/open-whoami.xml" <<'PY'
import sys
web, extra = sys.argv[1], open(sys.argv[2]).read()
s = open(web).read()
open(web, "w").write(s.replace("</web-app>", extra + "</web-app>"))
PY
BASELINE=io/github/servletauth/servlet/benchmarks
mkdir -p "$APP/WEB-INF/classes/$BASELINE"
cp "$ROOT"/auth-servlet/target/test-classes/$BASELINE/FixedPrincipalFilter*.class "$APP/WEB-INF/classes/$BASELINE/"

export AUTH_DATA_DIR=$WORK/data
# wrk registers from one loopback address: the per-address registration throttle would measure only itself
export AUTH_REGISTER_ADDRESS_LIMIT=0
AUTH_JWT_SECRET=$(openssl rand -base64 48)
export AUTH_JWT_SECRET
export CATALINA_OPTS="-Xms256m -Xmx512m ${EXTRA_JAVA_OPTS:-}"
start_tomcat "$BASE/auth/jwks"

TOKEN=$(curl -fs -H 'Content-Type: application/json' \
  -d '{"username":"loadtest","password":"correct horse battery staple"}' "$BASE/auth/register" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
export TOKEN
export USERS=${USERS:-50}
echo "== registering $USERS accounts for the login flood"
for i in $(seq 0 $((USERS - 1))); do
  curl -fs -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"username\":\"load$i\",\"password\":\"correct horse battery staple\"}" "$BASE/auth/register"
done

field() { grep "^$1 " "$WORK/results.txt" | tail -1 | sed -n "s/.* $2=\([^ ]*\).*/\1/p"; }

echo "== warm-up"
# long enough for the JIT to settle both paths: the first measured round must not pay for compilation
TOKEN=$TOKEN run warm-whoami -t2 -c16 -d30 -s "$LOAD_DIR/get.lua" "$BASE/api/whoami" >/dev/null
TOKEN=$TOKEN run warm-open -t2 -c16 -d30 -s "$LOAD_DIR/get.lua" "$BASE/open/whoami" >/dev/null
run warm-login -t2 -c4 -d5 --timeout 10s -s "$LOAD_DIR/login.lua" "$BASE/auth/login" >/dev/null

# both send the same Authorization header, so the requests are byte for byte alike but for the path;
# short rounds in ABBA order (filtered-open, open-filtered, ...) so that background noise and drift hit both
echo "== /api/whoami through the filter vs /open/whoami without it ($ROUNDS rounds of ${ROUND_SECONDS}s each, ABBA)"
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="filtered open"; else order="open filtered"; fi
  for kind in $order; do
    if [ "$kind" = filtered ]; then path=api; else path=open; fi
    TOKEN=$TOKEN run "$kind$round" -t2 -c16 -d"$ROUND_SECONDS" -s "$LOAD_DIR/get.lua" "$BASE/$path/whoami"
  done
done

echo "== login and register floods"
run login -t2 -c8 -d"$DURATION" --timeout 10s -s "$LOAD_DIR/login.lua" "$BASE/auth/login"
RUN_ID=u$(date +%s) run register -t2 -c8 -d"$DURATION" --timeout 10s -s "$LOAD_DIR/register.lua" "$BASE/auth/register"

echo "== /api/whoami latency idle vs during a login flood"
TOKEN=$TOKEN run idle -t1 -c4 -d"$DURATION" -s "$LOAD_DIR/get.lua" "$BASE/api/whoami"
run flood-login -t2 -c64 -d$((DURATION + 6)) --timeout 10s -s "$LOAD_DIR/login.lua" "$BASE/auth/login" &
FLOOD=$!
sleep 3
TOKEN=$TOKEN run flooded -t1 -c4 -d"$DURATION" -s "$LOAD_DIR/get.lua" "$BASE/api/whoami"
wait "$FLOOD"

python3 - "$WORK/results.txt" "$CORES" "$HASH_MS" "$ROUNDS" <<'PY' | tee "$WORK/summary.txt"
import re, sys
rows = {}
for line in open(sys.argv[1]):
    label, rest = line.split(" ", 1)
    rows[label] = dict(re.findall(r"(\w+)=(\S*)", rest))
cores, hash_ms = int(sys.argv[2]), float(sys.argv[3])
num = lambda l, k: float(rows[l][k])
rounds = int(sys.argv[4])
filtered = sum(num(f"filtered{i}", "rps") for i in range(1, rounds + 1)) / rounds
opened = sum(num(f"open{i}", "rps") for i in range(1, rounds + 1)) / rounds
pairs = sorted(num(f"filtered{i}", "rps") / num(f"open{i}", "rps") for i in range(1, rounds + 1))
median = (pairs[(rounds - 1) // 2] + pairs[rounds // 2]) / 2
ideal = cores / (hash_ms / 1000)
idle99, flood99 = num("idle", "p99_us"), num("flooded", "p99_us")
print(f"cores={cores} hash_ms={hash_ms} (PBKDF2 default, one thread, median, measured before Tomcat started)")
print(f"whoami via filter  {filtered:10.0f} req/s   without filter {opened:10.0f} req/s   ratio {filtered/opened:.3f} (target >= 0.95)")
print(f"  per round (filtered/open, sorted): {' '.join(f'{p:.3f}' for p in pairs)}   median {median:.3f}")
for l in ("login", "register"):
    print(f"{l:9} {num(l, 'rps'):8.1f} req/s   cores/hash {ideal:.1f}/s   ratio {num(l, 'rps')/ideal:.3f} (target >= 0.9)")
print(f"whoami p50/p99 idle {num('idle','p50_us')/1000:.2f}/{idle99/1000:.2f} ms   during login flood "
      f"{num('flooded','p50_us')/1000:.2f}/{flood99/1000:.2f} ms   p99 ratio {flood99/idle99:.2f} (target <= 5)")
expected = {"filtered": {"200"}, "open": {"200"}, "idle": {"200"}, "flooded": {"200"},
            "login": {"200", "429", "503"}, "flood-login": {"200", "429", "503"},
            "register": {"201", "429", "503"}}
bad = []
for label, r in rows.items():
    kind = re.sub(r"\d+$", "", label)
    statuses = dict(s.split(":") for s in r.get("statuses", "").split(",") if s)
    allowed = expected.get(kind)
    print(f"  {label:12} requests {r.get('requests')}  statuses {r.get('statuses') or '(not counted)'}  "
          f"non-2xx/3xx {r.get('non2xx')}  socket errors {r.get('socket_errors')}")
    # GET rounds count no statuses (no Lua callback): wrk's non-2xx count must then be zero
    if allowed is None:
        continue  # warm-up
    unexpected = set(statuses) - allowed if statuses else ({"non-2xx"} if r.get("non2xx") != "0" else set())
    if unexpected or r.get("socket_errors") != "0":
        bad.append(label)
print("unexpected statuses or socket errors in: " + (", ".join(bad) if bad else "none"))
PY
