#!/usr/bin/env bash
# The project's two entry points (see README "Quick start"):
#   ./run.sh demo [options]   the main job: the horreum demo (starts a private redis-server unless --redis is given)
#   ./run.sh test             every test of the solution against a real redis-server; ends with "N passed, N failed"
# Each installs redis-server when it is missing (apt-get, as root) or says exactly what to install.
set -uo pipefail
cd "$(dirname "$0")"

ensure_redis() {
  if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run.sh: redis-server not found; installing it with apt-get (redis-server redis-tools)..." >&2
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server redis-tools; } >/tmp/horreum-apt.log 2>&1; then
      echo "run.sh: apt-get failed (log: /tmp/horreum-apt.log). Install by hand: apt-get update && apt-get install -y redis-server redis-tools" >&2
      exit 1
    fi
  else
    echo "run.sh: redis-server is missing. Install it with: sudo apt-get update && sudo apt-get install -y redis-server redis-tools" >&2
    echo "        (or point the tests at a server: HORREUM_TEST_REDIS=host:port)" >&2
    exit 1
  fi
}

# The dashboard's browser tests drive Debian's chromium through Playwright (never Playwright's own download).
ensure_chromium() {
  local browser=${HORREUM_CHROMIUM:-/usr/bin/chromium}
  [ -x "$browser" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run.sh: chromium not found; installing it with apt-get (chromium) for the browser tests..." >&2
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/tmp/horreum-apt-chromium.log 2>&1; then
      echo "run.sh: apt-get failed (log: /tmp/horreum-apt-chromium.log). Install by hand: apt-get update && apt-get install -y chromium" >&2
    fi
  else
    echo "run.sh: chromium is missing, so the browser tests will fail. Install it with: sudo apt-get update && sudo apt-get install -y chromium" >&2
    echo "        (or point them at a chromium binary: HORREUM_CHROMIUM=/path/to/chromium)" >&2
  fi
}

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "run.sh: the .NET 10 SDK is missing: https://dot.net (dotnet-sdk-10.0)" >&2
    exit 1
  fi
}

# Sums the <Counters> of every TRX file written by this run into "N passed, N failed[, N skipped]".
summarize() {
  local dir=$1 passed=0 failed=0 total=0 f p x t
  for f in "$dir"/*.trx; do
    [ -e "$f" ] || continue
    p=$(grep -o '<Counters [^>]*' "$f" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')
    x=$(grep -o '<Counters [^>]*' "$f" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
    t=$(grep -o '<Counters [^>]*' "$f" | grep -o ' total="[0-9]*"' | grep -o '[0-9]*')
    passed=$((passed + ${p:-0})); failed=$((failed + ${x:-0})); total=$((total + ${t:-0}))
  done
  local skipped=$((total - passed - failed))
  echo "$passed passed, $failed failed, $skipped skipped"
}

cmd=${1:-help}
[ $# -gt 0 ] && shift
case "$cmd" in
  demo)
    ensure_dotnet
    # With --redis URL the demo uses that server and needs no local binary.
    case " $* " in *" --redis "*|*" --redis="*) ;; *) ensure_redis ;; esac
    exec dotnet run --project src/Cli -c Release -- demo "$@"
    ;;
  test)
    ensure_dotnet
    [ -n "${HORREUM_TEST_REDIS:-}" ] || ensure_redis
    ensure_chromium
    results=artifacts/test-results
    rm -rf "$results"
    # Build once, then one TRX per test project (names never collide, so every result is counted).
    dotnet build OrmMigrations.sln -c Release -nologo -v q || { echo "run.sh: build failed"; echo "0 passed, 1 failed"; exit 1; }
    rc=0
    for proj in tests/*/*.Tests.csproj; do
      name=$(basename "$proj" .csproj)
      dotnet test "$proj" -c Release --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || rc=1
    done
    if ! ls "$results"/*.trx >/dev/null 2>&1; then
      echo "run.sh: no test results were written (build failure?)" >&2
      echo "0 passed, 1 failed"
      exit 1
    fi
    summarize "$results"
    exit $rc
    ;;
  bench-smoke)
    # The benchmark harness in quick mode (build + one short pass, < 1 min); the release runner is benchmarks/run.sh.
    ensure_dotnet
    ensure_redis
    exec benchmarks/run.sh --quick
    ;;
  *)
    sed -n '2,5p' "$0"
    exit 2
    ;;
esac
