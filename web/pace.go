package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/datchuan/datchuan"
)

// Slow links. A commune uploads a 20 MB file over a mobile link at
// 256 kbit/s for eleven minutes, and a fixed read or write timeout would
// cut it, with a misleading answer. Instead each request's deadlines move
// forward while its bytes keep moving: a client that waits for Window on
// end without sending (or taking) MinRate×Window bytes is dropped, and no
// request lasts longer than Max.

// Pace is how slow a client may be. Zero fields take the defaults.
type Pace struct {
	MinRate int64         // bytes a second, on average over Window
	Window  time.Duration // how long a client may fall short of MinRate
	Max     time.Duration // the longest a request may last, however steady
}

// Defaults of Pace: 4 KB/s over 30 s, 30 minutes at most.
const (
	DefaultMinRate = 4 << 10
	DefaultWindow  = 30 * time.Second
	DefaultMax     = 30 * time.Minute
)

func (p Pace) orDefaults() Pace {
	if p.MinRate <= 0 {
		p.MinRate = DefaultMinRate
	}
	if p.Window <= 0 {
		p.Window = DefaultWindow
	}
	if p.Max <= 0 {
		p.Max = DefaultMax
	}
	return p
}

// paced gives every request deadlines that move forward as bytes flow
// (see Pace), set through http.ResponseController on its connection.
func paced(p Pace, next http.Handler) http.Handler {
	p = p.orDefaults()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		end := time.Now().Add(p.Max)
		// Until the handler writes, its own work is bounded by Max only.
		if err := rc.SetWriteDeadline(end); err != nil {
			next.ServeHTTP(w, r) // no connection under w (a test recorder)
			return
		}
		out := &meter{pace: p, end: end, set: rc.SetWriteDeadline}
		in := &meter{pace: p, end: end, set: rc.SetReadDeadline}
		if r.Body == nil || r.Body == http.NoBody {
			// Nothing to wait for; the server's read that notices a client
			// leaving runs under this deadline.
			_ = rc.SetReadDeadline(end)
		} else {
			in.before() // the body's first bytes are due within Window
			body := &pacedBody{ReadCloser: r.Body, m: in}
			// On a copy: the server judges what is left of its own body
			// after the handler.
			r = r.WithContext(context.WithValue(r.Context(), pacedBodyKey{}, body))
			r.Body = body
		}
		next.ServeHTTP(&pacedWriter{ResponseWriter: w, m: out}, r)
		// The server still writes what the handler left buffered: client
		// time again, whatever the handler did since its last write.
		out.before()
	})
}

// meter moves one direction's deadline. Its clock runs only while the
// server waits on the client (inside a Read or a Write), so a handler's
// own work never counts against the client; every MinRate×Window bytes
// earn a fresh Window.
type meter struct {
	pace   Pace
	end    time.Time             // the request's cap
	set    func(time.Time) error // SetReadDeadline or SetWriteDeadline
	waited time.Duration         // spent waiting on the client this window
	moved  int64                 // bytes moved this window
	began  time.Time             // when the current wait began
}

// before sets the deadline of the wait that starts now: what is left of
// the window, and never past the cap.
func (m *meter) before() {
	m.began = time.Now()
	d := m.began.Add(m.pace.Window - m.waited)
	if d.After(m.end) {
		d = m.end
	}
	_ = m.set(d) // fails only without a connection, checked by paced
}

// after counts a wait that moved n bytes.
func (m *meter) after(n int) {
	m.waited += time.Since(m.began)
	m.moved += int64(n)
	if m.moved >= m.due() {
		m.waited, m.moved = 0, 0 // the window's due is paid: a new window
	}
}

// due is the bytes a window must move: MinRate for each of its seconds.
func (m *meter) due() int64 { return int64(float64(m.pace.MinRate) * m.pace.Window.Seconds()) }

type pacedBodyKey struct{}

// pacedBody is a request body under a meter; it remembers whether it was
// cut short, so that the handler can say so rather than blame the form.
type pacedBody struct {
	io.ReadCloser
	m        *meter
	received int64
	done     bool // read to its end: the rest of the request is the handler's
	cut      bool // the client stopped sending, or sent too slowly
}

func (b *pacedBody) Read(p []byte) (int, error) {
	if b.done || b.cut {
		return b.ReadCloser.Read(p)
	}
	b.m.before()
	n, err := b.ReadCloser.Read(p)
	b.m.after(n)
	b.received += int64(n)
	switch {
	case errors.Is(err, io.EOF):
		b.done = true
		// The server's read that notices a client leaving starts now.
		_ = b.m.set(b.m.end)
	case err != nil:
		b.cut = true
	}
	return n, err
}

// pacedWriter is a response writer under a meter. It has no ReadFrom on
// purpose: a file sent with sendfile would bypass the meter.
type pacedWriter struct {
	http.ResponseWriter
	m *meter
}

// Write writes p in pieces of at most a window's due, each under the
// meter: a whole file written at once would otherwise have one window to
// reach a slow client.
func (w *pacedWriter) Write(p []byte) (int, error) {
	piece := int(min(max(w.m.due(), 1<<10), 64<<10))
	written := 0
	for len(p) > 0 {
		k := min(len(p), piece)
		w.m.before()
		n, err := w.ResponseWriter.Write(p[:k])
		w.m.after(n)
		written += n
		if err != nil {
			return written, err
		}
		p = p[k:]
	}
	return written, nil
}

// FlushError sends what is buffered, under the meter (http.Flusher and
// http.ResponseController find it).
func (w *pacedWriter) FlushError() error {
	w.m.before()
	err := http.NewResponseController(w.ResponseWriter).Flush()
	w.m.after(0)
	return err
}

// Flush is FlushError for callers of http.Flusher.
func (w *pacedWriter) Flush() { _ = w.FlushError() }

// Unwrap lets http.ResponseController reach the connection.
func (w *pacedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// cutShort is the refusal of a request whose body stopped coming (the
// client went quiet, too slow, or away), or nil when it came whole: a
// form read from a cut body lacks its last fields, and blaming them would
// mislead.
func cutShort(r *http.Request) error {
	b, _ := r.Context().Value(pacedBodyKey{}).(*pacedBody)
	if b == nil || !b.cut {
		return nil
	}
	vi, en := sizeWords(b.received)
	return datchuan.Errorf(datchuan.EINVALID, "Tải lên bị ngắt giữa chừng, sau %s: đường truyền quá chậm hoặc bị gián đoạn. Hãy gửi lại "+
		"(Upload cut short after %s: the connection was too slow or broken. Please send it again)", vi, en)
}

// sizeWords is a size in KB, or in MB with one decimal (a decimal comma
// in Vietnamese).
func sizeWords(n int64) (vi, en string) {
	if n < 1<<20 {
		kb := fmt.Sprintf("%d KB", (n+1<<9)>>10)
		return kb, kb
	}
	en = fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	return strings.Replace(en, ".", ",", 1), en
}
