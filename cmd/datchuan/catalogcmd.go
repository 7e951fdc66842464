package main

import (
	"flag"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/catalog"
	"github.com/datchuan/datchuan/demo"
)

// runCatalog validates criteria set files: the shipped ones, the demo's, and
// any directories or files named, as the server would load them.
func runCatalog(args []string, e env) error {
	if len(args) == 0 || args[0] != "check" {
		return usagef("catalog: lệnh con là check (the only sub-command is check): datchuan catalog check [DIR|FILE...]")
	}
	fs := flag.NewFlagSet("catalog check", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	paths := fs.Args()
	if len(paths) == 0 {
		if dir := e.Getenv("DATCHUAN_SETS_DIR"); dir != "" {
			paths = []string{dir}
		}
	}
	sets, err := loadSets("", true)
	if err != nil {
		return usagef("catalog check: %v", err)
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return usagef("catalog check: %v", err)
		}
		var extra *catalog.Catalog
		if st.IsDir() {
			extra, err = catalog.LoadDirWith(sets, p)
		} else {
			var set *datchuan.CriteriaSet
			if set, err = catalog.LoadFile(p); err == nil {
				extra = catalog.Of(set)
			}
		}
		if err == nil {
			sets, err = catalog.Merge(sets, extra)
		}
		if err != nil {
			return usagef("catalog check: bộ tiêu chí bị từ chối (criteria sets refused):\n%v", err)
		}
	}
	tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "BỘ TIÊU CHÍ\tVĂN BẢN\tCẤP\tGIAI ĐOẠN\tTIÊU CHÍ\tCHỈ TIÊU\tNGƯỠNG BIẾT/CHƯA BIẾT\tGHI CHÚ")
	for _, s := range sets.Sets() {
		known, unknown := thresholdCounts(s)
		note := ""
		if s.Draft {
			note = "dự thảo"
		}
		if s.ID == demo.CommuneSet || s.ID == demo.AdvancedSet || s.ID == demo.DistrictSet {
			note = "trình diễn (demo)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s/%s\t%d–%d\t%d\t%d\t%d/%d\t%s\n", s.ID, s.Legal.Number, s.Level, s.Tier,
			s.PeriodFrom, s.PeriodTo, len(s.Criteria), s.IndicatorCount(), known, unknown, note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "\n%d bộ tiêu chí hợp lệ (sets valid).\n", len(sets.Sets()))
	return nil
}

// thresholdCounts counts indicator thresholds known and unknown.
func thresholdCounts(s *datchuan.CriteriaSet) (known, unknown int) {
	for _, c := range s.Criteria {
		for _, ind := range c.Indicators {
			for _, t := range ind.Thresholds {
				if t.Known {
					known++
				} else {
					unknown++
				}
			}
			if len(ind.Thresholds) == 0 {
				unknown++
			}
		}
	}
	return known, unknown
}
