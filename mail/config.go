package mail

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// LoadConfig reads the relay's settings from the environment:
//
//	DATCHUAN_SMTP_HOST           the relay; empty: mail is off (ok is false)
//	DATCHUAN_SMTP_SECURITY       none, starttls or tls (default starttls)
//	DATCHUAN_SMTP_PORT           default 587 for starttls, 465 for tls, 25 for none
//	DATCHUAN_SMTP_USER           AUTH PLAIN user; empty: no AUTH
//	DATCHUAN_SMTP_PASSWORD       its password, or
//	DATCHUAN_SMTP_PASSWORD_FILE  a file holding it (trimmed), so that the
//	                             password need not sit in the environment;
//	                             DATCHUAN_SMTP_PASSWORD wins when both are set
//	DATCHUAN_SMTP_FROM           the sender, e.g. "datchuan <no-reply@example.gov.vn>"
//
// getenv and readFile are os.Getenv and os.ReadFile outside tests. The
// returned Config passes New's checks; errors are in Vietnamese with English
// in brackets and name the variable to fix.
func LoadConfig(getenv func(string) string, readFile func(string) ([]byte, error)) (Config, bool, error) {
	host := strings.TrimSpace(getenv("DATCHUAN_SMTP_HOST"))
	if host == "" {
		return Config{}, false, nil
	}
	cfg := Config{
		Host:     host,
		Security: StartTLS,
		User:     getenv("DATCHUAN_SMTP_USER"),
		From:     strings.TrimSpace(getenv("DATCHUAN_SMTP_FROM")),
	}

	if v := strings.TrimSpace(getenv("DATCHUAN_SMTP_SECURITY")); v != "" {
		cfg.Security = Security(strings.ToLower(v))
	}
	switch cfg.Security {
	case StartTLS:
		cfg.Port = 587
	case TLS:
		cfg.Port = 465
	case None:
		cfg.Port = 25
	default:
		return Config{}, false, fmt.Errorf("DATCHUAN_SMTP_SECURITY phải là none, starttls hoặc tls, có %q (unknown security)", cfg.Security)
	}

	if v := strings.TrimSpace(getenv("DATCHUAN_SMTP_PORT")); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 || p > 65535 {
			return Config{}, false, fmt.Errorf("DATCHUAN_SMTP_PORT phải là số từ 1 đến 65535, có %q (invalid port)", v)
		}
		cfg.Port = p
	}

	cfg.Password = getenv("DATCHUAN_SMTP_PASSWORD")
	if path := getenv("DATCHUAN_SMTP_PASSWORD_FILE"); cfg.Password == "" && path != "" {
		b, err := readFile(path)
		if err != nil {
			return Config{}, false, fmt.Errorf("không đọc được DATCHUAN_SMTP_PASSWORD_FILE (cannot read password file): %w", err)
		}
		cfg.Password = strings.TrimSpace(string(b))
		if cfg.Password == "" {
			return Config{}, false, fmt.Errorf("tệp %s của DATCHUAN_SMTP_PASSWORD_FILE trống (empty password file)", path)
		}
	}
	if cfg.Password != "" && cfg.User == "" {
		return Config{}, false, errors.New("có mật khẩu SMTP nhưng thiếu DATCHUAN_SMTP_USER (password without user)")
	}

	if cfg.From == "" {
		return Config{}, false, errors.New("thiếu DATCHUAN_SMTP_FROM, địa chỉ người gửi (missing from address)")
	}
	if _, err := parseAddress(cfg.From); err != nil {
		return Config{}, false, fmt.Errorf("DATCHUAN_SMTP_FROM không phải địa chỉ e-mail hợp lệ (invalid from address): %w", err)
	}

	// The remaining rules (such as no password in clear text) are New's;
	// checking them here reports them at start-up, not at the first mail.
	if _, err := cfg.check(); err != nil {
		return Config{}, false, err
	}
	return cfg, true, nil
}
