package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/housekeep"
)

// runServe runs the web server until ctx ends; with demo it first fills the
// data directory (./datchuan-demo by default) with the Trà Vinh demo.
func runServe(ctx context.Context, args []string, e env, isDemo bool) error {
	fs := flag.NewFlagSet(map[bool]string{false: "serve", true: "demo"}[isDemo], flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	cfg, finish := configFlags(fs, e, isDemo)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := finish(); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.Stderr, nil))
	a, err := openApp(ctx, *cfg, e, log)
	if err != nil {
		return err
	}
	defer a.Close()

	job, err := a.reminders(*cfg)
	if err != nil {
		return err
	}
	srv, err := a.server(ctx, *cfg, log)
	if err != nil {
		return err
	}
	// Read the model before the first request, so that it is served at
	// once.
	start := time.Now()
	if err := a.model.Load(ctx); err != nil {
		return err
	}
	log.Info("read model loaded", "took", time.Since(start).Round(time.Millisecond))
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	hs := httpServer(srv)
	url := "http://" + ln.Addr().String()
	if host, port, err := net.SplitHostPort(cfg.Addr); err == nil && host == "localhost" {
		// Browsers keep Secure cookies of http://localhost, not of http://127.0.0.1.
		url = "http://localhost:" + port
	}
	fmt.Fprintf(e.Stdout, "datchuan đang chạy tại %s (cơ sở dữ liệu: %s)\n", url, a.db.Engine())
	if a.demo {
		fmt.Fprintf(e.Stdout, "DỮ LIỆU TRÌNH DIỄN — Trà Vinh, Kế hoạch 45/KH-BCĐ ngày %s (demo data)\n", demo.CaseDate.VN())
		fmt.Fprintf(e.Stdout, "Đồng hồ của bản trình diễn: %s (demo clock)\n", a.now().In(datchuan.Vietnam()).Format("02/01/2006 15:04"))
		fmt.Fprintf(e.Stdout, "Tài khoản trình diễn, mật khẩu %q (demo accounts):\n", demo.Password)
		for _, acc := range demo.Accounts {
			scope := acc.Scope
			if scope != "" {
				scope = " — " + scope
			}
			fmt.Fprintf(e.Stdout, "  %-16s %s%s\n", acc.Login, acc.Kind.LabelVi(), scope)
		}
		fmt.Fprintf(e.Stdout, "Mở %s/dang-nhap (open in a browser)\n", url)
	}
	if job != nil {
		go job.Run(ctx, 30*time.Second)
		fmt.Fprintf(e.Stdout, "Thư nhắc việc: gửi qua %s:%d từ %02d:00 hằng ngày (daily digests on)\n", cfg.SMTP.Host, cfg.SMTP.Port, cfg.RemindHour)
	} else {
		fmt.Fprintln(e.Stdout, "Thư nhắc việc: tắt, chưa đặt DATCHUAN_SMTP_HOST (e-mail off)")
	}
	// Unused uploads are removed whether mail is on or not (housekeep says
	// why two instances may both run it).
	go (&housekeep.Job{Tx: a.db, Now: a.now, Log: log}).Run(ctx, time.Hour)
	go runRounds(ctx, a.svc, log, time.Minute)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// httpServer is the HTTP server of h. It has no fixed read or write
// timeout: a commune's upload over a slow mobile link lasts minutes, and
// the web server moves each request's deadlines while its bytes keep
// coming (web.Pace). Headers still come within 10 s.
func httpServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
}
