#!/bin/sh
# Measures the pages that read the in-memory model (issue 13) under load:
# the demo on SQLite (or on PostgreSQL when DATABASE_URL names one), 32
# clients signed in as the coordination office, each path for DURATION,
# beside /healthz measured in the same run (bench/cmd/load). Loopback only.
#
#   bench/live.sh                    # 10 s per path
#   DURATION=5s CLIENTS=8 bench/live.sh
#   BIN=/tmp/old/datchuan bench/live.sh   # the same load on another build
#
# The table goes to stdout; the server's log to bench/out/live-server.txt.
set -eu
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
DURATION="${DURATION:-10s}"
CLIENTS="${CLIENTS:-32}"
PORT="${PORT:-18080}"
dir=$(mktemp -d)
mkdir -p bench/out
if [ -n "${BIN:-}" ]; then cp "$BIN" "$dir/datchuan"; else go build -o "$dir/datchuan" ./cmd/datchuan; fi
go build -o "$dir/load" ./bench/cmd/load
"$dir/datchuan" demo -addr "127.0.0.1:$PORT" -data "$dir/data" >bench/out/live-server.txt 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$dir"' EXIT INT TERM
i=0
until curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
  i=$((i + 1))
  if [ "$i" -gt 300 ]; then echo "the demo did not start" >&2; cat bench/out/live-server.txt >&2; exit 1; fi
  sleep 0.2
done
echo "# $(go version); $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg); engine: $( [ -n "${DATABASE_URL:-}" ] && echo postgres || echo sqlite)"
"$dir/load" -url "http://127.0.0.1:$PORT" -login vpdp -c "$CLIENTS" -d "$DURATION" \
  /huyen/848 /api/districts/848/status /tinh/84 /don-vi/29446
echo
echo "resident memory of the server after the run: $(awk '/VmRSS/ {print $2, $3}' /proc/$pid/status)"
