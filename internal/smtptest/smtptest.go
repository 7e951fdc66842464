// Package smtptest runs a small but real SMTP server (a subset of RFC 5321,
// with STARTTLS from RFC 3207 and AUTH PLAIN from RFC 4954 and 4616) on the
// loopback interface, so that the mail sender is tested against the protocol
// and not against a mock of its own making.
//
// The server keeps every message it accepts, parsed the way a mail client
// would read it: headers with net/mail, the subject decoded from its MIME
// encoded-words and the body decoded from its transfer encoding.
package smtptest

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"
)

// MaxSize is the largest message the server accepts, advertised in EHLO.
const MaxSize = 10 << 20

// maxLine bounds a command or text line. RFC 5321 allows 512 bytes for a
// command and 1000 for a text line; a little more room lets the tests see
// what a client sent rather than a protocol error, while a client that
// never sends a line break still cannot grow the buffer without limit.
const maxLine = 4096

// Options choose what the server offers and how it misbehaves.
type Options struct {
	// TLS offers STARTTLS. As real servers do, AUTH is then refused until
	// the client has switched to TLS.
	TLS bool
	// Implicit makes the listener speak TLS from the first byte (port 465
	// style, RFC 8314); STARTTLS is then not offered.
	Implicit bool
	// Auth, when not nil, maps user names to passwords and makes AUTH PLAIN
	// required before MAIL.
	Auth map[string]string
	// RejectRcpt, when set, rejects the recipients for which it returns
	// true with 550.
	RejectRcpt func(addr string) bool
	// FailData, when not nil, answers 451 (a temporary failure) with its
	// text to every DATA command; see also Server.SetFailData.
	FailData error
}

// Received is a message the server accepted.
type Received struct {
	From string   // the envelope sender (MAIL FROM), without angle brackets
	To   []string // the envelope recipients (RCPT TO), without angle brackets
	Data []byte   // the message exactly as sent, after dot-unstuffing

	// Header is the message's header parsed by net/mail; nil when the data
	// is not a message net/mail can read.
	Header mail.Header
	// Subject is the Subject header with its encoded-words decoded.
	Subject string
	// Text is the body decoded from its Content-Transfer-Encoding
	// (quoted-printable, base64 or none), with CRLF line breaks turned into
	// "\n" as a Go program would write them.
	Text string

	TLS      bool   // the message came over TLS (STARTTLS or implicit)
	AuthUser string // the user that authenticated, "" when none did
}

// Server is a running SMTP server, closed when the test that started it ends.
type Server struct {
	Addr string // "127.0.0.1:port"
	Host string // "127.0.0.1"
	Port int

	t        testing.TB
	opt      Options
	ln       net.Listener
	tlsConf  *tls.Config
	pool     *x509.CertPool
	wg       sync.WaitGroup
	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	msgs     []Received
	cmds     []string
	failData error
	changed  chan struct{} // closed and replaced whenever msgs grows
	closed   bool
}

// Start starts a server on 127.0.0.1 with a free port and closes it on
// t.Cleanup. It generates a fresh self-signed certificate for 127.0.0.1,
// ::1 and localhost; clients trust it through CertPool.
func Start(t testing.TB, opt Options) *Server {
	t.Helper()
	cert, pool, err := selfSigned()
	if err != nil {
		t.Fatalf("smtptest: certificate: %v", err)
	}
	tlsConf := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	if opt.Implicit {
		ln = tls.NewListener(ln, tlsConf)
	}
	addr := ln.Addr().(*net.TCPAddr)
	s := &Server{
		Addr:     addr.String(),
		Host:     addr.IP.String(),
		Port:     addr.Port,
		t:        t,
		opt:      opt,
		ln:       ln,
		tlsConf:  tlsConf,
		pool:     pool,
		conns:    map[net.Conn]struct{}{},
		failData: opt.FailData,
		changed:  make(chan struct{}),
	}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(s.close)
	return s
}

// CertPool returns a pool holding the server's certificate, for the
// client's tls.Config.RootCAs.
func (s *Server) CertPool() *x509.CertPool { return s.pool }

