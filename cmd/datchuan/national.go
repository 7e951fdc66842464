package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/bench"
	"github.com/datchuan/datchuan/catalog"
	"github.com/datchuan/datchuan/sqldb"
)

// "datchuan national" loads the national synthetic data set (package
// bench) into an empty database, for the benchmarks and for trying the app
// at national scale: the 2024 unit list (imported at every start), every
// province's agencies with the leads of every criterion, a target for the
// year of every district, xã and thị trấn, a current value of every
// indicator of each (Generate's mix) with a year of dated history, and a
// few accounts. The values and the thresholds they aim at are synthetic:
// the database is marked so (metaNational), and every page of the app
// over it says so. A second run is refused; -force erases the database
// (everything, as "datchuan restore -force" does) and loads again.

// metaNational marks a database that holds the national synthetic data
// set; its value is the data's year. It is set before anything is loaded,
// so that a load cut short still says what it holds.
const metaNational = "national"

// nationalDir is the default data directory of the national data set:
// apart from a real deployment's.
const nationalDir = "datchuan-national"

// nationalOptions are the flags of "datchuan national".
type nationalOptions struct {
	provinces string
	year      int
	history   int
	seed      uint64
	force     bool
	password  string
}

func nationalFlags(fs *flag.FlagSet) *nationalOptions {
	o := &nationalOptions{}
	fs.StringVar(&o.provinces, "provinces", "", "chỉ nạp các tỉnh này, mã cách nhau bởi dấu phẩy, ví dụ 84,83 (only these provinces; default all)")
	fs.IntVar(&o.year, "year", 2024, "năm của mục tiêu và số liệu (year of the targets and values)")
	fs.IntVar(&o.history, "history", 12, "số tháng lịch sử số liệu, kết thúc tháng 12 (months of dated history, ending in December)")
	fs.Uint64Var(&o.seed, "seed", 45, "hạt giống sinh số liệu: cùng hạt giống, cùng số liệu (seed of the generator)")
	fs.BoolVar(&o.force, "force", false, "XÓA cơ sở dữ liệu đang có rồi nạp lại (ERASE the database there, then load)")
	fs.StringVar(&o.password, "password", "", "mật khẩu của các tài khoản tạo ra; để trống: ngẫu nhiên, in ra khi xong (password of the accounts; default random, printed)")
	return o
}

