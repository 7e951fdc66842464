package smtptest

import (
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// raw speaks SMTP line by line, to check the server's replies to things a
// well-behaved client library never sends.
type raw struct {
	t  *testing.T
	tp *textproto.Conn
}

func dialRaw(t *testing.T, s *Server) *raw {
	t.Helper()
	c, err := net.DialTimeout("tcp", s.Addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(10 * time.Second))
	t.Cleanup(func() { c.Close() })
	r := &raw{t: t, tp: textproto.NewConn(c)}
	r.want(220)
	return r
}

func (r *raw) want(code int) string {
	r.t.Helper()
	got, msg, err := r.tp.ReadResponse(0)
	if err != nil {
		r.t.Fatalf("read reply: %v", err)
	}
	if got != code {
		r.t.Fatalf("reply %d %q, want %d", got, msg, code)
	}
	return msg
}

// do sends line and checks the reply code; it returns the reply's text.
func (r *raw) do(line string, code int) string {
	r.t.Helper()
	if err := r.tp.PrintfLine("%s", line); err != nil {
		r.t.Fatalf("send %q: %v", line, err)
	}
	return r.want(code)
}

func plain(user, pass string) string {
	return base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + pass))
}

func TestSequenceAndReplyCodes(t *testing.T) {
	s := Start(t, Options{TLS: true, Auth: map[string]string{"u": "p"}})
	r := dialRaw(t, s)
	r.do("MAIL FROM:<a@example.vn>", 503) // before EHLO
	r.do("EHLO", 501)
	ext := r.do("EHLO client.example", 250)
	if !strings.Contains(ext, "STARTTLS") || strings.Contains(ext, "AUTH") {
		t.Errorf("EHLO before TLS offers:\n%s\nwant STARTTLS and no AUTH", ext)
	}
	r.do("AUTH PLAIN "+plain("u", "p"), 538) // passwords wait for TLS
	r.do("MAIL FROM:<a@example.vn>", 530)    // authentication required
	r.do("RCPT TO:<b@example.vn>", 503)
	r.do("DATA", 503)
	r.do("NOOP", 250)
	r.do("RSET", 250)
	r.do("VRFY someone", 500)
	r.do("QUIT", 221)
	want := []string{"MAIL", "EHLO", "EHLO", "AUTH", "MAIL", "RCPT", "DATA", "NOOP", "RSET", "VRFY", "QUIT"}
	if got := s.Commands(); !slices.Equal(got, want) {
		t.Errorf("Commands() = %q, want %q", got, want)
	}
}

func TestTransactionAndDotUnstuffing(t *testing.T) {
	s := Start(t, Options{RejectRcpt: func(a string) bool { return strings.HasPrefix(a, "nobody@") }})
	r := dialRaw(t, s)
	r.do("HELO client.example", 250)
	r.do("MAIL FROM:<a@example.vn> SIZE=100", 250)
	r.do("MAIL FROM:<a@example.vn>", 503) // nested
	r.do("RCPT TO:<nobody@example.vn>", 550)
	r.do("RCPT TO:b@example.vn", 501)
	r.do("RCPT TO:<b@example.vn>", 250)
	r.do("RSET", 250)
	r.do("DATA", 503) // RSET ended the transaction

	r.do("MAIL FROM: <a@example.vn>", 250)
	r.do("rcpt to:<b@example.vn>", 250)
	r.do("RCPT TO:<c@example.vn>", 250)
	r.do("DATA", 354)
	body := "Subject: =?utf-8?q?Nh=E1=BA=AFc_vi=E1=BB=87c?=\r\n" +
		"Content-Transfer-Encoding: quoted-printable\r\n" +
		"\r\n" +
		"..leading dot\r\n" +
		"...\r\n" +
		"soft=\r\n" +
		"break =C3=A0\r\n"
	if _, err := fmt.Fprintf(r.tp.W, "%s.\r\n", body); err != nil {
		t.Fatal(err)
	}
	r.tp.W.Flush()
	r.want(250)
	r.do("QUIT", 221)

	got := s.Wait(t, 1, 5*time.Second)[0]
	if got.From != "a@example.vn" || !slices.Equal(got.To, []string{"b@example.vn", "c@example.vn"}) {
		t.Errorf("envelope %q → %q", got.From, got.To)
	}
	wantData := strings.ReplaceAll(body, "\r\n..", "\r\n.")
	if string(got.Data) != wantData {
		t.Errorf("Data = %q, want %q", got.Data, wantData)
	}
	if got.Subject != "Nhắc việc" {
		t.Errorf("Subject = %q", got.Subject)
	}
	if want := ".leading dot\n..\nsoftbreak à\n"; got.Text != want {
		t.Errorf("Text = %q, want %q", got.Text, want)
	}
	if got.TLS || got.AuthUser != "" {
		t.Errorf("TLS %v, AuthUser %q on a plain, anonymous session", got.TLS, got.AuthUser)
	}
}

