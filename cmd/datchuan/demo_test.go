package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/datchuan/datchuan/web"
)

// The helpers that start the app for the end-to-end tests.

// quietLog discards what the app logs during a test.
func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// quietEnv is an environment with no variables and no output.
func quietEnv() env {
	return env{Getenv: func(string) string { return "" }, Stdout: io.Discard, Stderr: io.Discard}
}

// sqliteConfig is a fresh SQLite database, for tests that need one engine
// only (the storage itself is tested on both).
func sqliteConfig(t *testing.T) Config { return Config{DataDir: t.TempDir()} }

// demoApp opens the demo on cfg's database, its clock starting at the
// demo's 01/09/2022 08:00, closed when the test ends.
func demoApp(t *testing.T, cfg Config) *app {
	t.Helper()
	cfg.Demo, cfg.ClockStart = true, demoStart(t)
	a, err := openApp(context.Background(), cfg, quietEnv(), quietLog())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// mustServer is the web server of a, with the settings of cfg that the web
// layer reads (InsecureCookies, TrustProxy); the upload limit is the app's.
func mustServer(t *testing.T, a *app, cfg Config) *web.Server {
	t.Helper()
	srv, err := a.server(context.Background(), cfg, a.log)
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// serve serves h until the test ends and returns its base URL.
func serve(t *testing.T, h http.Handler) string {
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

// onLocalhost names a test server by localhost, where browsers keep Secure
// cookies over plain HTTP.
func onLocalhost(base string) string {
	_, port, _ := net.SplitHostPort(base[len("http://"):])
	return "http://localhost:" + port
}

// demoServer serves the demo on SQLite; insecure drops the Secure cookie
// flag, for Go's cookie jar over plain HTTP. Files are limited to 1 MB.
func demoServer(t *testing.T, insecure bool) string {
	t.Helper()
	cfg := sqliteConfig(t)
	cfg.MaxUploadMB = 1
	return serve(t, mustServer(t, demoApp(t, cfg), Config{InsecureCookies: insecure}))
}
