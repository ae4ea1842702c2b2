# Shared by load.sh and validate.sh (sourced, not run): a loopback-only Tomcat from Maven Central, and wrk
# runs recorded one line each. Expects ROOT (the checkout) and WORK (this script's output folder).
TOMCAT_VERSION=10.1.59

# install_tomcat PORT: unpacks Tomcat into $WORK, listening on 127.0.0.1:PORT only, no shutdown port, no webapps;
# sets CATALINA_HOME
install_tomcat() {
  mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact=org.apache.tomcat:tomcat:$TOMCAT_VERSION:zip -DoutputDirectory="$WORK"
  unzip -q "$WORK/tomcat-$TOMCAT_VERSION.zip" -d "$WORK"
  CATALINA_HOME=$WORK/apache-tomcat-$TOMCAT_VERSION
  chmod +x "$CATALINA_HOME"/bin/*.sh
  sed -i -e "s/port=\"8080\"/port=\"$1\" address=\"127.0.0.1\"/" -e 's/<Server port="8005"/<Server port="-1"/' \
    "$CATALINA_HOME/conf/server.xml"
  rm -rf "$CATALINA_HOME"/webapps/*
}

# start_tomcat URL...: starts it (stopped by pid on exit) and waits up to a minute for each URL to answer
start_tomcat() {
  export CATALINA_PID=$WORK/tomcat.pid
  "$CATALINA_HOME/bin/catalina.sh" start >/dev/null
  trap stop_tomcat EXIT
  local url
  for url in "$@"; do
    for _ in $(seq 1 60); do curl -fs -o /dev/null "$url" && break; sleep 1; done
    curl -fs -o /dev/null "$url" \
      || { echo "$url did not answer" >&2; tail -50 "$CATALINA_HOME/logs/catalina.out" >&2; exit 1; }
  done
}
stop_tomcat() { [ -f "$CATALINA_PID" ] && kill "$(cat "$CATALINA_PID")" 2>/dev/null || true; }

# run LABEL WRK-ARGS...: prints and records the RESULT line of stats.lua, plus wrk's count of non-2xx/3xx answers
run() {
  local label=$1; shift
  local out line non2xx
  out=$(wrk "$@")
  line=$(grep '^RESULT' <<<"$out" || true)
  non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' <<<"$out")
  echo "$label $line non2xx=${non2xx:-0}" | tee -a "$WORK/results.txt"
}
