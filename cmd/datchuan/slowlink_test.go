package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Slow links, scaled down through the configuration: a client must move
// 8 KB in any second it waits (the production default is 4 KB/s over 30 s),
// and no request lasts more than 20 s. Each test runs for a few seconds:
// several windows, far past what a fixed timeout of one window would allow.
const (
	testMinRate = 8 << 10
	testWindow  = 1 // second
)

// slowLinkServer serves the demo over the program's own http.Server
// (httpServer), with the pace above and files up to 20 MB; it returns the
// base URL and a signed-in session of the commune Nhị Trường.
func slowLinkServer(t *testing.T) (string, *session) {
	t.Helper()
	cfg := sqliteConfig(t)
	cfg.MaxUploadMB = 20
	srv := mustServer(t, demoApp(t, cfg), Config{InsecureCookies: true, MinRate: testMinRate, RateWindow: testWindow, MaxRequest: 20})
	ts := httptest.NewUnstartedServer(srv)
	ts.Config = httpServer(srv)
	ts.Start()
	t.Cleanup(ts.Close)
	return ts.URL, newSession(t, ts.URL, "xa-nhitruong")
}

// fileForm is a multipart form with the fields, in order, and then a
// file; a field named csrf comes first, as a browser sends the page's.
func fileForm(fields [][2]string, field, name string, data []byte) (body []byte, contentType string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range fields {
		_ = mw.WriteField(f[0], f[1])
	}
	fw, _ := mw.CreateFormFile(field, name)
	_, _ = fw.Write(data)
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// pdfOf is a PDF of n bytes, different for each seed.
func pdfOf(n int, seed byte) []byte {
	b := append([]byte(fmt.Sprintf("%%PDF-1.4\n%% %d\n", seed)), bytes.Repeat([]byte{'0' + seed%10}, n)...)
	return append(b[:n-6], "\n%%EOF"...)
}

// trickle reads data piece by piece, one piece each every: a steady,
// slow sender.
type trickle struct {
	data  []byte
	piece int
	every time.Duration
}

func (r *trickle) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	time.Sleep(r.every)
	n := copy(p[:min(len(p), r.piece)], r.data)
	r.data = r.data[n:]
	return n, nil
}

// A commune on a slow link uploads for three seconds, three windows,
// steadily above the minimum rate: the upload goes through.
func TestSlowUploadGoesThrough(t *testing.T) {
	base, s := slowLinkServer(t)
	body, ctype := fileForm(nil, "file", "bien-ban.pdf", pdfOf(120<<10, 1))
	// 4 KB every 100 ms: 40 KB/s, five times the minimum, for 3 s.
	req, _ := http.NewRequest("POST", base+"/api/files", &trickle{data: body, piece: 4 << 10, every: 100 * time.Millisecond})
	req.ContentLength = int64(len(body))
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("X-CSRF-Token", s.csrf)
	start := time.Now()
	resp, err := s.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	took := time.Since(start)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("a steady slow upload: %s after %v\n%s", resp.Status, took, got)
	}
	if took < 2*time.Second {
		t.Errorf("the upload took %v: the test must outlast the window several times", took)
	}
}

// A client that stops sending halfway is dropped after one window, and
// told that its upload was cut, not that a field is missing: through the
// API (the token in a header) and through the report form (the token a
// field of the form, as a browser sends it).
func TestStalledUploadIsCut(t *testing.T) {
	base, s := slowLinkServer(t)
	u, _ := url.Parse(base)
	var cookie *http.Cookie
	for _, c := range s.c.Jar.Cookies(u) {
		if c.Name == "datchuan_session" {
			cookie = c
		}
	}
	for _, tc := range []struct {
		name, path string
		header     bool // the CSRF token in a header
		want       string
	}{
		{"API", "/api/files", true, "Upload cut short after 32 KB"},
		{"form", report11, false, "Tải lên bị ngắt giữa chừng, sau 32 KB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fields := [][2]string{{"result", "dat"}, {"as_of", "20/08/2022"}, {"replace_confirmed", "1"}}
			extra := "X-CSRF-Token: " + s.csrf + "\r\n"
			if !tc.header {
				fields, extra = append([][2]string{{"csrf", s.csrf}}, fields...), ""
			}
			field := map[bool]string{true: "file", false: "evidence"}[tc.header]
			body, ctype := fileForm(fields, field, "bien-ban.pdf", pdfOf(64<<10, 2))
			conn, err := net.Dial("tcp", u.Host)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nCookie: %s=%s\r\n%s\r\n",
				tc.path, u.Host, ctype, len(body), cookie.Name, cookie.Value, extra)
			if _, err := conn.Write(body[:32<<10]); err != nil {
				t.Fatal(err)
			}
			// Then nothing: the server answers within a few windows.
			start := time.Now()
			_ = conn.SetReadDeadline(start.Add(10 * time.Second))
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatalf("no answer to a stalled upload after %v: %v", time.Since(start), err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if took := time.Since(start); took > 4*time.Second {
				t.Errorf("a stalled upload was answered after %v, want about one window (%d s)", took, testWindow)
			}
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(got), tc.want) {
				t.Errorf("a stalled upload: %s, want 400 with %q\n%.600s", resp.Status, tc.want, got)
			}
		})
	}
}

