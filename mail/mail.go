// Package mail sends the application's e-mail (daily digests and immediate
// notices to civil servants) through an SMTP relay.
//
// Each Send opens its own connection, so a Sender is safe for concurrent use
// and a broken connection never affects another message. Messages are plain
// UTF-8 text in quoted-printable, with the subject in MIME encoded-words, so
// that Vietnamese arrives intact through relays that only pass 7-bit data.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Security is how the connection to the relay is protected.
type Security string

const (
	// None sends in clear text; only for a relay on the same host or a
	// trusted network.
	None Security = "none"
	// StartTLS connects in clear text and switches to TLS with STARTTLS
	// (RFC 3207, usually port 587). The relay must offer it: there is no
	// fallback to clear text, which an attacker could force by hiding the
	// offer.
	StartTLS Security = "starttls"
	// TLS speaks TLS from the first byte (RFC 8314, usually port 465).
	TLS Security = "tls"
)

// DefaultTimeout bounds one Send when Config.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// Config says how to reach the relay and whom mail comes from.
type Config struct {
	Host     string
	Port     int
	Security Security // "" means StartTLS
	// User and Password authenticate with AUTH PLAIN when User is not
	// empty. They are never sent over a connection without TLS unless
	// Host is a loopback address.
	User     string
	Password string
	// From is the sender, e.g. "datchuan <no-reply@example.gov.vn>".
	From string
	// HelloName is the name given in EHLO; default "localhost".
	HelloName string
	// Timeout bounds each Send, from dialling to the end of the message;
	// default DefaultTimeout. A deadline of the context given to Send
	// applies too, whichever comes first.
	Timeout time.Duration
	// RootCAs verifies the relay's certificate; nil means the system
	// roots.
	RootCAs *x509.CertPool
}

// Message is one e-mail.
type Message struct {
	// To holds the recipients, each an address as net/mail parses it
	// ("a@example.vn" or "Nguyễn Văn A <a@example.vn>").
	To      []string
	Subject string
	// Text is the plain-text body; "\n" or "\r\n" both end a line.
	Text string
	// Headers adds header fields, e.g. "Auto-Submitted": "auto-notified";
	// the fields Send writes itself cannot be set here, except
	// Auto-Submitted, whose default is "auto-generated".
	Headers map[string]string
}

// ErrInvalid is wrapped by the errors about a message that no retry can
// send: a bad address, a line break in a header.
var ErrInvalid = errors.New("invalid message")

// Sender sends messages through one relay.
type Sender struct {
	cfg      Config
	from     *mail.Address
	loopback bool
	now      func() time.Time
}

// New checks cfg and returns a Sender for it. It does not connect.
func New(cfg Config) (*Sender, error) {
	if cfg.Security == "" {
		cfg.Security = StartTLS
	}
	if cfg.HelloName == "" {
		cfg.HelloName = "localhost"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	from, err := cfg.check()
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	return &Sender{cfg: cfg, from: from, loopback: isLoopback(cfg.Host), now: time.Now}, nil
}

// check validates cfg after the defaults are in, with messages in
// Vietnamese and English for the person who wrote the configuration.
func (cfg *Config) check() (*mail.Address, error) {
	switch {
	case cfg.Host == "" || strings.ContainsAny(cfg.Host, " \t\r\n/"):
		return nil, fmt.Errorf("máy chủ SMTP %q không hợp lệ (invalid host)", cfg.Host)
	case cfg.Port < 1 || cfg.Port > 65535:
		return nil, fmt.Errorf("cổng SMTP phải là số từ 1 đến 65535, có %d (invalid port)", cfg.Port)
	case cfg.Security != None && cfg.Security != StartTLS && cfg.Security != TLS:
		return nil, fmt.Errorf("chế độ bảo mật SMTP phải là none, starttls hoặc tls, có %q (unknown security)", cfg.Security)
	case strings.ContainsAny(cfg.HelloName, " \t\r\n"):
		return nil, fmt.Errorf("tên EHLO %q không hợp lệ (invalid hello name)", cfg.HelloName)
	case cfg.Password != "" && cfg.User == "":
		return nil, errors.New("có mật khẩu SMTP nhưng thiếu tên đăng nhập (password without user)")
	case cfg.User != "" && cfg.Security == None && !isLoopback(cfg.Host):
		return nil, fmt.Errorf("không gửi mật khẩu SMTP qua kết nối không mã hoá tới %s; hãy dùng starttls hoặc tls (credentials need TLS)", cfg.Host)
	}
	from, err := parseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("địa chỉ người gửi không hợp lệ (invalid from address): %w", err)
	}
	return from, nil
}

