package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/mail"
	"github.com/datchuan/datchuan/web"
)

// Config is the whole configuration of a datchuan process, filled once from
// flags and the environment and passed explicitly.
type Config struct {
	DatabaseURL string // empty: embedded SQLite in DataDir; postgres://... : PostgreSQL
	DataDir     string // where SQLite keeps its file
	Addr        string // where the web server listens
	SetsDir     string // extra criteria set files, added to the shipped ones
	Demo        bool   // fill the database with the Trà Vinh demo
	MaxUploadMB int64  // largest evidence file accepted
	// A client is dropped when it moves fewer than MinRate bytes a second
	// over RateWindow seconds; no request lasts more than MaxRequest
	// seconds (slow mobile links upload for minutes).
	MinRate    int64
	RateWindow int64
	MaxRequest int64
	// InsecureCookies drops the Secure flag, for plain-HTTP intranet
	// servers not reached as localhost.
	InsecureCookies bool
	TrustProxy      bool      // take client addresses from X-Forwarded-For
	ClockStart      time.Time // when set, the app's clock starts here and runs on
	ClockResumes    bool      // ClockStart is the demo's own: a later start goes on from the latest change
	BaseURL         string    // how people reach the server, for links in e-mails
	RemindHour      int       // hour (Vietnam time) from which daily digests go out
	SMTP            mail.Config
	SMTPEnabled     bool   // DATCHUAN_SMTP_HOST is set
	Command         string // the verb running ("serve", "user-add"): the change log's "system:<command>"
}

// configFlags registers the shared flags on fs, with defaults from the
// environment (DATABASE_URL, DATCHUAN_*; a secret also from VAR_FILE).
func configFlags(fs *flag.FlagSet, e env, demo bool) (*Config, func() error) {
	cfg := &Config{Demo: demo, Command: strings.ReplaceAll(fs.Name(), " ", "-")}
	defaultDir := "datchuan-data"
	if demo {
		defaultDir = "datchuan-demo"
	}
	fs.StringVar(&cfg.DataDir, "data", or(e.Getenv("DATCHUAN_DATA_DIR"), defaultDir), "thư mục dữ liệu (data directory; env DATCHUAN_DATA_DIR)")
	fs.StringVar(&cfg.Addr, "addr", or(e.Getenv("DATCHUAN_ADDR"), "localhost:8080"), "địa chỉ lắng nghe (listen address; env DATCHUAN_ADDR)")
	fs.StringVar(&cfg.SetsDir, "sets", e.Getenv("DATCHUAN_SETS_DIR"), "thư mục bộ tiêu chí bổ sung (extra criteria set files; env DATCHUAN_SETS_DIR)")
	fs.Int64Var(&cfg.MaxUploadMB, "max-upload-mb", envInt(e, "DATCHUAN_MAX_UPLOAD_MB", 20), "dung lượng tối đa một tệp minh chứng, MB (largest evidence file; env DATCHUAN_MAX_UPLOAD_MB)")
	fs.Int64Var(&cfg.MinRate, "min-rate", envInt(e, "DATCHUAN_MIN_RATE", web.DefaultMinRate), "tốc độ tối thiểu của một kết nối, byte/giây (slowest a client may send or read, bytes/s; env DATCHUAN_MIN_RATE)")
	fs.Int64Var(&cfg.RateWindow, "rate-window", envInt(e, "DATCHUAN_RATE_WINDOW", int64(web.DefaultWindow/time.Second)), "khoảng đo tốc độ tối thiểu, giây (seconds a client may fall short of the minimum rate; env DATCHUAN_RATE_WINDOW)")
	fs.Int64Var(&cfg.MaxRequest, "max-request", envInt(e, "DATCHUAN_MAX_REQUEST", int64(web.DefaultMax/time.Second)), "thời gian tối đa một yêu cầu, giây (longest a request may last, seconds; env DATCHUAN_MAX_REQUEST)")
	cfg.InsecureCookies = e.Getenv("DATCHUAN_INSECURE_COOKIES") == "1"
	cfg.TrustProxy = e.Getenv("DATCHUAN_TRUST_PROXY") == "1"
	clock := e.Getenv("DATCHUAN_NOW")
	if clock == "" && demo {
		clock = demoClock
	}
	fs.StringVar(&clock, "now", clock, "giờ bắt đầu của đồng hồ ứng dụng, dd/mm/yyyy HH:MM giờ Việt Nam (start the app clock here, for demos and training; env DATCHUAN_NOW)")
	fs.StringVar(&cfg.BaseURL, "base-url", e.Getenv("DATCHUAN_BASE_URL"), "địa chỉ người dùng mở, cho đường dẫn trong thư (public URL for links in e-mails; env DATCHUAN_BASE_URL)")
	fs.IntVar(&cfg.RemindHour, "remind-hour", int(envInt(e, "DATCHUAN_REMIND_HOUR", 7)), "giờ gửi thư nhắc việc hằng ngày, 0–23 giờ Việt Nam (hour of the daily digest; env DATCHUAN_REMIND_HOUR)")
	finish := func() error {
		smtp, ok, err := mail.LoadConfig(e.Getenv, os.ReadFile)
		if err != nil {
			return usagef("%v", err)
		}
		cfg.SMTP, cfg.SMTPEnabled = smtp, ok
		if cfg.RemindHour < 0 || cfg.RemindHour > 23 {
			return usagef("giờ nhắc việc phải từ 0 đến 23 (remind hour must be 0–23)")
		}
		if cfg.BaseURL == "" && cfg.SMTPEnabled {
			return usagef("cần DATCHUAN_BASE_URL (địa chỉ người dùng mở, ví dụ https://ntm.travinh.gov.vn) để đường dẫn trong thư dùng được (the public URL is needed for links in e-mails)")
		}
		if cfg.BaseURL == "" {
			cfg.BaseURL = "http://" + cfg.Addr
		}
		for _, name := range []string{"DATCHUAN_MAX_UPLOAD_MB", "DATCHUAN_REMIND_HOUR", "DATCHUAN_MIN_RATE", "DATCHUAN_RATE_WINDOW", "DATCHUAN_MAX_REQUEST"} {
			if v := e.Getenv(name); v != "" {
				if _, err := strconv.Atoi(v); err != nil {
					return usagef("%s=%q: cần một số nguyên (an integer is needed)", name, v)
				}
			}
		}
		cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
		if clock != "" {
			t, err := time.ParseInLocation("02/01/2006 15:04", clock, datchuan.Vietnam())
			if err != nil {
				return usagef("DATCHUAN_NOW %q: cần dạng dd/mm/yyyy HH:MM (expected dd/mm/yyyy HH:MM)", clock)
			}
			cfg.ClockStart = t
			cfg.ClockResumes = demo && clock == demoClock && e.Getenv("DATCHUAN_NOW") == "" && !flagSet(fs, "now")
		}
		if cfg.MaxUploadMB < 1 || cfg.MaxUploadMB > 1024 {
			return usagef("dung lượng tệp tối đa phải từ 1 đến 1024 MB (max upload must be 1–1024 MB)")
		}
		if err := checkPace(cfg); err != nil {
			return err
		}
		url, err := secret(e, "DATABASE_URL")
		if err != nil {
			return err
		}
		cfg.DatabaseURL = url
		if cfg.DatabaseURL != "" && !strings.HasPrefix(cfg.DatabaseURL, "postgres://") && !strings.HasPrefix(cfg.DatabaseURL, "postgresql://") {
			return usagef("DATABASE_URL phải bắt đầu bằng postgres:// (only PostgreSQL URLs are supported; leave it empty for SQLite)")
		}
		if cfg.Addr == "" {
			return usagef("địa chỉ lắng nghe trống (empty listen address)")
		}
		return nil
	}
	return cfg, finish
}

