#!/usr/bin/env bash
# Runs every test of datchuan. Storage tests run on SQLite always and on
# PostgreSQL when one answers: DATCHUAN_TEST_POSTGRES names it (default:
# postgres://postgres@127.0.0.1:5432/postgres, used when that server answers).
# With DATCHUAN_REQUIRE_POSTGRES=1 a missing PostgreSQL is an error, not a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"

default_pg="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
if [ -z "${DATCHUAN_TEST_POSTGRES:-}" ] && command -v pg_isready >/dev/null 2>&1 \
   && pg_isready -q -h 127.0.0.1 -p 5432; then
  export DATCHUAN_TEST_POSTGRES="$default_pg"
fi
if [ -n "${DATCHUAN_TEST_POSTGRES:-}" ]; then
  engines="SQLite and PostgreSQL ($(psql "$DATCHUAN_TEST_POSTGRES" -Atc 'show server_version' 2>/dev/null || echo '?'))"
elif [ "${DATCHUAN_REQUIRE_POSTGRES:-}" = 1 ]; then
  echo "PostgreSQL is required (DATCHUAN_REQUIRE_POSTGRES=1) but none answers" >&2
  exit 1
else
  engines="SQLite only (no PostgreSQL answered on 127.0.0.1:5432)"
fi
echo "storage tests run on: $engines"

go test -count=1 -timeout 20m "$@" ./...

echo "storage tests ran on: $engines"
