package datchuan

import (
	"sync"
	"time"
	_ "time/tzdata" // the zone database travels in the binary: office PCs may lack one
)

var loadVietnam = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		return time.FixedZone("ICT", 7*3600) // unreachable with time/tzdata; same offset since 1975
	}
	return loc
})

// Vietnam returns the Asia/Ho_Chi_Minh time zone in which deadlines, days and
// weeks are counted.
func Vietnam() *time.Location { return loadVietnam() }

// EndOfDay returns the first instant after date d in Vietnam: what was known
// "on 22/06/2022" is what was recorded before 23/06/2022 00:00 ICT.
func EndOfDay(d Date) time.Time { return d.Time(Vietnam()).AddDate(0, 0, 1) }

// Today returns the current date in Vietnam according to now.
func Today(now func() time.Time) Date { return DateOf(now().In(Vietnam())) }