func TestAuthPlain(t *testing.T) {
	s := Start(t, Options{Auth: map[string]string{"cán bộ": "mật khẩu"}})
	r := dialRaw(t, s)
	ext := r.do("EHLO client.example", 250)
	if !strings.Contains(ext, "AUTH PLAIN") || strings.Contains(ext, "STARTTLS") {
		t.Errorf("EHLO without TLS offers:\n%s\nwant AUTH PLAIN and no STARTTLS", ext)
	}
	r.do("AUTH LOGIN", 504)
	r.do("AUTH PLAIN "+plain("cán bộ", "sai"), 535)
	r.do("AUTH PLAIN not-base64!", 501)
	r.do("AUTH PLAIN", 334)
	r.do("*", 501)
	r.do("AUTH PLAIN", 334)
	r.do(plain("cán bộ", "mật khẩu"), 235)
	r.do("AUTH PLAIN "+plain("cán bộ", "mật khẩu"), 503)
	r.do("MAIL FROM:<>", 250) // the null sender of bounces
}

// client opens a net/smtp session to s, over TLS from the start when
// implicit.
func client(t *testing.T, s *Server, implicit bool) *smtp.Client {
	t.Helper()
	var (
		c   net.Conn
		err error
	)
	d := &net.Dialer{Timeout: 5 * time.Second}
	if implicit {
		c, err = tls.DialWithDialer(d, "tcp", s.Addr, &tls.Config{RootCAs: s.CertPool(), ServerName: "localhost"})
	} else {
		c, err = d.Dial("tcp", s.Addr)
	}
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(10 * time.Second))
	sc, err := smtp.NewClient(c, s.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sc.Close() })
	return sc
}

func send(c *smtp.Client, from, to, data string) error {
	if err := c.Mail(from); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write([]byte(data)); err != nil {
		return err
	}
	return w.Close()
}

func TestStartTLSThenAuth(t *testing.T) {
	s := Start(t, Options{TLS: true, Auth: map[string]string{"u": "p"}})
	c := client(t, s, false)
	if err := c.Hello("client.example"); err != nil {
		t.Fatal(err)
	}
	if err := c.StartTLS(&tls.Config{RootCAs: s.CertPool(), ServerName: s.Host}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		t.Error("STARTTLS offered again over TLS")
	}
	if ok, mechs := c.Extension("AUTH"); !ok || mechs != "PLAIN" {
		t.Errorf("AUTH over TLS: %v %q, want PLAIN", ok, mechs)
	}
	if err := c.Auth(smtp.PlainAuth("", "u", "p", s.Host)); err != nil {
		t.Fatal(err)
	}
	if err := send(c, "a@example.vn", "b@example.vn", "Subject: hi\r\n\r\nhello\r\n"); err != nil {
		t.Fatal(err)
	}
	c.Quit()
	got := s.Wait(t, 1, 5*time.Second)[0]
	if !got.TLS || got.AuthUser != "u" || got.Subject != "hi" || got.Text != "hello\n" {
		t.Errorf("got TLS %v, AuthUser %q, Subject %q, Text %q", got.TLS, got.AuthUser, got.Subject, got.Text)
	}
}

