package mail

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/textproto"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/datchuan/datchuan/internal/smtptest"
)

const (
	from    = "datchuan <no-reply@example.gov.vn>"
	subject = "Nhắc việc: 3 việc quá hạn"
	// The text has what quoted-printable and SMTP must carry through: a
	// line of a lone dot, leading dots, "=", trailing spaces, a line longer
	// than 76 characters, an empty line and no newline at the end.
	text = "Kính gửi anh Nguyễn Văn An,\n" +
		"\n" +
		"Có 3 việc quá hạn trong kế hoạch xây dựng nông thôn mới của xã Nghĩa Tân, huyện Cầu Kè, tỉnh Trà Vinh:\n" +
		".\n" +
		"..tiêu chí 17 = môi trường   \n" +
		"- Tiêu chí 2: Giao thông (hạn 15/08/2022)\n" +
		"Trân trọng."
)

// sender starts a Sender for s; change adjusts its Config first.
func sender(t *testing.T, s *smtptest.Server, sec Security, change func(*Config)) *Sender {
	t.Helper()
	cfg := Config{Host: s.Host, Port: s.Port, Security: sec, From: from, RootCAs: s.CertPool(), Timeout: 10 * time.Second}
	if change != nil {
		change(&cfg)
	}
	snd, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return snd
}

func TestSendStartTLSAuth(t *testing.T) {
	s := smtptest.Start(t, smtptest.Options{TLS: true, Auth: map[string]string{"datchuan": "mật-khẩu"}})
	snd := sender(t, s, StartTLS, func(c *Config) { c.User, c.Password = "datchuan", "mật-khẩu" })
	msg := Message{To: []string{"Nguyễn Văn An <an@example.gov.vn>"}, Subject: subject, Text: text}
	if err := snd.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	got := s.Wait(t, 1, 5*time.Second)[0]

	if got.Subject != subject {
		t.Errorf("Subject = %q, want %q", got.Subject, subject)
	}
	if got.Text != text {
		t.Errorf("Text = %q, want %q", got.Text, text)
	}
	if !got.TLS || got.AuthUser != "datchuan" {
		t.Errorf("TLS %v, AuthUser %q; want TLS as datchuan", got.TLS, got.AuthUser)
	}
	if got.From != "no-reply@example.gov.vn" || !slices.Equal(got.To, []string{"an@example.gov.vn"}) {
		t.Errorf("envelope %q → %q", got.From, got.To)
	}
	to, err := got.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Nguyễn Văn An" || to[0].Address != "an@example.gov.vn" {
		t.Errorf("To: %v (%v)", to, err)
	}
	fromH, err := got.Header.AddressList("From")
	if err != nil || len(fromH) != 1 || fromH[0].Name != "datchuan" || fromH[0].Address != "no-reply@example.gov.vn" {
		t.Errorf("From: %v (%v)", fromH, err)
	}
	for k, want := range map[string]string{
		"Mime-Version":              "1.0",
		"Content-Type":              "text/plain; charset=utf-8",
		"Content-Transfer-Encoding": "quoted-printable",
		"Auto-Submitted":            "auto-generated",
	} {
		if v := got.Header.Get(k); v != want {
			t.Errorf("%s: %q, want %q", k, v, want)
		}
	}
	if id := got.Header.Get("Message-Id"); !regexp.MustCompile(`^<[0-9a-f]{32}@example\.gov\.vn>$`).MatchString(id) {
		t.Errorf("Message-ID: %q", id)
	}
	if d, err := got.Header.Date(); err != nil || time.Since(d).Abs() > time.Minute {
		t.Errorf("Date: %v (%v)", d, err)
	}
	checkWire(t, got.Data)

	cmds := s.Commands()
	if i, j := slices.Index(cmds, "STARTTLS"), slices.Index(cmds, "AUTH"); i < 0 || j < i {
		t.Errorf("commands %q: want AUTH after STARTTLS", cmds)
	}
}

