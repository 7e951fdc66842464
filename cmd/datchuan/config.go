package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

// Config is the whole configuration of a datchuan process, filled once from
// flags and the environment and passed explicitly.
type Config struct {
	DatabaseURL string // empty: embedded SQLite in DataDir; postgres://... : PostgreSQL
	DataDir     string // where SQLite keeps its file
	Addr        string // where the web server listens
	SetsDir     string // extra criteria set files, added to the shipped ones
	Demo        bool   // fill the database with the Trà Vinh demo
}

// configFlags registers the shared flags on fs, with defaults from the
// environment (DATABASE_URL, DATCHUAN_*; a secret also from VAR_FILE).
func configFlags(fs *flag.FlagSet, e env, demo bool) (*Config, func() error) {
	cfg := &Config{Demo: demo}
	defaultDir := "datchuan-data"
	if demo {
		defaultDir = "datchuan-demo"
	}
	fs.StringVar(&cfg.DataDir, "data", or(e.Getenv("DATCHUAN_DATA_DIR"), defaultDir), "thư mục dữ liệu (data directory; env DATCHUAN_DATA_DIR)")
	fs.StringVar(&cfg.Addr, "addr", or(e.Getenv("DATCHUAN_ADDR"), "localhost:8080"), "địa chỉ lắng nghe (listen address; env DATCHUAN_ADDR)")
	fs.StringVar(&cfg.SetsDir, "sets", e.Getenv("DATCHUAN_SETS_DIR"), "thư mục bộ tiêu chí bổ sung (extra criteria set files; env DATCHUAN_SETS_DIR)")
	finish := func() error {
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