// isLoopback tells whether host names this machine, where a password
// cannot be overheard on the way.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// parseAddress parses one address and refuses what the envelope cannot
// carry: line breaks (header injection) and non-ASCII addresses, which would
// need SMTPUTF8 from every relay on the way. Display names may be in any
// script; they are encoded.
func parseAddress(s string) (*mail.Address, error) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, fmt.Errorf("line break in address %q", s)
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("address %q: %v", s, err)
	}
	for _, r := range a.Address {
		if r >= utf8.RuneSelf {
			return nil, fmt.Errorf("address %q is not ASCII", a.Address)
		}
	}
	return a, nil
}

// Send delivers m through the relay: all recipients or none. It returns once
// the relay has accepted the message (250 after DATA), or with an error
// "mail: send to <recipients>: ..." that wraps ErrInvalid, the context's
// error, or the relay's *textproto.Error, as the cause may be; see
// Permanent.
func (s *Sender) Send(ctx context.Context, m Message) error {
	to, msg, err := s.build(m)
	if err != nil {
		return fmt.Errorf("mail: send to %s: %w", printable(m.To), err)
	}
	rcpt := make([]string, len(to))
	for i, a := range to {
		rcpt[i] = a.Address
	}
	if err := s.deliver(ctx, rcpt, msg); err != nil {
		return fmt.Errorf("mail: send to %s: %w", strings.Join(rcpt, ", "), err)
	}
	return nil
}

// Permanent tells whether err from Send means that this message can never
// be sent: it is invalid, or the relay refused a recipient or the message
// itself with a 5xx reply. Everything else is worth a retry later: timeouts,
// 4xx replies, and also failures of the relay or its configuration (TLS,
// AUTH, the sender address), which the operator can fix and which affect
// every message alike.
func Permanent(err error) bool {
	var r refused
	return errors.Is(err, ErrInvalid) || errors.As(err, &r)
}

// refused marks a 5xx reply about a recipient or the message, for Permanent.
type refused struct{ error }

func (r refused) Unwrap() error { return r.error }

// refusal wraps err in refused when it is a 5xx reply.
func refusal(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 && te.Code < 600 {
		return refused{err}
	}
	return err
}

