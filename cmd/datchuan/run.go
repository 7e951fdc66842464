package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/datchuan/datchuan"
)

// env is what a verb may take from the process: no verb reads globals.
type env struct {
	Getenv func(string) string
	Stdin  io.Reader // nil: none
	Stdout io.Writer
	Stderr io.Writer
	Now    func() time.Time // nil: time.Now
}

func (e env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// errHelp stops a verb after its -h output; the exit code is 0.
var errHelp = errors.New("help shown")

// usageError is bad input from the user: exit code 2 and the message only.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

const usage = `datchuan — theo dõi xây dựng nông thôn mới (New Rural Development tracking)

Cách dùng (usage):
  datchuan serve              chạy máy chủ web (run the web server)
  datchuan demo               chạy bản trình diễn Trà Vinh (run the Trà Vinh demo)
  datchuan national [-provinces 84,83] [-year 2024] [-history 12] [-seed 45] [-force]
                              nạp dữ liệu tổng hợp toàn quốc để đo hiệu năng (load the national synthetic data set)
  datchuan migrate            cập nhật cơ sở dữ liệu (apply database migrations)
  datchuan backup [-force] TỆP
                              sao lưu khi máy chủ đang chạy (back up while the server runs)
  datchuan restore [-force] TỆP
                              khôi phục vào cơ sở dữ liệu trống (restore into an empty database)
  datchuan user add -login TÊN -name "Họ tên" [-role KIND[:PHẠM_VI]]...
                              tạo tài khoản, ví dụ quản trị đầu tiên: -role admin (create an account)
  datchuan catalog check [DIR|FILE...]
                              kiểm tra các bộ tiêu chí (validate criteria set files)
  datchuan evaluate (--set ID | --set-file FILE) [--sets DIR] --region CODE [--year YYYY] [--format table|json] VALUES.csv
                              tính thử kết quả một xã, một huyện (what-if evaluation of a commune or district)
  datchuan version            phiên bản (version)

Cấu hình (configuration): DATABASE_URL, DATCHUAN_DATA_DIR, DATCHUAN_ADDR, DATCHUAN_SETS_DIR,
  DATCHUAN_MAX_UPLOAD_MB, DATCHUAN_INSECURE_COOKIES, DATCHUAN_TRUST_PROXY, DATCHUAN_NOW.
Gõ "datchuan VERB -h" để xem chi tiết (details of a verb).
`

func run(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		fmt.Fprint(e.Stderr, usage)
		return usagef("thiếu lệnh (missing verb)")
	}
	verb, rest := args[0], args[1:]
	switch verb {
	case "serve":
		return runServe(ctx, rest, e, false)
	case "demo":
		return runServe(ctx, rest, e, true)
	case "migrate":
		return runMigrate(ctx, rest, e)
	case "national":
		return runNational(ctx, rest, e)
	case "backup":
		return runBackup(ctx, rest, e)
	case "restore":
		return runRestore(ctx, rest, e)
	case "user":
		return runUser(ctx, rest, e)
	case "catalog":
		return runCatalog(rest, e)
	case "evaluate":
		return runEvaluate(rest, e)
	case "version", "-version", "--version":
		fmt.Fprintln(e.Stdout, versionString())
		return nil
	case "help", "-h", "-help", "--help":
		fmt.Fprint(e.Stdout, usage)
		return nil
	}
	fmt.Fprint(e.Stderr, usage)
	return usagef("lệnh không rõ %q (unknown verb)", verb)
}

// exitCode prints err and returns the process exit code: 0 for success, 2
// for bad input (usage, invalid data), 1 for anything else.
func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, errHelp) {
		return 0
	}
	var ue *usageError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "datchuan:", ue.msg)
		return 2
	case datchuan.ErrorCode(err) == datchuan.EINVALID:
		fmt.Fprintln(stderr, "datchuan:", datchuan.ErrorText(err))
		return 2
	}
	fmt.Fprintln(stderr, "datchuan:", err)
	return 1
}
