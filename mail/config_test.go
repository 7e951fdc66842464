package mail

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
)

func TestLoadConfig(t *testing.T) {
	files := map[string]string{
		"/run/secrets/smtp":  "  mật-khẩu\n",
		"/run/secrets/empty": "\n",
	}
	readFile := func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	base := map[string]string{
		"DATCHUAN_SMTP_HOST": "smtp.example.gov.vn",
		"DATCHUAN_SMTP_FROM": "datchuan <no-reply@example.gov.vn>",
	}
	load := func(env map[string]string) (Config, bool, error) {
		return LoadConfig(func(k string) string {
			if v, ok := env[k]; ok {
				return v
			}
			return base[k]
		}, readFile)
	}

	t.Run("disabled", func(t *testing.T) {
		cfg, ok, err := LoadConfig(func(string) string { return "" }, readFile)
		if ok || err != nil || cfg != (Config{}) {
			t.Errorf("without a host: %+v, %v, %v; want mail off", cfg, ok, err)
		}
		// The other settings do not matter while mail is off.
		_, ok, err = load(map[string]string{"DATCHUAN_SMTP_HOST": "", "DATCHUAN_SMTP_PORT": "x"})
		if ok || err != nil {
			t.Errorf("empty host: %v, %v; want mail off", ok, err)
		}
	})

	for _, tc := range []struct {
		name     string
		env      map[string]string
		security Security
		port     int
		user     string
		password string
	}{
		{"defaults", nil, StartTLS, 587, "", ""},
		{"tls", map[string]string{"DATCHUAN_SMTP_SECURITY": "tls"}, TLS, 465, "", ""},
		{"none", map[string]string{"DATCHUAN_SMTP_SECURITY": "None"}, None, 25, "", ""},
		{"port", map[string]string{"DATCHUAN_SMTP_SECURITY": "starttls", "DATCHUAN_SMTP_PORT": "2525"}, StartTLS, 2525, "", ""},
		{"password", map[string]string{"DATCHUAN_SMTP_USER": "u", "DATCHUAN_SMTP_PASSWORD": " p "}, StartTLS, 587, "u", " p "},
		{"password file", map[string]string{"DATCHUAN_SMTP_USER": "u", "DATCHUAN_SMTP_PASSWORD_FILE": "/run/secrets/smtp"}, StartTLS, 587, "u", "mật-khẩu"},
		{"password wins over file", map[string]string{"DATCHUAN_SMTP_USER": "u", "DATCHUAN_SMTP_PASSWORD": "p", "DATCHUAN_SMTP_PASSWORD_FILE": "/missing"}, StartTLS, 587, "u", "p"},
		{"clear text on loopback", map[string]string{"DATCHUAN_SMTP_HOST": "127.0.0.1", "DATCHUAN_SMTP_SECURITY": "none", "DATCHUAN_SMTP_USER": "u", "DATCHUAN_SMTP_PASSWORD": "p"}, None, 25, "u", "p"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, ok, err := load(tc.env)
			if err != nil || !ok {
				t.Fatalf("LoadConfig: %v, %v", ok, err)
			}
			if cfg.Security != tc.security || cfg.Port != tc.port || cfg.User != tc.user || cfg.Password != tc.password {
				t.Errorf("got %s:%d user %q password %q, want %s:%d user %q password %q",
					cfg.Security, cfg.Port, cfg.User, cfg.Password, tc.security, tc.port, tc.user, tc.password)
			}
			if cfg.From != base["DATCHUAN_SMTP_FROM"] {
				t.Errorf("From = %q", cfg.From)
			}
			if _, err := New(cfg); err != nil {
				t.Errorf("New refuses what LoadConfig accepted: %v", err)
			}
		})
	}

	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"port not a number", map[string]string{"DATCHUAN_SMTP_PORT": "smtp"}, "DATCHUAN_SMTP_PORT phải là số từ 1 đến 65535"},
		{"port 0", map[string]string{"DATCHUAN_SMTP_PORT": "0"}, "(invalid port)"},
		{"port too big", map[string]string{"DATCHUAN_SMTP_PORT": "70000"}, "(invalid port)"},
		{"security", map[string]string{"DATCHUAN_SMTP_SECURITY": "ssl"}, "DATCHUAN_SMTP_SECURITY phải là none, starttls hoặc tls"},
		{"no from", map[string]string{"DATCHUAN_SMTP_FROM": ""}, "thiếu DATCHUAN_SMTP_FROM"},
		{"bad from", map[string]string{"DATCHUAN_SMTP_FROM": "no-reply"}, "DATCHUAN_SMTP_FROM không phải địa chỉ e-mail hợp lệ"},
		{"password without user", map[string]string{"DATCHUAN_SMTP_PASSWORD": "p"}, "(password without user)"},
		{"missing password file", map[string]string{"DATCHUAN_SMTP_USER": "u", "DATCHUAN_SMTP_PASSWORD_FILE": "/missing"}, "không đọc được DATCHUAN_SMTP_PASSWORD_FILE"},
		{"empty password file", map[string]string{"DATCHUAN_SMTP_USER": "u", "DATCHUAN_SMTP_PASSWORD_FILE": "/run/secrets/empty"}, "(empty password file)"},
		{"clear text password", map[string]string{"DATCHUAN_SMTP_SECURITY": "none", "DATCHUAN_SMTP_USER": "u", "DATCHUAN_SMTP_PASSWORD": "p"}, "(credentials need TLS)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, ok, err := load(tc.env)
			if err == nil || ok || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("LoadConfig = %+v, %v, %v; want an error with %q", cfg, ok, err, tc.want)
			}
		})
	}

	t.Run("file error is wrapped", func(t *testing.T) {
		_, _, err := load(map[string]string{"DATCHUAN_SMTP_USER": "u", "DATCHUAN_SMTP_PASSWORD_FILE": "/missing"})
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%v does not wrap fs.ErrNotExist", err)
		}
	})
}