// deliver runs one SMTP session.
func (s *Sender) deliver(ctx context.Context, rcpt []string, msg []byte) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()

	addr := net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port))
	tlsConf := &tls.Config{ServerName: s.cfg.Host, RootCAs: s.cfg.RootCAs, MinVersion: tls.VersionTLS12}
	var (
		conn net.Conn
		err  error
	)
	if s.cfg.Security == TLS {
		d := tls.Dialer{Config: tlsConf}
		conn, err = d.DialContext(ctx, "tcp", addr)
	} else {
		var d net.Dialer
		conn, err = d.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return ctxErr(ctx, "connect", err)
	}
	defer conn.Close()
	// net/smtp knows no contexts: when ctx ends (deadline or cancel), a
	// deadline in the past wakes any blocked read or write. Setting the
	// conn's deadline to ctx's instead would race with ctx's own timer and
	// could report a bare i/o timeout before ctx.Err is set.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		return ctxErr(ctx, "greeting", err)
	}
	if err := c.Hello(s.cfg.HelloName); err != nil {
		return ctxErr(ctx, "EHLO", err)
	}
	if s.cfg.Security == StartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return fmt.Errorf("server %s does not offer STARTTLS, which the configuration requires", addr)
		}
		if err := c.StartTLS(tlsConf); err != nil {
			return ctxErr(ctx, "STARTTLS", err)
		}
	}
	if s.cfg.User != "" {
		if err := c.Auth(&plainAuth{user: s.cfg.User, password: s.cfg.Password, loopback: s.loopback}); err != nil {
			return ctxErr(ctx, "AUTH", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return ctxErr(ctx, "MAIL FROM", err)
	}
	for _, r := range rcpt {
		if err := c.Rcpt(r); err != nil {
			return refusal(ctxErr(ctx, "RCPT TO "+r, err))
		}
	}
	w, err := c.Data()
	if err != nil {
		return refusal(ctxErr(ctx, "DATA", err))
	}
	if _, err := w.Write(msg); err != nil {
		return ctxErr(ctx, "DATA", err)
	}
	if err := w.Close(); err != nil {
		return refusal(ctxErr(ctx, "DATA", err))
	}
	// The relay has the message now. A failed QUIT must not turn into an
	// error, or the caller would send the message a second time.
	c.Quit()
	return nil
}

// ctxErr names the step that failed and, when the context ended, reports
// that as the cause: the i/o timeout it provoked says less.
func ctxErr(ctx context.Context, step string, err error) error {
	if cerr := context.Cause(ctx); cerr != nil {
		return fmt.Errorf("%s: %w (%v)", step, cerr, err)
	}
	return fmt.Errorf("%s: %w", step, err)
}

// plainAuth is AUTH PLAIN (RFC 4616). Unlike smtp.PlainAuth it accepts any
// loopback address, not only three spellings of it, and it checks that the
// relay offers PLAIN, for a clearer error than the relay's refusal.
type plainAuth struct {
	user, password string
	loopback       bool
}

func (a *plainAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	// Without TLS nothing in ServerInfo can be trusted, not even the offer
	// of AUTH, so the rule depends on our own configuration only.
	if !server.TLS && !a.loopback {
		return "", nil, errors.New("refusing to send the password over an unencrypted connection")
	}
	if !slices.ContainsFunc(server.Auth, func(m string) bool { return strings.EqualFold(m, "PLAIN") }) {
		return "", nil, fmt.Errorf("server does not offer AUTH PLAIN (offers %q)", server.Auth)
	}
	return "PLAIN", []byte("\x00" + a.user + "\x00" + a.password), nil
}

func (a *plainAuth) Next(_ []byte, more bool) ([]byte, error) {
	if more {
		return nil, errors.New("unexpected server challenge")
	}
	return nil, nil
}

// fixedHeaders are the fields build writes; Message.Headers may not repeat
// them, as a second From or Content-Type would make the message ambiguous.
var fixedHeaders = []string{
	"From", "To", "Cc", "Bcc", "Subject", "Date", "Message-Id", "Mime-Version",
	"Content-Type", "Content-Transfer-Encoding", "Sender", "Reply-To",
}

// build checks m and writes it as an RFC 5322 message with CRLF line ends.
func (s *Sender) build(m Message) ([]*mail.Address, []byte, error) {
	if len(m.To) == 0 {
		return nil, nil, fmt.Errorf("%w: no recipient", ErrInvalid)
	}
	to := make([]*mail.Address, len(m.To))
	toStr := make([]string, len(m.To))
	for i, r := range m.To {
		a, err := parseAddress(r)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrInvalid, err)
		}
		to[i], toStr[i] = a, a.String()
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, nil, fmt.Errorf("%w: line break in subject", ErrInvalid)
	}
	if !utf8.ValidString(m.Subject) || !utf8.ValidString(m.Text) {
		return nil, nil, fmt.Errorf("%w: subject or text is not UTF-8", ErrInvalid)
	}

	extra := map[string]string{"Auto-Submitted": "auto-generated"}
	for k, v := range m.Headers {
		if !validFieldName(k) {
			return nil, nil, fmt.Errorf("%w: header name %q", ErrInvalid, k)
		}
		if strings.ContainsAny(v, "\r\n") {
			return nil, nil, fmt.Errorf("%w: line break in header %s", ErrInvalid, k)
		}
		// Names are case-insensitive; canonical ones reveal duplicates.
		ck := textproto.CanonicalMIMEHeaderKey(k)
		if slices.Contains(fixedHeaders, ck) {
			return nil, nil, fmt.Errorf("%w: header %s is set by the sender", ErrInvalid, k)
		}
		if _, dup := extra[ck]; dup && ck != "Auto-Submitted" {
			return nil, nil, fmt.Errorf("%w: header %s given twice", ErrInvalid, k)
		}
		extra[ck] = v
	}

	id, err := s.messageID()
	if err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	header := func(name, value string) {
		b.WriteString(fold(name + ": " + value))
		b.WriteString("\r\n")
	}
	header("From", s.from.String())
	header("To", strings.Join(toStr, ", "))
	header("Subject", encodeText(m.Subject))
	header("Date", s.now().Format(time.RFC1123Z))
	header("Message-ID", id)
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		header(k, encodeText(extra[k]))
	}
	b.WriteString("\r\n")

	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(m.Text)) // writes to a bytes.Buffer do not fail
	qp.Close()
	// SMTP needs the data to end with a line break. A soft line break ("="
	// at the end of a line) supplies one that decodes to nothing, so the
	// reader gets Text exactly, with or without a final newline.
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("=\r\n")
	}
	return to, b.Bytes(), nil
}

