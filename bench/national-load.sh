#!/bin/sh
# Times loading the national synthetic data set (docs/BENCHMARKS.md, "Loading
# the national data"), on SQLite and on PostgreSQL, each into a scratch
# database removed at the end, even on failure:
#
#  1. "datchuan national": the whole command (unit lists, agencies, leads,
#     targets, values with their history and reviews, accounts);
#  2. the same values through the bulk load path alone (bench/cmd/loadvalues
#     -mode load: checks, prepared multi-row INSERTs on SQLite, COPY on
#     PostgreSQL) and through a bare batched insert (-mode bare: no check,
#     INSERTs not prepared), a transaction per province, in the same run;
#  3. the start of "datchuan serve" over the national database until it
#     answers its first page (the sign-in page).
#
#   bench/national-load.sh                 # the whole country
#   PROVINCES=84,83 bench/national-load.sh # a quick try
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres): a server
# on which PGUSER may create databases; SKIP_PG=1 for SQLite only. YEAR
# (2024), HISTORY (12), SEED (45), PROVINCES (all).
set -eu
cd "$(dirname "$0")/.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export PGOPTIONS="-c client_min_messages=warning"
YEAR="${YEAR:-2024}" HISTORY="${HISTORY:-12}" SEED="${SEED:-45}" PROVINCES="${PROVINCES:-}"
TMP="$(mktemp -d)"
DBS="datchuan_natl_cmd datchuan_natl_load datchuan_natl_bare"
SERVER=""

cleanup() {
	[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
	if [ "${SKIP_PG:-}" != 1 ]; then
		for db in $DBS; do psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; done
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT

go build -o "$TMP/datchuan" ./cmd/datchuan
go build -o "$TMP/loadvalues" ./bench/cmd/loadvalues
FLAGS="-year $YEAR -history $HISTORY -seed $SEED"
[ -n "$PROVINCES" ] && FLAGS="$FLAGS -provinces $PROVINCES"

pg_url() { echo "postgres://$PGUSER@$PGHOST:$PGPORT/$1?sslmode=disable"; }

# first_page ENGINE [DATABASE_URL]: seconds from starting the server over
# the national database to its first answer.
first_page() {
	port=18473
	start=$(date +%s.%N)
	DATABASE_URL="${2:-}" "$TMP/datchuan" serve -data "$TMP/sqlite-cmd" -addr "127.0.0.1:$port" >"$TMP/serve-$1.log" 2>&1 &
	SERVER=$!
	until curl -fs -o /dev/null "http://127.0.0.1:$port/dang-nhap"; do
		kill -0 "$SERVER" 2>/dev/null || { cat "$TMP/serve-$1.log"; return 1; }
		sleep 0.02
	done
	end=$(date +%s.%N)
	kill "$SERVER"
	wait "$SERVER" 2>/dev/null || true
	SERVER=""
	echo "$1: first page $(echo "$start $end" | awk '{printf "%.2f", $2 - $1}') s after the start"
}

echo "== SQLite"
/usr/bin/time -f "datchuan national: %e s wall, %U s user, %S s system, %M KB peak" \
	"$TMP/datchuan" national -data "$TMP/sqlite-cmd" -password national-bench $FLAGS 2>"$TMP/progress.txt" | grep -v '^ *vpdp-\|^ *quantri\|^Tài khoản'
tail -2 "$TMP/progress.txt"
"$TMP/loadvalues" -mode load -data "$TMP/sqlite-load" $FLAGS
"$TMP/loadvalues" -mode bare -data "$TMP/sqlite-bare" $FLAGS
ls -l "$TMP/sqlite-cmd/datchuan.db" | awk '{printf "datchuan.db: %.1f MB\n", $5 / 1048576}'
first_page sqlite

if [ "${SKIP_PG:-}" != 1 ]; then
	echo "== PostgreSQL"
	for db in $DBS; do psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"; done
	DATABASE_URL="$(pg_url datchuan_natl_cmd)" /usr/bin/time -f "datchuan national: %e s wall, %U s user, %S s system, %M KB peak" \
		"$TMP/datchuan" national -password national-bench $FLAGS 2>"$TMP/progress.txt" | grep -v '^ *vpdp-\|^ *quantri\|^Tài khoản'
	tail -2 "$TMP/progress.txt"
	DATABASE_URL="$(pg_url datchuan_natl_load)" "$TMP/loadvalues" -mode load $FLAGS
	DATABASE_URL="$(pg_url datchuan_natl_bare)" "$TMP/loadvalues" -mode bare $FLAGS
	psql -X -At -d datchuan_natl_cmd -c "SELECT 'database: ' || pg_size_pretty(pg_database_size(current_database()))"
	first_page postgres "$(pg_url datchuan_natl_cmd)"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