// checkWire checks the message as sent: 7-bit, CRLF line ends only, body
// lines within quoted-printable's 76 characters and header lines within
// the hard limit of 998.
func checkWire(t *testing.T, data []byte) {
	t.Helper()
	for i, b := range data {
		if b >= 0x80 {
			t.Fatalf("8-bit byte at %d in %q", i, data)
		}
		if b == '\n' && (i == 0 || data[i-1] != '\r') {
			t.Fatalf("bare LF at %d in %q", i, data)
		}
		if b == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
			t.Fatalf("bare CR at %d in %q", i, data)
		}
	}
	head, body, ok := bytes.Cut(data, []byte("\r\n\r\n"))
	if !ok {
		t.Fatalf("no empty line after the header in %q", data)
	}
	for l := range strings.SplitSeq(string(head), "\r\n") {
		if len(l) > 998 {
			t.Errorf("header line of %d characters: %q", len(l), l)
		}
	}
	for l := range strings.SplitSeq(string(body), "\r\n") {
		if len(l) > 76 {
			t.Errorf("body line of %d characters: %q", len(l), l)
		}
	}
}

func TestLongSubjectIsFolded(t *testing.T) {
	s := smtptest.Start(t, smtptest.Options{})
	snd := sender(t, s, None, nil)
	long := "Báo cáo tổng hợp hằng ngày: tiêu chí nông thôn mới của xã Nghĩa Tân, huyện Cầu Kè, tỉnh Trà Vinh — 12 việc cần xử lý"
	ascii := strings.Repeat("daily digest ", 12) + "end"
	for _, sub := range []string{long, ascii} {
		if err := snd.Send(context.Background(), Message{To: []string{"an@example.gov.vn"}, Subject: sub, Text: "x\n"}); err != nil {
			t.Fatal(err)
		}
	}
	got := s.Wait(t, 2, 5*time.Second)
	for i, sub := range []string{long, ascii} {
		if got[i].Subject != sub {
			t.Errorf("Subject = %q, want %q", got[i].Subject, sub)
		}
		if !bytes.Contains(got[i].Data, []byte("\r\n ")) {
			t.Errorf("subject %q not folded:\n%s", sub, got[i].Data)
		}
		if got[i].Text != "x\n" {
			t.Errorf("Text = %q, want %q", got[i].Text, "x\n")
		}
		checkWire(t, got[i].Data)
	}
}

func TestSendImplicitTLS(t *testing.T) {
	s := smtptest.Start(t, smtptest.Options{Implicit: true, Auth: map[string]string{"u": "p"}})
	snd := sender(t, s, TLS, func(c *Config) { c.User, c.Password = "u", "p" })
	if err := snd.Send(context.Background(), Message{To: []string{"an@example.gov.vn"}, Subject: subject, Text: text}); err != nil {
		t.Fatal(err)
	}
	got := s.Wait(t, 1, 5*time.Second)[0]
	if !got.TLS || got.AuthUser != "u" || got.Subject != subject || got.Text != text {
		t.Errorf("TLS %v, AuthUser %q, Subject %q, Text %q", got.TLS, got.AuthUser, got.Subject, got.Text)
	}
}

func TestSendPlain(t *testing.T) {
	s := smtptest.Start(t, smtptest.Options{})
	snd := sender(t, s, None, nil)
	to := []string{"an@example.gov.vn", "Trần Thị Bình <binh@example.gov.vn>"}
	if err := snd.Send(context.Background(), Message{To: to, Subject: subject, Text: text}); err != nil {
		t.Fatal(err)
	}
	got := s.Wait(t, 1, 5*time.Second)[0]
	if got.TLS || got.AuthUser != "" || got.Subject != subject || got.Text != text {
		t.Errorf("TLS %v, AuthUser %q, Subject %q, Text %q", got.TLS, got.AuthUser, got.Subject, got.Text)
	}
	if !slices.Equal(got.To, []string{"an@example.gov.vn", "binh@example.gov.vn"}) {
		t.Errorf("envelope to %q", got.To)
	}
	if slices.Contains(s.Commands(), "AUTH") {
		t.Error("AUTH without a configured user")
	}
}

