package bench_test

import (
	"testing"

	datchuan "github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/bench"
	"github.com/datchuan/datchuan/catalog"
)

const (
	setID = "vn-ntm-commune-2021-2025"
	year  = 2024
	seed  = 45 // Plan 45/KH-BCĐ
	data  = "../catalog/data"
)

// national is the benchmark world: the 2024 communes, the national commune
// set as the catalog ships it, the same set with its unknown thresholds
// filled synthetically, and values generated for them.
type national struct {
	real, synthetic *datchuan.CriteriaSet
	data            *bench.Data
}

// sets names the two sets the benchmarks run, in order.
func (n *national) sets() []struct {
	name string
	set  *datchuan.CriteriaSet
} {
	return []struct {
		name string
		set  *datchuan.CriteriaSet
	}{{"synthetic-thresholds", n.synthetic}, {"real-set", n.real}}
}

func mustNational(tb testing.TB) *national {
	tb.Helper()
	set := mustRealSet(tb)
	units, err := bench.ReadCommunesDir(data)
	if err != nil {
		tb.Fatal(err)
	}
	return &national{real: set, synthetic: bench.FillUnknown(set), data: bench.Generate(set, units, year, seed)}
}

func mustRealSet(tb testing.TB) *datchuan.CriteriaSet {
	tb.Helper()
	c, err := catalog.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	set, err := c.Set(setID)
	if err != nil {
		tb.Fatal(err)
	}
	return set
}
