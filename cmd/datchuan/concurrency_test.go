package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
)

// Concurrent edits, end to end: the requests of a race go over HTTP to the
// real server, many at once, on both engines; then the change log is
// replayed against what each request was answered (concurrency_check_test.go).
// The races, one per kind of row, are in concurrency_races_test.go;
// bench/concurrency.sh runs them with 1,000 requests each.

// TestConcurrentEdits: of the edits, deletes, file additions and moves
// made from one version exactly one is made (303) and every other is
// refused with 409, saying why, the refused form keeping what was typed;
// every 303 is in the stored row and in the change log and every entry of
// the log is a 303; a deleted row never comes back; a row never holds
// more files than its limit. Each race sends raceWidth requests at a
// time; the races run one after the other, so that each one's time can be
// set beside the baseline's.
func TestConcurrentEdits(t *testing.T) {
	n := raceSize(t)
	for name, cfgFor := range engines(t) {
		t.Run(name, func(t *testing.T) {
			cfg := cfgFor(t)
			cfg.MaxUploadMB = 1
			a := demoApp(t, cfg)
			w := newRaceWorld(t, a, serve(t, mustServer(t, a, Config{InsecureCookies: true})), n)
			races := []race{w.assignments(t), w.tasks(t), w.plans(t), w.approvals(t), w.users(t)}
			t.Logf("%-8s %-10s %5s %7s %5s %5s %5s %5s %5s %5s %5s", "engine", "rows", "sent", "seconds", "303", "409", "404", "422", "lost", "back", "wrong")
			base := w.baseline(t)
			t.Logf("%-8s %-10s %5d %7.2f %47d", name, "healthz", base.sent, base.elapsed.Seconds(), base.wrong)
			var all tally
			for _, rc := range races {
				tl := w.run(t, rc, w.lastChange(t))
				t.Log(tl.line(name, rc.entity))
				all.add(tl)
				if tl.lost+tl.resurrected+tl.wrong > 0 {
					t.Errorf("%s: %d lost, %d resurrected, %d wrong answers", rc.entity, tl.lost, tl.resurrected, tl.wrong)
				}
			}
			t.Log(all.line(name, "all"))
		})
	}
}

// raceWidth is how many requests of a race are in flight at once: one
// round.
const raceWidth = 20

// raceSize is the number of requests per kind of row: 200, or
// DATCHUAN_RACE_N (the benchmark's 1,000).
func raceSize(t *testing.T) int {
	v := os.Getenv("DATCHUAN_RACE_N")
	if v == "" {
		return 200
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < raceWidth {
		t.Fatalf("DATCHUAN_RACE_N=%q: want a number of at least %d", v, raceWidth)
	}
	return n
}

// attempt is one request of a race and what it was answered.
type attempt struct {
	s       *session
	id      int64 // the row
	get     bool  // a GET (the baseline), else a form POST
	path    string
	fields  url.Values
	file    string // the name of a PDF sent with the form ("" for none)
	version int    // the version the form names (0: none)
	// marker is what the form typed that the stored change shows; a
	// refused form (form) shows it again, so nothing typed is lost.
	marker string
	form   bool
	// owns says whether a change-log entry is this request's change.
	owns func(e *entry) bool

	status int
	body   string
	err    error
}

// post sends a form (multipart when files are given) with the session's
// CSRF token, from any goroutine: it returns what went wrong rather than
// failing the test.
func (s *session) post(u string, fields url.Values, files ...upload) (status int, body, location string, err error) {
	ctype, data := "application/x-www-form-urlencoded", []byte(fields.Encode())
	if len(files) > 0 {
		ctype, data = multipartForm(fields, files...)
	}
	req, err := http.NewRequest("POST", u, bytes.NewReader(data))
	if err != nil {
		return 0, "", "", err
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("X-CSRF-Token", s.csrf)
	resp, err := s.c.Do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("Location"), err
}

func (a *attempt) send(base string) {
	if a.get {
		resp, err := a.s.c.Get(base + a.path)
		if a.err = err; err == nil {
			_, a.err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			a.status = resp.StatusCode
		}
		return
	}
	var files []upload
	if a.file != "" {
		files = append(files, upload{"files", a.file, pdf(a.file)})
	}
	a.status, a.body, _, a.err = a.s.post(base+a.path, a.fields, files...)
}

// fire sends the requests of one round at once and waits for every answer.
func fire(base string, round []*attempt) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, a := range round {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			a.send(base)
		}()
	}
	close(start)
	wg.Wait()
}

// race is a kind of row under concurrent requests.
type race struct {
	entity string // of the change log: "assignment"
	ids    []int64
	// load returns the stored row, ENOTFOUND when it is gone.
	load func(ctx context.Context, id int64) (any, error)
	// round is what row id, as it stands (row), gets in round r.
	round func(r int, id int64, row map[string]any) []*attempt
	// twin reports whether a deleted row (as it was) is back under any
	// ID; nil when rows of this kind are never deleted.
	twin func(ctx context.Context, row map[string]any) (bool, error)
	// files is the most files a row holds.
	files int
}