// A relay on this machine may take the password without TLS: it cannot be
// overheard on the way.
func TestSendPlainAuthOnLoopback(t *testing.T) {
	s := smtptest.Start(t, smtptest.Options{Auth: map[string]string{"u": "p"}})
	snd := sender(t, s, None, func(c *Config) { c.User, c.Password = "u", "p" })
	if err := snd.Send(context.Background(), Message{To: []string{"an@example.gov.vn"}, Subject: "x", Text: "y"}); err != nil {
		t.Fatal(err)
	}
	if got := s.Wait(t, 1, 5*time.Second)[0]; got.AuthUser != "u" {
		t.Errorf("AuthUser %q", got.AuthUser)
	}
}

func TestStartTLSRequired(t *testing.T) {
	s := smtptest.Start(t, smtptest.Options{Auth: map[string]string{"u": "p"}}) // no STARTTLS
	snd := sender(t, s, StartTLS, func(c *Config) { c.User, c.Password = "u", "p" })
	err := snd.Send(context.Background(), Message{To: []string{"an@example.gov.vn"}, Subject: "x", Text: "y"})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") || !strings.HasPrefix(err.Error(), "mail: send to an@example.gov.vn: ") {
		t.Fatalf("Send = %v, want an error about STARTTLS", err)
	}
	if n := len(s.Messages()); n != 0 {
		t.Errorf("%d messages sent", n)
	}
	if cmds := s.Commands(); !slices.Equal(cmds, []string{"EHLO"}) {
		t.Errorf("commands %q, want only EHLO: no AUTH and no MAIL in clear text", cmds)
	}
}

func TestUntrustedCertificate(t *testing.T) {
	s := smtptest.Start(t, smtptest.Options{TLS: true})
	snd := sender(t, s, StartTLS, func(c *Config) { c.RootCAs = nil }) // system roots
	err := snd.Send(context.Background(), Message{To: []string{"an@example.gov.vn"}, Subject: "x", Text: "y"})
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("Send = %v, want a certificate error", err)
	}
	if Permanent(err) {
		t.Error("a certificate error counts as permanent; the operator may fix it")
	}
	if n := len(s.Messages()); n != 0 {
		t.Errorf("%d messages sent", n)
	}
}

func TestWrongPassword(t *testing.T) {
	s := smtptest.Start(t, smtptest.Options{TLS: true, Auth: map[string]string{"u": "p"}})
	snd := sender(t, s, StartTLS, func(c *Config) { c.User, c.Password = "u", "wrong" })
	err := snd.Send(context.Background(), Message{To: []string{"an@example.gov.vn"}, Subject: "x", Text: "y"})
	var te *textproto.Error
	if !errors.As(err, &te) || te.Code != 535 {
		t.Fatalf("Send = %v, want a 535 reply", err)
	}
	if Permanent(err) {
		t.Error("a refused password counts as permanent; the operator may fix it and the message should go then")
	}
	if n := len(s.Messages()); n != 0 {
		t.Errorf("%d messages sent", n)
	}
}

func TestRejectedRecipientSendsNothing(t *testing.T) {
	s := smtptest.Start(t, smtptest.Options{RejectRcpt: func(a string) bool { return a == "gone@example.gov.vn" }})
	snd := sender(t, s, None, nil)
	err := snd.Send(context.Background(), Message{To: []string{"an@example.gov.vn", "gone@example.gov.vn"}, Subject: "x", Text: "y"})
	if err == nil || !strings.Contains(err.Error(), "gone@example.gov.vn") || !Permanent(err) {
		t.Fatalf("Send = %v, want a permanent error naming the recipient", err)
	}
	if n := len(s.Messages()); n != 0 {
		t.Errorf("%d messages sent; want none when a recipient is refused", n)
	}
}

func TestTemporaryFailureThenRetry(t *testing.T) {
	s := smtptest.Start(t, smtptest.Options{FailData: errors.New("mailbox busy")})
	snd := sender(t, s, None, nil)
	m := Message{To: []string{"an@example.gov.vn"}, Subject: subject, Text: text}
	err := snd.Send(context.Background(), m)
	var te *textproto.Error
	if !errors.As(err, &te) || te.Code != 451 || Permanent(err) {
		t.Fatalf("Send = %v, want a temporary 451", err)
	}
	s.SetFailData(nil)
	if err := snd.Send(context.Background(), m); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if got := s.Wait(t, 1, 5*time.Second); got[0].Text != text {
		t.Errorf("Text = %q", got[0].Text)
	}
}

