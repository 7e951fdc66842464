package bench_test

import (
	"fmt"
	"testing"

	"github.com/datchuan/datchuan/status"
)

// BenchmarkRollupNational is the national dashboard: criteria met by every
// commune of 2024, with the compiled engine over the dense batch, on one
// goroutine and on two.
func BenchmarkRollupNational(b *testing.B) {
	n := mustNational(b)
	for _, s := range n.sets() {
		c, err := status.Compile(s.set)
		if err != nil {
			b.Fatal(err)
		}
		batch := n.data.Batch(c)
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/workers=%d", s.name, workers), func(b *testing.B) {
				var r status.Rollup
				for b.Loop() {
					if err := c.RollupInto(&r, year, batch, workers); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(r.Meeting), "units-meeting")
				b.ReportMetric(float64(len(batch.Scores)), "scores")
			})
		}
	}
}

// BenchmarkBareLoop is the floor: a loop that reads every score of the same
// batch once and counts those present, and does nothing else.
func BenchmarkBareLoop(b *testing.B) {
	n := mustNational(b)
	for _, s := range n.sets() {
		c, err := status.Compile(s.set)
		if err != nil {
			b.Fatal(err)
		}
		batch := n.data.Batch(c)
		b.Run(s.name, func(b *testing.B) {
			present := 0
			for b.Loop() {
				present = countPresent(batch.Scores)
			}
			b.ReportMetric(float64(present), "values-present")
		})
	}
}

// countPresent counts the scores that are not NaN.
func countPresent(scores []float64) int {
	n := 0
	for _, x := range scores {
		if x == x {
			n++
		}
	}
	return n
}

// BenchmarkEvaluateUnitNational runs the convenient per-unit API over every
// commune: the full picture (statuses, thresholds, revocation) per unit.
func BenchmarkEvaluateUnitNational(b *testing.B) {
	n := mustNational(b)
	values := n.data.Pointers()
	for _, s := range n.sets() {
		b.Run(s.name, func(b *testing.B) {
			meeting := 0
			for b.Loop() {
				meeting = 0
				for u, unit := range n.data.Units {
					if status.EvaluateUnit(s.set, unit.ID, unit.Classifiers, year, values[u]).Meets {
						meeting++
					}
				}
			}
			b.ReportMetric(float64(meeting), "units-meeting")
		})
	}
}

// BenchmarkBatchNational is what the rollup's speed assumes was done once:
// turning the loaded values into the dense batch.
func BenchmarkBatchNational(b *testing.B) {
	n := mustNational(b)
	for _, s := range n.sets() {
		c, err := status.Compile(s.set)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(s.name, func(b *testing.B) {
			for b.Loop() {
				n.data.Batch(c)
			}
		})
	}
}

// BenchmarkCompile is the one-off cost of the dense tables.
func BenchmarkCompile(b *testing.B) {
	set := mustRealSet(b)
	for b.Loop() {
		if _, err := status.Compile(set); err != nil {
			b.Fatal(err)
		}
	}
}
