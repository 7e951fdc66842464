#!/bin/sh
# Times the national rollup as one SQL query on PostgreSQL, for comparison
# with the status engine (docs/BENCHMARKS.md).
#
# It generates the synthetic national data set (bench/cmd/gen), loads it
# with COPY into a scratch database, checks that the query gives the same
# histogram as the Go engine, runs the query RUNS times with psql's \timing,
# and drops the scratch database, even on failure.
#
#   bench/sql-rollup.sh                 # synthetic thresholds, 5 runs
#   SET=real RUNS=10 bench/sql-rollup.sh
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres): a server
# on which PGUSER may create databases.
set -eu
cd "$(dirname "$0")/.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export PGOPTIONS="-c client_min_messages=warning"
SET="${SET:-synthetic}"
RUNS="${RUNS:-5}"
DB=datchuan_bench
OUT="$PWD/bench/out/sql-$SET"

mkdir -p "$OUT"
go run ./bench/cmd/gen -out "$OUT" -set "$SET" >"$OUT/expected.csv"
head -1 "$OUT/expected.csv"

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB"' EXIT

psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<SQL
CREATE TABLE unit (unit_id bigint PRIMARY KEY, code text NOT NULL, class text NOT NULL);
CREATE TABLE criterion (code text PRIMARY KEY, indicators int NOT NULL);
CREATE TABLE indicator (code text PRIMARY KEY, criterion_code text NOT NULL REFERENCES criterion, kind text NOT NULL);
CREATE TABLE bound (class text, indicator_code text REFERENCES indicator, known boolean NOT NULL, value float8 NOT NULL,
  PRIMARY KEY (class, indicator_code));
CREATE TABLE val (unit_id bigint NOT NULL REFERENCES unit, indicator_code text NOT NULL REFERENCES indicator,
  state text NOT NULL, mkind text NOT NULL, b boolean NOT NULL, num float8 NOT NULL, numer float8 NOT NULL, den float8 NOT NULL,
  PRIMARY KEY (unit_id, indicator_code));
\copy unit FROM '$OUT/units.csv' CSV
\copy criterion FROM '$OUT/criteria.csv' CSV
\copy indicator FROM '$OUT/indicators.csv' CSV
\copy bound FROM '$OUT/bounds.csv' CSV
\copy val FROM '$OUT/values.csv' CSV
VACUUM ANALYZE;
SQL
psql -X -At -d "$DB" -c "SELECT count(*) || ' values loaded' FROM val"

# Same answer as the Go engine?
{ echo "met,units"; psql -X -q --csv -t -d "$DB" -f bench/rollup.sql; } >"$OUT/sql.csv"
tail -n +2 "$OUT/expected.csv" | diff -u - "$OUT/sql.csv" && echo "SQL histogram = Go histogram"

# Time it: RUNS runs in one session, after the check above warmed the cache.
{
	printf '%s\n' '\timing on'
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		printf '%s\n' '\o /dev/null'
		cat bench/rollup.sql
		i=$((i + 1))
	done
} | psql -X -q -d "$DB" | grep '^Time:' >"$OUT/times.txt"
cat "$OUT/times.txt"
sort -t' ' -k2 -n "$OUT/times.txt" | awk -v n="$RUNS" '{ t[NR] = $2 } END { printf "median of %d: %s ms (min %s ms)\n", n, t[int((n + 1) / 2)], t[1] }'
psql -X -At -d "$DB" -c "SHOW max_parallel_workers_per_gather" | sed 's/^/max_parallel_workers_per_gather = /'
psql -X -At -d "$DB" -c "SELECT version()"