func TestHeaders(t *testing.T) {
	s := smtptest.Start(t, smtptest.Options{})
	snd := sender(t, s, None, nil)
	m := Message{To: []string{"an@example.gov.vn"}, Subject: "x", Text: "y", Headers: map[string]string{
		"auto-submitted":  "auto-notified",
		"X-Datchuan-Kind": "tóm tắt",
	}}
	if err := snd.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := s.Wait(t, 1, 5*time.Second)[0]
	if v := got.Header["Auto-Submitted"]; !slices.Equal(v, []string{"auto-notified"}) {
		t.Errorf("Auto-Submitted: %q", v)
	}
	if v := got.Header.Get("X-Datchuan-Kind"); v != "=?utf-8?q?t=C3=B3m_t=E1=BA=AFt?=" {
		t.Errorf("X-Datchuan-Kind: %q, want it encoded", v)
	}
}

func TestInvalidMessages(t *testing.T) {
	s := smtptest.Start(t, smtptest.Options{})
	snd := sender(t, s, None, nil)
	ok := Message{To: []string{"an@example.gov.vn"}, Subject: "x", Text: "y"}
	for name, change := range map[string]func(*Message){
		"CRLF in subject":      func(m *Message) { m.Subject = "Nhắc việc\r\nBcc: all@example.gov.vn" },
		"LF in subject":        func(m *Message) { m.Subject = "a\nb" },
		"LF in recipient":      func(m *Message) { m.To = []string{"an@example.gov.vn\nBcc: all@example.gov.vn"} },
		"CR in recipient name": func(m *Message) { m.To = []string{"\"A\rB\" <an@example.gov.vn>"} },
		"LF in header value":   func(m *Message) { m.Headers = map[string]string{"X-Kind": "a\nBcc: all@example.gov.vn"} },
		"colon in header name": func(m *Message) { m.Headers = map[string]string{"Bcc: x@example.gov.vn\r\nX": "y"} },
		"header set by Send":   func(m *Message) { m.Headers = map[string]string{"from": "evil@example.gov.vn"} },
		"duplicate header":     func(m *Message) { m.Headers = map[string]string{"X-Kind": "a", "x-kind": "b"} },
		"no recipient":         func(m *Message) { m.To = nil },
		"bad address":          func(m *Message) { m.To = []string{"not an address"} },
		"non-ASCII address":    func(m *Message) { m.To = []string{"nguyễn@example.gov.vn"} },
		"invalid UTF-8":        func(m *Message) { m.Text = "\xff" },
	} {
		m := ok
		change(&m)
		err := snd.Send(context.Background(), m)
		if !errors.Is(err, ErrInvalid) || !Permanent(err) || !strings.HasPrefix(err.Error(), "mail: send to ") {
			t.Errorf("%s: Send = %v, want a permanent ErrInvalid", name, err)
		}
		if err != nil && strings.ContainsAny(err.Error(), "\r\n") {
			t.Errorf("%s: the error %q carries the line break on", name, err)
		}
	}
	if cmds := s.Commands(); len(cmds) != 0 {
		t.Errorf("invalid messages reached the server: %q", cmds)
	}
}

// silent accepts connections and never says a word, like a relay behind a
// firewall that drops replies or a process stuck before its greeting.
func silent(t *testing.T) (host string, port int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
		wg    sync.WaitGroup
	)
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	})
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
		for _, c := range conns {
			c.Close()
		}
	})
	a := ln.Addr().(*net.TCPAddr)
	return a.IP.String(), a.Port
}