// A 10 MB file read slowly, over several windows, arrives whole; one
// whose reader goes quiet for three windows is cut.
func TestSlowDownload(t *testing.T) {
	base, s := slowLinkServer(t)
	data := pdfOf(10<<20, 3)
	body, ctype := fileForm(nil, "file", "ban-do.pdf", data)
	st, resp := s.do(t, "POST", base+"/api/files", ctype, body)
	if st != http.StatusCreated {
		t.Fatalf("upload: %d %.300s", st, resp)
	}
	var f struct{ ID string }
	if err := json.Unmarshal([]byte(resp), &f); err != nil {
		t.Fatal(err)
	}
	// A small receive buffer, so that the server waits on the reader
	// rather than on its own kernel's buffers.
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err == nil {
			_ = c.(*net.TCPConn).SetReadBuffer(256 << 10)
		}
		return c, err
	}}
	defer tr.CloseIdleConnections()
	client := &http.Client{Jar: s.c.Jar, Transport: tr}
	download := func(pause func(read int) time.Duration) ([]byte, error) {
		resp, err := client.Get(base + "/tep/" + f.ID)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		var got bytes.Buffer
		buf := make([]byte, 32<<10)
		for {
			n, err := resp.Body.Read(buf)
			got.Write(buf[:n])
			if err == io.EOF {
				return got.Bytes(), nil
			}
			if err != nil {
				return got.Bytes(), err
			}
			time.Sleep(pause(got.Len()))
		}
	}

	start := time.Now()
	got, err := download(func(int) time.Duration { return 10 * time.Millisecond }) // ≤ 3 MB/s
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("a slow download: %d of %d bytes after %v, %v", len(got), len(data), time.Since(start), err)
	}
	t.Logf("the download took %v", time.Since(start))

	stalled := false
	got, err = download(func(read int) time.Duration {
		if read >= 1<<20 && !stalled {
			stalled = true
			return 3 * testWindow * time.Second
		}
		return 0
	})
	t.Logf("the stalled download: %d of %d bytes, %v", len(got), len(data), err)
	if err == nil || len(got) == len(data) {
		t.Errorf("a download whose reader stalled for three windows went on: %d of %d bytes, %v", len(got), len(data), err)
	}
}

// The pace is configured in bytes a second and seconds, from flags or
// the environment, and refused when it would drop every client or none.
func TestPaceConfig(t *testing.T) {
	parse := func(vars map[string]string, args ...string) (*Config, error) {
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		e := quietEnv()
		e.Getenv = func(k string) string { return vars[k] }
		cfg, finish := configFlags(fs, e, false)
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		return cfg, finish()
	}
	cfg, err := parse(nil)
	if err != nil || cfg.MinRate != 4096 || cfg.RateWindow != 30 || cfg.MaxRequest != 1800 {
		t.Errorf("defaults: %+v, %v", cfg, err)
	}
	cfg, err = parse(map[string]string{"DATCHUAN_MIN_RATE": "1024", "DATCHUAN_RATE_WINDOW": "2"}, "-max-request", "600")
	if err != nil || cfg.MinRate != 1024 || cfg.RateWindow != 2 || cfg.MaxRequest != 600 {
		t.Errorf("from the environment and a flag: %+v, %v", cfg, err)
	}
	if p := cfg.pace(); p.MinRate != 1024 || p.Window != 2*time.Second || p.Max != 10*time.Minute {
		t.Errorf("the web server's pace: %+v", p)
	}
	for _, vars := range []map[string]string{
		{"DATCHUAN_RATE_WINDOW": "30s"},
		{"DATCHUAN_MIN_RATE": "0"},
		{"DATCHUAN_RATE_WINDOW": "0"},
		{"DATCHUAN_RATE_WINDOW": "60", "DATCHUAN_MAX_REQUEST": "30"},
	} {
		if _, err := parse(vars); err == nil {
			t.Errorf("%v accepted", vars)
		}
	}
}