// tally counts the answers of a race and what its checks found.
type tally struct {
	sent, won, stale, gone, full int // answered 303, 409, 404, 422 (file limit)
	// lost counts the changes lost: overwritten by one made over it
	// without seeing it, answered 303 but not made, or not in the row (a
	// file of a 303 missing, a field not as the log says).
	lost int
	// resurrected counts deleted rows that came back, and changes of a
	// row after its delete.
	resurrected int
	// wrong counts any other answer, 409s that do not say why or drop
	// what was typed, 303s whose change was made from another version
	// than the form named (two winners of one version), entries of the
	// log no request made, and checks that could not be made.
	wrong   int
	elapsed time.Duration
}

func (tl tally) line(engine, rows string) string {
	return fmt.Sprintf("%-8s %-10s %5d %7.2f %5d %5d %5d %5d %5d %5d %5d", engine, rows, tl.sent, tl.elapsed.Seconds(),
		tl.won, tl.stale, tl.gone, tl.full, tl.lost, tl.resurrected, tl.wrong)
}

// add sums o into tl.
func (tl *tally) add(o tally) {
	tl.sent, tl.won, tl.stale, tl.gone, tl.full = tl.sent+o.sent, tl.won+o.won, tl.stale+o.stale, tl.gone+o.gone, tl.full+o.full
	tl.lost, tl.resurrected, tl.wrong = tl.lost+o.lost, tl.resurrected+o.resurrected, tl.wrong+o.wrong
	tl.elapsed += o.elapsed
}

// run sends the race's requests round by round, each round to the rows
// as they stand, and checks every row against the change log after entry
// first.
func (w *raceWorld) run(t *testing.T, rc race, first int64) tally {
	rows, initial := map[int64]map[string]any{}, map[int64]map[string]any{}
	for _, id := range rc.ids {
		row, err := w.row(rc, id)
		if err != nil || row == nil {
			t.Errorf("%s %d before the race: %v", rc.entity, id, err)
			return tally{wrong: 1}
		}
		rows[id], initial[id] = row, row
	}
	var all []*attempt
	start := time.Now()
	for r := 0; len(all) < w.n; r++ {
		var round []*attempt
		for _, id := range rc.ids {
			if row, err := w.row(rc, id); err == nil && row != nil {
				rows[id] = row // a deleted row keeps being edited as it was last seen
			}
			for _, a := range rc.round(r, id, rows[id]) {
				a.id = id
				round = append(round, a)
			}
		}
		round = round[:min(len(round), w.n-len(all))]
		fire(w.base, round)
		all = append(all, round...)
	}
	tl := tally{sent: len(all), elapsed: time.Since(start)}
	deleted := 0
	for _, id := range rc.ids {
		var mine []*attempt
		for _, a := range all {
			if a.id == id {
				mine = append(mine, a)
			}
		}
		c := &rowCheck{t: t, w: w, rc: rc, id: id, tl: &tl}
		if c.check(context.Background(), mine, initial[id], first) {
			deleted++
		}
	}
	if rc.twin != nil && deleted == 0 {
		t.Errorf("%s: no delete was made, so nothing could come back", rc.entity)
	}
	return tl
}

// baseline sends as many requests as a race, as many at once, to
// /healthz (a ping of the database): what the server costs without a
// page or a write.
func (w *raceWorld) baseline(t *testing.T) tally {
	t.Helper()
	anon := fast(newSession(t, w.base, anon))
	var tl tally
	start := time.Now()
	for tl.sent < w.n {
		round := make([]*attempt, min(raceWidth, w.n-tl.sent))
		for i := range round {
			round[i] = &attempt{s: anon, get: true, path: "/healthz"}
		}
		fire(w.base, round)
		for _, a := range round {
			if a.status != http.StatusOK {
				tl.wrong++
			}
		}
		tl.sent += len(round)
	}
	tl.elapsed = time.Since(start)
	if tl.wrong > 0 {
		t.Errorf("/healthz failed %d times", tl.wrong)
	}
	return tl
}

// fast lets a session keep as many connections open as a round needs.
func fast(s *session) *session {
	s.c.Transport = &http.Transport{MaxIdleConnsPerHost: raceWidth}
	return s
}

// lastChange is the ID of the latest change-log entry.
func (w *raceWorld) lastChange(t *testing.T) int64 {
	t.Helper()
	chs, err := w.a.stores.Changes.Changes(context.Background(), datchuan.ChangeFilter{Limit: 1})
	if err != nil || len(chs) == 0 {
		t.Fatalf("the change log: %v", err)
	}
	return chs[0].ID
}