func TestDeadline(t *testing.T) {
	host, port := silent(t)
	for _, sec := range []Security{None, StartTLS, TLS} {
		t.Run(string(sec), func(t *testing.T) {
			t.Run("context deadline", func(t *testing.T) {
				snd, err := New(Config{Host: host, Port: port, Security: sec, From: from, Timeout: time.Minute})
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
				defer cancel()
				checkCut(t, func() error {
					return snd.Send(ctx, Message{To: []string{"an@example.gov.vn"}, Subject: "x", Text: "y"})
				},
					context.DeadlineExceeded)
			})
			t.Run("Config.Timeout", func(t *testing.T) {
				snd, err := New(Config{Host: host, Port: port, Security: sec, From: from, Timeout: 200 * time.Millisecond})
				if err != nil {
					t.Fatal(err)
				}
				checkCut(t, func() error {
					return snd.Send(context.Background(), Message{To: []string{"an@example.gov.vn"}, Subject: "x", Text: "y"})
				}, context.DeadlineExceeded)
			})
			t.Run("cancel", func(t *testing.T) {
				snd, err := New(Config{Host: host, Port: port, Security: sec, From: from, Timeout: time.Minute})
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithCancel(context.Background())
				time.AfterFunc(200*time.Millisecond, cancel)
				checkCut(t, func() error {
					return snd.Send(ctx, Message{To: []string{"an@example.gov.vn"}, Subject: "x", Text: "y"})
				},
					context.Canceled)
			})
		})
	}
}

// checkCut runs send, which should be cut off after about 200 ms with want.
func checkCut(t *testing.T, send func() error, want error) {
	t.Helper()
	start := time.Now()
	err := send()
	took := time.Since(start)
	if !errors.Is(err, want) {
		t.Errorf("Send = %v, want %v", err, want)
	}
	if Permanent(err) {
		t.Errorf("a timeout counts as permanent: %v", err)
	}
	if took < 150*time.Millisecond || took > 5*time.Second {
		t.Errorf("Send returned after %s, want about 200ms", took)
	}
}

func TestNew(t *testing.T) {
	good := Config{Host: "smtp.example.gov.vn", Port: 587, From: from}
	if snd, err := New(good); err != nil {
		t.Fatal(err)
	} else if snd.cfg.Security != StartTLS || snd.cfg.HelloName != "localhost" || snd.cfg.Timeout != DefaultTimeout {
		t.Errorf("defaults: %+v", snd.cfg)
	}
	for name, tc := range map[string]struct {
		change func(*Config)
		want   string
	}{
		"no host":          {func(c *Config) { c.Host = "" }, "invalid host"},
		"port 0":           {func(c *Config) { c.Port = 0 }, "(invalid port)"},
		"port 65536":       {func(c *Config) { c.Port = 65536 }, "(invalid port)"},
		"security":         {func(c *Config) { c.Security = "ssl" }, "(unknown security)"},
		"from":             {func(c *Config) { c.From = "datchuan" }, "(invalid from address)"},
		"from line break":  {func(c *Config) { c.From = "a@example.gov.vn\r\nBcc: b@example.gov.vn" }, "(invalid from address)"},
		"hello name":       {func(c *Config) { c.HelloName = "a b" }, "(invalid hello name)"},
		"password no user": {func(c *Config) { c.Password = "p" }, "(password without user)"},
		"password in clear": {func(c *Config) {
			c.Security, c.User, c.Password = None, "u", "p"
		}, "(credentials need TLS)"},
	} {
		cfg := good
		tc.change(&cfg)
		_, err := New(cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "mail: ") {
			t.Errorf("%s: New = %v, want an error with %q", name, err, tc.want)
		}
	}
	for _, host := range []string{"localhost", "127.0.0.1", "127.0.0.2", "::1"} {
		cfg := good
		cfg.Host, cfg.Security, cfg.User, cfg.Password = host, None, "u", "p"
		if _, err := New(cfg); err != nil {
			t.Errorf("password in clear text to %s: %v", host, err)
		}
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Subject: short", "Subject: short"},
		{"Subject: " + strings.Repeat("a", 100), "Subject: " + strings.Repeat("a", 100)},
		{"X: " + strings.Repeat("a", 70) + " bb cc", "X: " + strings.Repeat("a", 70) + " bb\r\n cc"},
		{"X: " + strings.Repeat("a", 80) + " bb cc", "X: " + strings.Repeat("a", 80) + "\r\n bb cc"},
		{"X: " + strings.Repeat("a", 80) + "  bb", "X: " + strings.Repeat("a", 80) + "  bb"},
	} {
		if got := fold(tc.in); got != tc.want {
			t.Errorf("fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