// SetFailData changes Options.FailData while the server runs, so that a test
// can fail a delivery and then let the retry through.
func (s *Server) SetFailData(err error) {
	s.mu.Lock()
	s.failData = err
	s.mu.Unlock()
}

// Messages returns a copy of the messages accepted so far, in order.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneMessages(s.msgs)
}

// Commands returns the verbs of all commands the server has received, over
// all connections in arrival order ("EHLO", "STARTTLS", "AUTH", "MAIL",
// ...), so that a test can check what a client did not do, such as sending
// AUTH over a plain connection. Lines that are not commands, such as AUTH
// responses and message data, are left out.
func (s *Server) Commands() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.cmds...)
}

// Wait waits until the server holds at least n messages and returns them. It
// fails the test (from the calling goroutine, so call it from the test's)
// when they have not arrived within timeout.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		if len(s.msgs) >= n {
			msgs := cloneMessages(s.msgs)
			s.mu.Unlock()
			return msgs
		}
		changed, have := s.changed, len(s.msgs)
		s.mu.Unlock()
		select {
		case <-changed:
		case <-timer.C:
			t.Fatalf("smtptest: %d message(s) within %s, want %d", have, timeout, n)
			return nil
		}
	}
}

func cloneMessages(msgs []Received) []Received {
	out := make([]Received, len(msgs))
	for i, m := range msgs {
		m.To = append([]string(nil), m.To...)
		m.Data = bytes.Clone(m.Data)
		if m.Header != nil {
			h := make(mail.Header, len(m.Header))
			for k, v := range m.Header {
				h[k] = append([]string(nil), v...)
			}
			m.Header = h
		}
		out[i] = m
	}
	return out
}

// close stops the listener, cuts the open connections (a client stuck in
// the middle of a session must not hold the test up) and waits for every
// goroutine of the server to end.
func (s *Server) close() {
	s.mu.Lock()
	s.closed = true
	s.ln.Close()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			s.mu.Lock()
			closed := s.closed
			s.mu.Unlock()
			if !closed {
				s.t.Logf("smtptest: accept: %v", err)
			}
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				c.Close()
			}()
			sess := &session{srv: s, tls: s.opt.Implicit}
			sess.reset(c)
			sess.run()
		}()
	}
}

// session is one client connection.
type session struct {
	srv  *Server
	conn net.Conn
	r    *bufio.Reader
	w    *bufio.Writer

	tls      bool
	helo     string // "" until EHLO or HELO
	authUser string
	from     *string // nil outside a mail transaction
	to       []string
}

// reset attaches the session to c, which is a new TLS connection after
// STARTTLS. Anything the client had buffered in plain text before the TLS
// handshake is dropped with the old reader, as RFC 3207 requires, so that
// an attacker cannot inject commands into the protected session.
func (c *session) reset(conn net.Conn) {
	c.conn = conn
	c.r = bufio.NewReaderSize(conn, maxLine)
	c.w = bufio.NewWriter(conn)
}

func (c *session) reply(code int, lines ...string) error {
	for i, l := range lines {
		sep := " "
		if i < len(lines)-1 {
			sep = "-"
		}
		fmt.Fprintf(c.w, "%d%s%s\r\n", code, sep, l)
	}
	return c.w.Flush()
}

// readLine reads one CRLF-terminated line (a bare LF is tolerated) and
// returns it without the line break.
func (c *session) readLine() (string, error) {
	line, err := c.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		return "", errLineTooLong
	}
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(strings.TrimSuffix(string(line), "\n"), "\r"), nil
}

var errLineTooLong = errors.New("line too long")

