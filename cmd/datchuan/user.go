package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// roleFlags collects repeated -role kind[:scope] flags.
type roleFlags []string

func (r *roleFlags) String() string     { return strings.Join(*r, ",") }
func (r *roleFlags) Set(v string) error { *r = append(*r, v); return nil }

// runUser handles "datchuan user add": the way to create the first
// administrator, and any account from a script.
func runUser(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "add" {
		return usagef("cách dùng: datchuan user add -login TÊN -name \"Họ tên\" [-email E] [-role admin] [-role department:84-STNMT] ... (usage)")
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	cfg, finish := configFlags(fs, e, false)
	login := fs.String("login", "", "tên đăng nhập (login)")
	name := fs.String("name", "", "họ và tên (full name)")
	email := fs.String("email", "", "e-mail")
	lang := fs.String("lang", "vi", "ngôn ngữ: vi hoặc en (language)")
	pwFile := fs.String("password-file", "", "tệp chứa mật khẩu; mặc định đọc DATCHUAN_USER_PASSWORD hoặc dòng đầu của stdin (password file; default env DATCHUAN_USER_PASSWORD or stdin)")
	var roles roleFlags
	fs.Var(&roles, "role", "vai trò KIND[:PHẠM_VI], lặp lại được: admin, national, coordination:84, leader:84, department:84-STNMT, district:848, commune:29446 (role, repeatable)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if err := finish(); err != nil {
		return err
	}
	if *login == "" || *name == "" {
		return usagef("cần -login và -name (login and name required)")
	}
	if *lang != "vi" && *lang != "en" {
		return usagef("-lang phải là vi hoặc en")
	}
	pw, err := readPassword(e, *pwFile)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := openApp(ctx, *cfg, e, log)
	if err != nil {
		return err
	}
	defer a.Close()
	// Check every role before creating anything, so a typo creates nothing.
	c := a.svc.System(a.command)
	var parsed []*datchuan.Role
	for _, spec := range roles {
		kind, scope, _ := strings.Cut(spec, ":")
		r, err := a.svc.ParseRole(ctx, c, 0, service.RoleInput{Kind: kind, Unit: scope, Agency: scope})
		if err != nil {
			return usagef("vai trò %q: %s", spec, datchuan.ErrorText(err))
		}
		parsed = append(parsed, r)
	}
	u, err := a.svc.CreateAccount(ctx, c, service.AccountInput{Login: *login, Name: *name, Email: *email, Lang: *lang, Password: pw})
	if err != nil {
		return err
	}
	for _, r := range parsed {
		r.UserID = u.ID
		if err := a.svc.AddRole(ctx, c, r); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.Stdout, "Đã tạo tài khoản %s (user created) với %d vai trò\n", u.Login, len(parsed))
	return nil
}

// readPassword takes the password from a file, the environment or the
// first line of standard input — never from a flag, which other users of
// the machine could read in the process list.
func readPassword(e env, file string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("read password file: %w", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	if pw := e.Getenv("DATCHUAN_USER_PASSWORD"); pw != "" {
		return pw, nil
	}
	if e.Stdin == nil {
		return "", usagef("cần mật khẩu: -password-file, DATCHUAN_USER_PASSWORD hoặc stdin (password required)")
	}
	fmt.Fprint(e.Stderr, "Mật khẩu (password): ")
	line, err := bufio.NewReader(e.Stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