// checkPace refuses a pace that would drop every client or none.
func checkPace(cfg *Config) error {
	switch {
	case cfg.MinRate < 1:
		return usagef("tốc độ tối thiểu phải từ 1 byte/giây (the minimum rate must be at least 1 byte/s)")
	case cfg.RateWindow < 1 || cfg.RateWindow > 3600:
		return usagef("khoảng đo tốc độ phải từ 1 đến 3600 giây (the rate window must be 1–3600 s)")
	case cfg.MaxRequest < cfg.RateWindow || cfg.MaxRequest > 24*3600:
		return usagef("thời gian tối đa một yêu cầu phải từ khoảng đo tốc độ đến 86400 giây (the longest request must be from the rate window to 86400 s)")
	}
	return nil
}

// pace is the web server's Pace of cfg.
func (cfg Config) pace() web.Pace {
	return web.Pace{MinRate: cfg.MinRate, Window: time.Duration(cfg.RateWindow) * time.Second, Max: time.Duration(cfg.MaxRequest) * time.Second}
}

// secret reads NAME from the environment, or the file named by NAME_FILE, so
// that passwords need not sit in the environment of every process.
func secret(e env, name string) (string, error) {
	if v := e.Getenv(name); v != "" {
		return v, nil
	}
	path := e.Getenv(name + "_FILE")
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read %s_FILE: %w", name, err)
	}
	return strings.TrimSpace(string(b)), nil
}

// demoClock is where the demo's clock starts: the summer of Plan 45, when
// Trà Vinh's districts and communes existed and the 2022 targets were live.
const demoClock = "01/09/2022 08:00"

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// startClock returns a clock that reads start now and runs on with real time.
func startClock(start time.Time, real func() time.Time) func() time.Time {
	t0 := real()
	return func() time.Time { return start.Add(real().Sub(t0)) }
}

func envInt(e env, name string, def int64) int64 {
	if v, err := strconv.ParseInt(e.Getenv(name), 10, 64); err == nil {
		return v
	}
	return def
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// parseFlags parses args, turning flag errors into usage errors (exit 2).
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Cách dùng: datchuan %s [flags]\n", fs.Name())
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return errHelp
		}
		return usagef("%v", err)
	}
	return nil
}