func (c *session) run() {
	if err := c.reply(220, "smtptest ESMTP ready"); err != nil {
		return
	}
	for {
		line, err := c.readLine()
		if err != nil {
			if errors.Is(err, errLineTooLong) {
				c.reply(500, "5.5.2 Line too long")
			}
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		verb = strings.ToUpper(verb)
		c.srv.mu.Lock()
		c.srv.cmds = append(c.srv.cmds, verb)
		c.srv.mu.Unlock()

		var quit bool
		switch verb {
		case "EHLO", "HELO":
			err = c.hello(verb, strings.TrimSpace(arg))
		case "STARTTLS":
			err = c.startTLS()
		case "AUTH":
			err = c.auth(strings.TrimSpace(arg))
		case "MAIL":
			err = c.mail(arg)
		case "RCPT":
			err = c.rcpt(arg)
		case "DATA":
			err = c.data()
		case "RSET":
			c.from, c.to = nil, nil
			err = c.reply(250, "2.0.0 OK")
		case "NOOP":
			err = c.reply(250, "2.0.0 OK")
		case "QUIT":
			c.reply(221, "2.0.0 Bye")
			quit = true
		default:
			err = c.reply(500, "5.5.2 Command not recognized")
		}
		if err != nil || quit {
			return
		}
	}
}

func (c *session) hello(verb, name string) error {
	if name == "" {
		return c.reply(501, "5.5.4 Syntax: "+verb+" hostname")
	}
	// A new greeting starts over, like RSET.
	c.helo, c.from, c.to = name, nil, nil
	if verb == "HELO" {
		return c.reply(250, "smtptest")
	}
	lines := []string{"smtptest greets " + name, fmt.Sprintf("SIZE %d", MaxSize), "ENHANCEDSTATUSCODES"}
	if c.srv.opt.TLS && !c.tls {
		lines = append(lines, "STARTTLS")
	}
	if c.authOffered() {
		lines = append(lines, "AUTH PLAIN")
	}
	return c.reply(250, lines...)
}

// authOffered tells whether AUTH may be used now: only over TLS when the
// server offers TLS, so that passwords never cross the wire in clear.
func (c *session) authOffered() bool {
	return c.srv.opt.Auth != nil && c.authUser == "" && (c.tls || !c.srv.opt.TLS)
}

func (c *session) startTLS() error {
	switch {
	case !c.srv.opt.TLS || c.tls:
		return c.reply(502, "5.5.1 STARTTLS not available")
	case c.helo == "":
		return c.reply(503, "5.5.1 EHLO first")
	}
	if err := c.reply(220, "2.0.0 Ready to start TLS"); err != nil {
		return err
	}
	tc := tls.Server(c.conn, c.srv.tlsConf)
	if err := tc.Handshake(); err != nil {
		return err
	}
	// RFC 3207: the client must greet again and knows nothing from before.
	c.reset(tc)
	c.tls, c.helo, c.from, c.to = true, "", nil, nil
	return nil
}

func (c *session) auth(arg string) error {
	mech, initial, hasInitial := strings.Cut(arg, " ")
	switch {
	case c.srv.opt.Auth == nil:
		return c.reply(502, "5.5.1 AUTH not available")
	case c.helo == "":
		return c.reply(503, "5.5.1 EHLO first")
	case c.authUser != "":
		return c.reply(503, "5.5.1 Already authenticated")
	case c.from != nil:
		return c.reply(503, "5.5.1 AUTH not allowed during a mail transaction")
	case c.srv.opt.TLS && !c.tls:
		return c.reply(538, "5.7.11 Encryption required for requested authentication mechanism")
	case !strings.EqualFold(mech, "PLAIN"):
		return c.reply(504, "5.5.4 Unrecognized authentication type")
	}
	if !hasInitial {
		if err := c.reply(334, ""); err != nil {
			return err
		}
		line, err := c.readLine()
		if err != nil {
			return err
		}
		initial = line
	}
	if initial == "*" {
		return c.reply(501, "5.0.0 Authentication cancelled")
	}
	raw, err := base64.StdEncoding.DecodeString(initial)
	if err != nil {
		return c.reply(501, "5.5.2 Cannot decode response")
	}
	// RFC 4616: authzid NUL authcid NUL passwd.
	parts := strings.Split(string(raw), "\x00")
	if len(parts) != 3 {
		return c.reply(501, "5.5.2 Malformed PLAIN response")
	}
	user, pass := parts[1], parts[2]
	want, ok := c.srv.opt.Auth[user]
	if !ok || want != pass || (parts[0] != "" && parts[0] != user) {
		return c.reply(535, "5.7.8 Authentication credentials invalid")
	}
	c.authUser = user
	return c.reply(235, "2.7.0 Authentication successful")
}

// pathArg parses "FROM:<addr> params" or "TO:<addr> params" and returns
// addr; ok is false when the argument has no such form.
func pathArg(arg, prefix string) (addr string, ok bool) {
	if len(arg) < len(prefix) || !strings.EqualFold(arg[:len(prefix)], prefix) {
		return "", false
	}
	rest := strings.TrimLeft(arg[len(prefix):], " ")
	if !strings.HasPrefix(rest, "<") {
		return "", false
	}
	addr, _, ok = strings.Cut(rest[1:], ">")
	return addr, ok
}

func (c *session) mail(arg string) error {
	from, ok := pathArg(arg, "FROM:")
	switch {
	case c.helo == "":
		return c.reply(503, "5.5.1 EHLO first")
	case c.srv.opt.Auth != nil && c.authUser == "":
		return c.reply(530, "5.7.0 Authentication required")
	case c.from != nil:
		return c.reply(503, "5.5.1 Nested MAIL command")
	case !ok:
		return c.reply(501, "5.5.4 Syntax: MAIL FROM:<address>")
	}
	c.from, c.to = &from, nil
	return c.reply(250, "2.1.0 OK")
}

func (c *session) rcpt(arg string) error {
	to, ok := pathArg(arg, "TO:")
	switch {
	case c.from == nil:
		return c.reply(503, "5.5.1 MAIL first")
	case !ok || to == "":
		return c.reply(501, "5.5.4 Syntax: RCPT TO:<address>")
	case c.srv.opt.RejectRcpt != nil && c.srv.opt.RejectRcpt(to):
		return c.reply(550, "5.1.1 Recipient rejected")
	}
	c.to = append(c.to, to)
	return c.reply(250, "2.1.5 OK")
}

func (c *session) data() error {
	if c.from == nil || len(c.to) == 0 {
		return c.reply(503, "5.5.1 RCPT first")
	}
	c.srv.mu.Lock()
	fail := c.srv.failData
	c.srv.mu.Unlock()
	if fail != nil {
		c.from, c.to = nil, nil
		text := strings.NewReplacer("\r", " ", "\n", " ").Replace(fail.Error())
		return c.reply(451, "4.3.0 "+text)
	}
	if err := c.reply(354, "End data with <CR><LF>.<CR><LF>"); err != nil {
		return err
	}
	var data []byte
	tooBig := false
	for {
		line, err := c.r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			c.reply(500, "5.5.2 Line too long")
			return errLineTooLong // the rest of the line would read as commands
		}
		if err != nil {
			return err
		}
		if string(line) == ".\r\n" || string(line) == ".\n" {
			break
		}
		// RFC 5321 4.5.2: a leading dot was doubled by the client.
		line = bytes.TrimPrefix(line, []byte("."))
		if len(data)+len(line) > MaxSize {
			tooBig = true
			continue // read on to the end of the data before answering
		}
		data = append(data, line...)
	}
	from, to := *c.from, c.to
	c.from, c.to = nil, nil
	if tooBig {
		return c.reply(552, "5.3.4 Message too big")
	}
	m := Received{From: from, To: to, Data: data, TLS: c.tls, AuthUser: c.authUser}
	decode(&m)
	c.srv.mu.Lock()
	c.srv.msgs = append(c.srv.msgs, m)
	close(c.srv.changed)
	c.srv.changed = make(chan struct{})
	c.srv.mu.Unlock()
	return c.reply(250, "2.0.0 OK queued")
}

// decode fills in Header, Subject and Text from Data, as far as it can: a
// test that sends a broken message still gets its raw Data to look at.
func decode(m *Received) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return
	}
	m.Header = msg.Header
	var dec mime.WordDecoder
	if s, err := dec.DecodeHeader(msg.Header.Get("Subject")); err == nil {
		m.Subject = s
	} else {
		m.Subject = msg.Header.Get("Subject")
	}
	var body io.Reader = msg.Body
	switch strings.ToLower(strings.TrimSpace(msg.Header.Get("Content-Transfer-Encoding"))) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body) // skips line breaks
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return
	}
	m.Text = strings.ReplaceAll(string(b), "\r\n", "\n")
}

// selfSigned makes a certificate that is its own root, valid for the
// loopback names a test may dial, and a pool holding it.
func selfSigned() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "smtptest"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, nil
}
