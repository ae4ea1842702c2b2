#!/usr/bin/env bash
# What confirming the account costs the validate endpoint: POST /auth/validate req/s of the example WAR as of
# BEFORE (default: the last commit before validate loaded the account) and of this checkout, side by side in one
# Tomcat 10.1.59 on 127.0.0.1, in ABBA rounds; plus this checkout with the caches off (auth.jwt.cache-size=0:
# every validate verifies the signature and queries the database). About 4 minutes.
# Usage: example-webapp/src/load/validate.sh   (results in example-webapp/target/validate/summary.txt)
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
BEFORE=${BEFORE:-2b35f86}
ROUNDS=${ROUNDS:-6}
ROUND_SECONDS=${ROUND_SECONDS:-8}
PORT=${PORT:-18081}
WORK=$ROOT/example-webapp/target/validate
export LOAD_DIR=$ROOT/example-webapp/src/load
# shellcheck source=tomcat.sh
. "$LOAD_DIR/tomcat.sh"

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
rm -rf "$WORK" && mkdir -p "$WORK"

echo "== building the example WAR of this checkout and of $BEFORE"
mvn -B -q -pl example-webapp -am package -DskipTests -Dinvoker.skip
AFTER_WAR=$(ls "$ROOT"/example-webapp/target/example-webapp-*.war | grep -v -- -javax.war | head -1)
git -C "$ROOT" worktree prune
git -C "$ROOT" worktree add -q --detach "$WORK/before-src" "$BEFORE"
trap 'git -C "$ROOT" worktree remove --force "$WORK/before-src" 2>/dev/null || true' EXIT
(cd "$WORK/before-src" && mvn -B -q -pl example-webapp -am package -DskipTests -Dinvoker.skip)
BEFORE_WAR=$(ls "$WORK"/before-src/example-webapp/target/example-webapp-*.war | grep -v -- -javax.war | head -1)

install_tomcat "$PORT"
# three webapps, each with its own SQLite file (a context-param: the environment sets no data dir)
deploy() { # name war extra-params
  mkdir -p "$CATALINA_HOME/webapps/$1" && (cd "$CATALINA_HOME/webapps/$1" && unzip -q "$2")
  mkdir -p "$CATALINA_HOME/conf/Catalina/localhost"
  printf '<Context>\n  <Parameter name="auth.data-dir" value="%s"/>\n%s</Context>\n' "$WORK/data-$1" "${3:-}" \
    > "$CATALINA_HOME/conf/Catalina/localhost/$1.xml"
}
deploy before "$BEFORE_WAR"
deploy after "$AFTER_WAR"
deploy nocache "$AFTER_WAR" '  <Parameter name="auth.jwt.cache-size" value="0"/>
'
AUTH_JWT_SECRET=$(openssl rand -base64 48)
export AUTH_JWT_SECRET
export CATALINA_OPTS="-Xms256m -Xmx512m"
start_tomcat "http://127.0.0.1:$PORT/before/auth/jwks" "http://127.0.0.1:$PORT/after/auth/jwks" \
  "http://127.0.0.1:$PORT/nocache/auth/jwks"
trap 'stop_tomcat; git -C "$ROOT" worktree remove --force "$WORK/before-src" 2>/dev/null || true' EXIT

declare -A TOKENS
for app in before after nocache; do
  TOKENS[$app]=$(curl -fs -H 'Content-Type: application/json' \
    -d '{"username":"validator","password":"correct horse battery staple"}' \
    "http://127.0.0.1:$PORT/$app/auth/register" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
done

validate() { # label app seconds
  TOKEN=${TOKENS[$2]} run "$1" -t2 -c16 -d"$3" -s "$LOAD_DIR/post.lua" "http://127.0.0.1:$PORT/$2/auth/validate"
}
echo "== warm-up"
for app in before after nocache; do validate "warm-$app" "$app" 20 >/dev/null; done
echo "== $ROUNDS rounds of ${ROUND_SECONDS}s each, order rotating"
for round in $(seq 1 "$ROUNDS"); do
  case $((round % 3)) in
    1) order="before after nocache";; 2) order="after nocache before";; *) order="nocache before after";;
  esac
  for app in $order; do validate "$app$round" "$app" "$ROUND_SECONDS"; done
done

python3 - "$WORK/results.txt" "$ROUNDS" "$BEFORE" <<'PY' | tee "$WORK/summary.txt"
import re, statistics, sys
rows = {l.split(" ", 1)[0]: dict(re.findall(r"(\w+)=(\S*)", l.split(" ", 1)[1])) for l in open(sys.argv[1])}
rounds = int(sys.argv[2])
rps = {a: [float(rows[f"{a}{i}"]["rps"]) for i in range(1, rounds + 1)] for a in ("before", "after", "nocache")}
for a, label in (("before", f"before ({sys.argv[3]}: signature only)"), ("after", "after (account confirmed, cached)"),
                 ("nocache", "after, caches off (signature + query)")):
    print(f"{label:42} {statistics.mean(rps[a]):9.0f} req/s   p99 {max(int(rows[f'{a}{i}']['p99_us']) for i in range(1, rounds + 1))/1000:.2f} ms (worst round)")
ratios = sorted(rps["after"][i] / rps["before"][i] for i in range(rounds))
print(f"after / before per round (sorted): {' '.join(f'{r:.3f}' for r in ratios)}   mean ratio "
      f"{statistics.mean(rps['after']) / statistics.mean(rps['before']):.3f}")
print(f"caches off / before: {statistics.mean(rps['nocache']) / statistics.mean(rps['before']):.3f}")
bad = [l for l, r in rows.items() if r.get("non2xx") != "0" or r.get("socket_errors") != "0"]
print("non-2xx answers or socket errors in: " + (", ".join(bad) if bad else "none"))
PY