func TestImplicitTLS(t *testing.T) {
	s := Start(t, Options{Implicit: true, TLS: true})
	c := client(t, s, true)
	if err := c.Hello("client.example"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		t.Error("STARTTLS offered on an implicit TLS connection")
	}
	body := "Content-Transfer-Encoding: base64\r\n\r\n" +
		base64.StdEncoding.EncodeToString([]byte("xin chào\r\n"))[:8] + "\r\n" +
		base64.StdEncoding.EncodeToString([]byte("xin chào\r\n"))[8:] + "\r\n"
	if err := send(c, "a@example.vn", "b@example.vn", body); err != nil {
		t.Fatal(err)
	}
	c.Quit()
	got := s.Wait(t, 1, 5*time.Second)[0]
	if !got.TLS || got.Text != "xin chào\n" {
		t.Errorf("TLS %v, Text %q", got.TLS, got.Text)
	}
}

func TestFailData(t *testing.T) {
	s := Start(t, Options{FailData: errors.New("try\r\nlater")})
	c := client(t, s, false)
	err := send(c, "a@example.vn", "b@example.vn", "Subject: x\r\n\r\ny\r\n")
	var te *textproto.Error
	if !errors.As(err, &te) || te.Code != 451 || te.Msg != "4.3.0 try  later" {
		t.Fatalf("send = %v, want 451 4.3.0 try  later", err)
	}
	if err := c.Reset(); err != nil {
		t.Fatal(err)
	}
	s.SetFailData(nil)
	if err := send(c, "a@example.vn", "b@example.vn", "Subject: x\r\n\r\ny\r\n"); err != nil {
		t.Fatalf("after SetFailData(nil): %v", err)
	}
	if n := len(s.Messages()); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}
}

// TestConcurrentSessions holds several sessions open at once, which a
// server that handled one connection at a time could not do.
func TestConcurrentSessions(t *testing.T) {
	s := Start(t, Options{})
	const n = 8
	clients := make([]*smtp.Client, n)
	for i := range clients {
		clients[i] = client(t, s, false)
		if err := clients[i].Hello("client.example"); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i, c := range clients {
		wg.Go(func() {
			errs <- send(c, "a@example.vn", fmt.Sprintf("b%d@example.vn", i), "Subject: x\r\n\r\ny\r\n")
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got := s.Wait(t, n, 5*time.Second); len(got) != n {
		t.Errorf("%d messages, want %d", len(got), n)
	}
}

// fakeTB records a failure instead of ending the test.
type fakeTB struct {
	testing.TB
	failed string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed = fmt.Sprintf(format, args...)
}

func TestWaitTimesOut(t *testing.T) {
	s := Start(t, Options{})
	f := &fakeTB{TB: t}
	start := time.Now()
	if got := s.Wait(f, 1, 50*time.Millisecond); got != nil {
		t.Errorf("Wait = %v, want nil", got)
	}
	if f.failed == "" {
		t.Error("Wait did not fail the test")
	}
	if d := time.Since(start); d < 50*time.Millisecond || d > 5*time.Second {
		t.Errorf("Wait took %s", d)
	}
}

func TestMessagesIsACopy(t *testing.T) {
	s := Start(t, Options{})
	c := client(t, s, false)
	if err := send(c, "a@example.vn", "b@example.vn", "Subject: x\r\n\r\ny\r\n"); err != nil {
		t.Fatal(err)
	}
	m := s.Messages()
	m[0].To[0] = "changed"
	m[0].Data[0] = 'X'
	m[0].Header["Subject"][0] = "changed"
	again := s.Messages()[0]
	if again.To[0] != "b@example.vn" || again.Data[0] != 'S' || again.Header.Get("Subject") != "x" {
		t.Error("changing the result of Messages changed the server's record")
	}
}

func TestCertificate(t *testing.T) {
	s := Start(t, Options{Implicit: true})
	for _, name := range []string{"127.0.0.1", "localhost"} {
		c, err := tls.Dial("tcp", s.Addr, &tls.Config{RootCAs: s.CertPool(), ServerName: name})
		if err != nil {
			t.Errorf("TLS as %s: %v", name, err)
			continue
		}
		c.Close()
	}
	if c, err := tls.Dial("tcp", s.Addr, &tls.Config{ServerName: "127.0.0.1"}); err == nil {
		c.Close()
		t.Error("the system roots trust the test certificate")
	}
}
