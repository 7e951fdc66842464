// Command load measures pages of a running datchuan on loopback: for each
// path, C clients signed in as one account request it back to back for a
// bounded time, and it prints requests per second and the 50th and 99th
// percentile latency beside the same figures for /healthz measured in the
// same run, so that every figure has its baseline.
//
//	go run ./bench/cmd/load -url http://127.0.0.1:8080 -login vpdp -password demo2022 \
//	    -c 32 -d 10s /huyen/848 /api/districts/848/status
//
// It refuses any address but loopback: load is for the machine it runs on.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"slices"
	"sync"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

type result struct {
	path     string
	n, fails int
	bytes    int64
	took     time.Duration
	lat      []time.Duration
}

func (r result) rate() float64 { return float64(r.n) / r.took.Seconds() }

func (r result) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[min(len(r.lat)-1, int(p*float64(len(r.lat))))]
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	base := fs.String("url", "http://127.0.0.1:8080", "the app (loopback only)")
	login := fs.String("login", "vpdp", "the account the clients sign in as")
	password := fs.String("password", "demo2022", "its password")
	clients := fs.Int("c", 32, "clients at once")
	dur := fs.Duration("d", 10*time.Second, "how long each path is measured (at most 2 minutes)")
	gzip := fs.Bool("gzip", false, "ask for gzip (Accept-Encoding)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	u, err := url.Parse(*base)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return errors.New("only a loopback address may be loaded")
	}
	if *dur > 2*time.Minute || *clients < 1 || *clients > 1024 {
		return errors.New("-d at most 2m, -c from 1 to 1024")
	}
	client, err := signIn(*base, *login, *password, *clients)
	if err != nil {
		return err
	}
	paths := append([]string{"/healthz"}, fs.Args()...)
	fmt.Fprintf(out, "%d clients, %s per path, as %s, gzip %v\n\n", *clients, *dur, *login, *gzip)
	fmt.Fprintf(out, "| path | req/s | × /healthz | p50 | p99 | p99 ÷ /healthz p99 | KB per response | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	var health result
	for _, p := range paths {
		r := measure(client, *base+p, *clients, *dur, *gzip)
		r.path = p
		if p == "/healthz" {
			health = r
		}
		fmt.Fprintf(out, "| `%s` | %.0f | %.2f | %s | %s | %.1f | %.1f | %d |\n", p, r.rate(), r.rate()/health.rate(),
			r.pct(0.50).Round(10*time.Microsecond), r.pct(0.99).Round(10*time.Microsecond),
			float64(r.pct(0.99))/float64(health.pct(0.99)), float64(r.bytes)/float64(max(r.n, 1))/1024, r.fails)
	}
	return nil
}

// signIn returns a client holding the account's session.
func signIn(base, login, password string, conns int) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	c := &http.Client{Jar: jar, Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(base+"/dang-nhap", url.Values{"login": {login}, "password": {password}})
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("sign in as %s: %s", login, resp.Status)
	}
	return c, nil
}

// measure has n clients request target back to back for d.
func measure(c *http.Client, target string, n int, d time.Duration, gzip bool) result {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var r result
	var wg sync.WaitGroup
	began := time.Now()
	for range n {
		wg.Go(func() {
			var lat []time.Duration
			var count, fails int
			var bytes int64
			for ctx.Err() == nil {
				req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, target, nil)
				if gzip {
					req.Header.Set("Accept-Encoding", "gzip")
				}
				t0 := time.Now()
				resp, err := c.Do(req)
				if err != nil {
					fails++
					continue
				}
				k, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				lat = append(lat, time.Since(t0))
				count, bytes = count+1, bytes+k
				if resp.StatusCode != http.StatusOK {
					fails++
				}
			}
			mu.Lock()
			r.lat, r.n, r.fails, r.bytes = append(r.lat, lat...), r.n+count, r.fails+fails, r.bytes+bytes
			mu.Unlock()
		})
	}
	wg.Wait()
	r.took = time.Since(began)
	slices.Sort(r.lat)
	return r
}
