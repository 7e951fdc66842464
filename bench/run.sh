#!/bin/sh
# Runs the national benchmarks of the status engine and prints, per
# benchmark, the median time per operation in milliseconds over COUNT runs.
#
#   bench/run.sh                # COUNT=5, every benchmark of ./bench
#   COUNT=10 BENCH=Rollup bench/run.sh
#
# The raw `go test` output is kept in bench/out/bench.txt (for benchstat).
set -eu
cd "$(dirname "$0")/.."

COUNT="${COUNT:-5}"
BENCH="${BENCH:-.}"
mkdir -p bench/out

echo "# $(go version); $(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
go test -run '^$' -bench "$BENCH" -benchmem -count "$COUNT" ./bench/ | tee bench/out/bench.txt | grep -E '^(Benchmark|ok|FAIL)' || true

echo
printf '%-58s %12s %12s %10s %10s\n' benchmark 'median ms' 'min ms' 'B/op' allocs/op
awk '
/^Benchmark/ {
	name = $1; sub(/-[0-9]+$/, "", name)
	for (i = 3; i < NF; i++) {
		if ($(i + 1) == "ns/op") ns[name, ++n[name]] = $i
		if ($(i + 1) == "B/op") bytes[name] = $i
		if ($(i + 1) == "allocs/op") allocs[name] = $i
	}
	if (!(name in seen)) { seen[name] = 1; order[++names] = name }
}
END {
	for (k = 1; k <= names; k++) {
		name = order[k]; m = n[name]
		for (i = 1; i <= m; i++) t[i] = ns[name, i]
		for (i = 2; i <= m; i++) for (j = i; j > 1 && t[j - 1] > t[j]; j--) { x = t[j]; t[j] = t[j - 1]; t[j - 1] = x }
		med = (m % 2) ? t[(m + 1) / 2] : (t[m / 2] + t[m / 2 + 1]) / 2
		printf "%-58s %12.3f %12.3f %10s %10s\n", name, med / 1e6, t[1] / 1e6, bytes[name], allocs[name]
	}
}' bench/out/bench.txt
