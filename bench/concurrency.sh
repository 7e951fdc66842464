#!/bin/sh
# Runs the concurrency test (TestConcurrentEdits in cmd/datchuan) with N
# requests per kind of row, on SQLite and, when one answers, PostgreSQL,
# and prints its table (docs/BENCHMARKS.md, "Concurrent edits"): per
# engine and kind of row, the requests sent (20 at a time), the seconds
# they took, how many were made (303), refused as stale (409), refused as
# gone (404) or over the file limit (422), and what the checks found:
# changes lost, deleted rows back, wrong answers. The first line of each
# engine is the baseline: as many requests to /healthz, as many at once.
#
#   bench/concurrency.sh            # N=1000
#   N=200 bench/concurrency.sh      # what scripts/test.sh runs
#
# Environment: DATCHUAN_TEST_POSTGRES names the PostgreSQL server (default:
# postgres://postgres@127.0.0.1:5432/postgres, used when that server
# answers). The raw `go test` output is kept in bench/out/concurrency.txt.
set -eu
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"

N="${N:-1000}"
default_pg="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
if [ -z "${DATCHUAN_TEST_POSTGRES:-}" ] && command -v pg_isready >/dev/null 2>&1 \
   && pg_isready -q -h 127.0.0.1 -p 5432; then
  export DATCHUAN_TEST_POSTGRES="$default_pg"
fi
mkdir -p bench/out

echo "# $(go version); $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg); N=$N requests per kind of row"
status=0
DATCHUAN_RACE_N="$N" go test -count=1 -v -timeout 60m -run '^TestConcurrentEdits$' ./cmd/datchuan/ \
  >bench/out/concurrency.txt 2>&1 || status=$?
# The table: the lines the test logs, without the file:line prefix, one header.
sed -n 's/^ *concurrency_test\.go:[0-9]*: \(engine\|sqlite\|postgres\) /\1 /p' bench/out/concurrency.txt |
  awk '!/^engine/ || !seen++'
grep -E '^(--- FAIL|FAIL|ok)' bench/out/concurrency.txt || true
exit "$status"
