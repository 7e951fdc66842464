package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress shows how far a long step is: on a terminal a bar redrawn in
// place at most ten times a second; elsewhere (a log, a pipe) a plain line
// at every tenth of the way, so that a log stays short.
type progress struct {
	w     io.Writer
	tty   bool
	label string
	unit  string // what done counts: "số liệu"
	total float64
	start time.Time
	now   func() time.Time
	drawn time.Time // when the bar was last drawn
	tenth int       // the last tenth written as a line
	done  int
}

// newProgress starts a progress of a step whose length is total (in any
// measure: done is shown as a count of unit, the bar as a share of total).
func newProgress(w io.Writer, label, unit string, total float64, now func() time.Time) *progress {
	return &progress{w: w, tty: isTerminal(w), label: label, unit: unit, total: total, start: now(), now: now, tenth: -1}
}

// isTerminal reports whether w is a terminal, where a bar may be redrawn.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Set says how far the step is: at (of total) and done (of unit).
func (p *progress) Set(at float64, done int) {
	p.done = done
	share := 1.0
	if p.total > 0 {
		share = min(1, at/p.total)
	}
	t := p.now()
	if p.tty {
		if t.Sub(p.drawn) >= 100*time.Millisecond {
			p.drawn = t
			fmt.Fprintf(p.w, "\r%s %s", p.label, p.line(share, t))
		}
		return
	}
	if tenth := int(share * 10); tenth > p.tenth {
		p.tenth = tenth
		fmt.Fprintf(p.w, "%s: %s\n", p.label, p.line(share, t))
	}
}

// Finish draws the step as done and ends its line.
func (p *progress) Finish() {
	t := p.now()
	if p.tty {
		fmt.Fprintf(p.w, "\r%s %s\n", p.label, p.line(1, t))
	} else if p.tenth < 10 {
		fmt.Fprintf(p.w, "%s: %s\n", p.label, p.line(1, t))
	}
}

// line is "[#####-----]  50% 123.456 số liệu · 12,3 s · 10.037/s".
func (p *progress) line(share float64, t time.Time) string {
	const width = 30
	full := int(share * width)
	took := t.Sub(p.start)
	s := fmt.Sprintf("[%s%s] %3d%% %s %s · %s", strings.Repeat("#", full), strings.Repeat("-", width-full),
		int(share*100), thousands(int64(p.done)), p.unit, seconds(took))
	if took > 0 && p.done > 0 {
		s += " · " + thousands(int64(float64(p.done)/took.Seconds())) + "/s"
	}
	return s
}

// thousands writes n the Vietnamese way: 1.234.567.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// seconds writes d in seconds with one decimal and a decimal comma: 12,3 s.
func seconds(d time.Duration) string {
	return strings.Replace(fmt.Sprintf("%.1f s", d.Seconds()), ".", ",", 1)
}