// messageID makes a Message-ID unique without state: 128 random bits at the
// sender's domain (RFC 5322 3.6.4).
func (s *Sender) messageID() (string, error) {
	var r [16]byte
	if _, err := rand.Read(r[:]); err != nil {
		return "", fmt.Errorf("message id: %w", err)
	}
	_, domain, _ := strings.Cut(s.from.Address, "@")
	return "<" + hex.EncodeToString(r[:]) + "@" + domain + ">", nil
}

// encodeText encodes an unstructured header value in RFC 2047
// encoded-words when it has anything but printable ASCII.
func encodeText(v string) string {
	return mime.QEncoding.Encode("utf-8", v)
}

// fold breaks a header line longer than 78 characters at spaces (RFC 5322
// 2.2.3). It breaks only at a single space that does not follow the colon,
// because readers unfold by joining the lines with one space: a run of
// spaces would shrink, and an empty first line is obsolete syntax. A line
// without such a space stays long, which is allowed up to 998 characters.
func fold(line string) string {
	const soft = 78
	var b strings.Builder
	for len(line) > soft {
		cut := -1
		for i := 1; i < len(line)-1; i++ {
			if line[i] != ' ' || line[i-1] == ' ' || line[i-1] == ':' || line[i+1] == ' ' {
				continue
			}
			// The last space within the limit, else the first beyond it.
			if i <= soft || cut < 0 {
				cut = i
			}
			if i > soft {
				break
			}
		}
		if cut < 0 {
			break
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n")
		line = line[cut:]
	}
	b.WriteString(line)
	return b.String()
}

// validFieldName reports whether k is a header field name: printable ASCII
// without colon (RFC 5322 2.2).
func validFieldName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 33 || k[i] > 126 || k[i] == ':' {
			return false
		}
	}
	return true
}

// printable returns the recipients for an error message, quoted when they
// hold control characters, so that a rejected injection attempt does not
// inject into the log instead.
func printable(to []string) string {
	s := strings.Join(to, ", ")
	if strings.ContainsFunc(s, func(r rune) bool { return r < 32 || r == 127 }) {
		return strconv.Quote(s)
	}
	return s
}