// codes returns the province codes asked for; nil for all.
func (o *nationalOptions) codes() []string {
	var out []string
	for _, c := range strings.Split(o.provinces, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// check refuses flags that cannot make a data set: a year outside the
// sets' period or not yet over by the app's clock, a history of no month
// or more than five years.
func (o *nationalOptions) check(sets bench.NationalSets, today datchuan.Date) error {
	s := sets.Commune
	switch {
	case o.year < s.PeriodFrom || o.year > s.PeriodTo:
		return usagef("-year %d: bộ tiêu chí %s áp dụng %d–%d (the sets cover %d–%d)", o.year, s.ID, s.PeriodFrom, s.PeriodTo, s.PeriodFrom, s.PeriodTo)
	case o.year >= today.Year:
		return usagef("-year %d: năm chưa kết thúc theo đồng hồ của ứng dụng (%s); số liệu không được ghi ngày sau hôm nay (the year is not over; values cannot be dated after today)", o.year, today.VN())
	case o.history < 0 || o.history > 60:
		return usagef("-history %d: cần từ 0 đến 60 tháng (0–60 months)", o.history)
	}
	return nil
}

// nationalRun is one load: the app over the database and what it wrote.
type nationalRun struct {
	a       *app
	e       env
	o       *nationalOptions
	sets    bench.NationalSets
	seeded  bench.NationalSummary
	loaded  datchuan.LoadResult
	current int           // current values, the rest is history
	took    time.Duration // loading values alone
}

func runNational(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("national", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	cfg, finish := configFlags(fs, e, false)
	o := nationalFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := finish(); err != nil {
		return err
	}
	if !flagSet(fs, "data") && e.Getenv("DATCHUAN_DATA_DIR") == "" {
		cfg.DataDir = nationalDir
	}
	if cfg.ClockStart.IsZero() {
		// What the load records (the accounts, its change-log entry) is
		// dated on the clock the server over the data will start from.
		cfg.ClockStart = nationalClock(o.year)
	}
	start := time.Now()
	a, err := openEmpty(ctx, *cfg, e, o.force)
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintf(e.Stderr, "Danh mục đơn vị hành chính (unit lists): sẵn sàng sau %s\n", seconds(time.Since(start)))
	sets, err := bench.LoadNationalSets(a.sets)
	if err != nil {
		return err
	}
	if err := o.check(sets, datchuan.Today(e.now)); err != nil {
		return err
	}
	day := datchuan.NewDate(o.year, time.December, 31)
	provinces, err := bench.NationalUnits(ctx, a.stores.Units, day, o.codes())
	if datchuan.ErrorCode(err) == datchuan.ENOTFOUND {
		return usagef("-provinces: %s", datchuan.ErrorText(err))
	}
	if err != nil {
		return err
	}
	r := &nationalRun{a: a, e: e, o: o, sets: sets}
	if err := r.load(ctx, provinces); err != nil {
		return err
	}
	accounts, err := r.accounts(ctx, provinces)
	if err != nil {
		return err
	}
	if err := r.record(ctx); err != nil {
		return err
	}
	return r.summary(ctx, start, accounts)
}

// openEmpty opens the app over a database that holds nothing but the unit
// lists; one that holds more is refused, or with force erased first.
func openEmpty(ctx context.Context, cfg Config, e env, force bool) (*app, error) {
	log := slog.New(slog.NewTextHandler(e.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := openApp(ctx, cfg, e, log)
	if err != nil {
		return nil, err
	}
	holds, err := a.db.HoldsData(ctx)
	if err != nil || !(holds || a.national) {
		if err != nil {
			a.Close()
		}
		return a, err
	}
	a.Close()
	if !force {
		return nil, usagef("cơ sở dữ liệu đã có dữ liệu; dữ liệu tổng hợp chỉ nạp vào cơ sở dữ liệu trống, hoặc thêm -force để XÓA toàn bộ rồi nạp lại (the database holds data: load into an empty one, or -force erases it all and loads again)")
	}
	fmt.Fprintln(e.Stderr, "Xóa cơ sở dữ liệu đang có (-force) (erasing the database there)")
	if err := sqldb.Erase(ctx, sqldb.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir}); err != nil {
		return nil, err
	}
	return openApp(ctx, cfg, e, log)
}

// load writes the agencies, leads and targets of every province in one
// transaction, then its values, a transaction per province.
func (r *nationalRun) load(ctx context.Context, provinces []*bench.Province) error {
	db := r.a.db
	if err := db.SetMeta(ctx, metaNational, strconv.Itoa(r.o.year)); err != nil {
		return err
	}
	bar := newProgress(r.e.Stderr, "Cơ quan, phân công, mục tiêu (agencies, leads, targets)", "mục tiêu", float64(len(provinces)), time.Now)
	err := db.Atomically(ctx, func(s datchuan.Stores) error {
		for i, p := range provinces {
			sum, err := bench.SeedNational(ctx, s, r.sets, []*bench.Province{p}, r.o.year)
			if err != nil {
				return err
			}
			r.seeded.Provinces += sum.Provinces
			r.seeded.Agencies += sum.Agencies
			r.seeded.Leads += sum.Leads
			r.seeded.Targets += sum.Targets
			bar.Set(float64(i+1), r.seeded.Targets)
		}
		return nil
	})
	if err != nil {
		return err
	}
	bar.Finish()
	return r.values(ctx, provinces)
}

// values loads each province's values; the bar moves by the pairs of unit
// and indicator each province has.
func (r *nationalRun) values(ctx context.Context, provinces []*bench.Province) error {
	total := 0
	for _, p := range provinces {
		total += p.Pairs(r.sets)
	}
	bar := newProgress(r.e.Stderr, "Số liệu (values)", "số liệu", float64(total), time.Now)
	before := 0
	opt := bench.NationalOptions{Year: r.o.year, Seed: r.o.seed, Months: r.o.history}
	for _, p := range provinces {
		rows := bench.ProvinceValues(r.sets, p, opt)
		pairs, stored := float64(p.Pairs(r.sets)), r.loaded.Values
		start := time.Now()
		res, err := r.a.db.LoadValues(ctx, rows, datchuan.LoadOptions{Sets: r.a.sets, Progress: func(done int) {
			bar.Set(float64(before)+pairs*float64(done)/float64(len(rows)), stored+done)
		}})
		if err != nil {
			return fmt.Errorf("%s: %w", p.Unit.Name, err)
		}
		r.took += time.Since(start)
		r.loaded.Values += res.Values
		r.loaded.Reviews += res.Reviews
		r.current += currentValues(rows)
		before += int(pairs)
	}
	bar.Finish()
	return nil
}

// currentValues counts the rows that are the latest of their unit and
// indicator: ProvinceValues puts each history just before its current value.
func currentValues(rows []datchuan.Value) int {
	n := 0
	for i := range rows {
		if i == len(rows)-1 || rows[i+1].UnitID != rows[i].UnitID || rows[i+1].IndicatorCode != rows[i].IndicatorCode || rows[i+1].SetID != rows[i].SetID {
			n++
		}
	}
	return n
}

// record writes the load's change-log entry and readies the database for
// reading.
func (r *nationalRun) record(ctx context.Context) error {
	db := r.a.db
	err := db.Atomically(ctx, func(s datchuan.Stores) error {
		return s.Changes.Record(ctx, datchuan.NewChange(datchuan.SystemActor("national"), datchuan.ActNationalLoad, "national", 0,
			fmt.Sprintf("Nạp dữ liệu tổng hợp toàn quốc năm %d (giả lập): %d tỉnh, %d cơ quan, %d mục tiêu, %d số liệu, hạt giống %d",
				r.o.year, r.seeded.Provinces, r.seeded.Agencies, r.seeded.Targets, r.loaded.Values, r.o.seed),
			nil, map[string]any{"seeded": r.seeded, "loaded": r.loaded, "year": r.o.year, "seed": r.o.seed, "history": r.o.history}))
	})
	if err != nil {
		return err
	}
	return db.Settle(ctx)
}

// summary prints what was loaded, how fast, and the accounts.
func (r *nationalRun) summary(ctx context.Context, start time.Time, accounts []nationalAccount) error {
	size, err := r.a.db.Size(ctx)
	if err != nil {
		return err
	}
	w := r.e.Stdout
	s, l := r.seeded, r.loaded
	fmt.Fprintf(w, "Đã nạp dữ liệu tổng hợp toàn quốc năm %d (national synthetic data loaded) vào %s — số liệu và ngưỡng là giả lập.\n", r.o.year, r.a.db.Engine())
	fmt.Fprintf(w, "  %s tỉnh, %s cơ quan, %s phân công chủ trì/phối hợp, %s mục tiêu\n",
		thousands(int64(s.Provinces)), thousands(int64(s.Agencies)), thousands(int64(s.Leads)), thousands(int64(s.Targets)))
	fmt.Fprintf(w, "  %s số liệu (values): %s hiện tại, %s lịch sử; %s xác nhận hoặc trả lại (reviews)\n",
		thousands(int64(l.Values)), thousands(int64(r.current)), thousands(int64(l.Values-r.current)), thousands(int64(l.Reviews)))
	rate := int64(0)
	if r.took > 0 {
		rate = int64(float64(l.Values) / r.took.Seconds())
	}
	fmt.Fprintf(w, "  nạp số liệu (loading values): %s, %s số liệu/giây (values/s)\n", seconds(r.took), thousands(rate))
	fmt.Fprintf(w, "  cơ sở dữ liệu (database): %s MB; tổng thời gian (total): %s\n", strings.Replace(fmt.Sprintf("%.1f", float64(size)/(1<<20)), ".", ",", 1), seconds(time.Since(start)))
	printAccounts(w, accounts)
	fmt.Fprintf(w, "Máy chủ trên cơ sở dữ liệu này bắt đầu đồng hồ lúc %s, khi số liệu năm %d đã ghi nhận xong; -now để đổi (the server's clock starts then; -now changes it)\n",
		nationalClock(r.o.year).Format("02/01/2006 15:04"), r.o.year)
	return nil
}

// nationalData readies an app over the national synthetic data set, when
// the database holds it: the sets with the thresholds the values aim at
// and, unless the clock was set (-now, DATCHUAN_NOW), the clock of the
// data's year (nationalClock), going on from the latest change-log entry
// when that is later, as the demo's does. *clock is the database's.
func (a *app) nationalData(ctx context.Context, cfg Config, e env, clock *func() time.Time) error {
	v, err := a.db.Meta(ctx, metaNational)
	if datchuan.ErrorCode(err) == datchuan.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	a.national = true
	a.sets = nationalSets(a.sets)
	year, err := strconv.Atoi(v)
	if err != nil || !cfg.ClockStart.IsZero() {
		return nil // the clock set by hand, or no year to start from
	}
	start, err := clockStart(ctx, Config{ClockStart: nationalClock(year), ClockResumes: true}, a.stores.Changes)
	if err != nil {
		return err
	}
	*clock = startClock(start, e.now)
	a.now = *clock
	return nil
}

// nationalClock is when the clock of an app over the national data set of
// year starts: 01/03 of the next year, 08:00, after every value and review
// of the year was recorded (the last in January) and before the district
// level was abolished (01/07/2025), so that every page shows the year's
// units and values as they stood at its end. Without it a province that
// outlived the 2025 reform would show its 2025 communes, which have no
// values.
func nationalClock(year int) time.Time {
	return time.Date(year+1, time.March, 1, 8, 0, 0, 0, datchuan.Vietnam())
}

// nationalSets are the criteria sets of an app over the national data
// set: each set with its unknown thresholds filled as the values were
// generated (bench.FillUnknown), named and sourced as synthetic.
func nationalSets(c *catalog.Catalog) *catalog.Catalog {
	var filled []*datchuan.CriteriaSet
	for _, s := range c.Sets() {
		filled = append(filled, bench.FillUnknown(s))
	}
	return catalog.Of(filled...)
}
