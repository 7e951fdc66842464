// Package office converts office documents the project writes (DOCX, XLSX)
// to PDF with LibreOffice and reads the PDF back with poppler, so that tests
// check what a person would see when opening the file, not only its XML.
//
// The tools are soffice (LibreOffice), pdftotext and pdfinfo (poppler-utils).
// When one is missing the test is skipped, unless the environment sets
// DATCHUAN_REQUIRE_LIBREOFFICE=1 (as CI does), and then it fails.
package office

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// RequireEnv names the variable that turns a missing tool from a skip into
// a failure.
const RequireEnv = "DATCHUAN_REQUIRE_LIBREOFFICE"

// timeout bounds one conversion; LibreOffice's first start in a fresh
// profile takes several seconds, a hung one must not hang the test run.
const timeout = 3 * time.Minute

// PDF is what LibreOffice printed a document as.
type PDF struct {
	Text   string  // pdftotext -layout; pages end with a form feed (\f)
	Pages  int     // number of pages
	Width  float64 // first page's width in points (A4: 595.3)
	Height float64 // first page's height in points (A4: 841.9)
	Info   string  // pdfinfo's full output
}

// PageTexts returns the text of each page.
func (p PDF) PageTexts() []string {
	return strings.Split(strings.TrimSuffix(p.Text, "\f"), "\f")
}

// A4 reports whether the first page is A4 portrait, to the point.
func (p PDF) A4() bool {
	return p.Width > 594 && p.Width < 597 && p.Height > 841 && p.Height < 843
}

// PDFText converts the document data (name gives its extension: .docx,
// .xlsx) to PDF and returns the PDF's text laid out as on the page.
func PDFText(t testing.TB, name string, data []byte) string {
	t.Helper()
	return Convert(t, name, data).Text
}

// Convert converts the document data to PDF with LibreOffice and returns
// its text and page geometry. It skips or fails t when a tool is missing
// (see RequireEnv) and fails t when the conversion fails.
func Convert(t testing.TB, name string, data []byte) PDF {
	t.Helper()
	requireTools(t)
	dir := t.TempDir()
	src := filepath.Join(dir, filepath.Base(name))
	if err := os.WriteFile(src, data, 0o600); err != nil {
		t.Fatalf("office: write %s: %v", name, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	// A profile of its own lets conversions run in parallel and keeps the
	// user's LibreOffice settings out of the result.
	cmd := exec.CommandContext(ctx, "soffice",
		"-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--convert-to", "pdf", "--outdir", dir, src)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("office: soffice %s: %v\n%s", name, err, out)
	}
	pdf := strings.TrimSuffix(src, filepath.Ext(src)) + ".pdf"
	if _, err := os.Stat(pdf); err != nil {
		// soffice exits 0 when it cannot read the file; it only says so.
		t.Fatalf("office: soffice made no PDF of %s: %v\n%s", name, err, out)
	}
	text := run(ctx, t, "pdftotext", "-layout", "-enc", "UTF-8", pdf, "-")
	info := run(ctx, t, "pdfinfo", pdf)
	p := PDF{Text: text, Info: info}
	if err := p.parseInfo(); err != nil {
		t.Fatalf("office: pdfinfo %s: %v\n%s", name, err, info)
	}
	return p
}

func run(ctx context.Context, t testing.TB, name string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("office: %s: %v\n%s", name, err, stderr.String())
	}
	return string(out)
}

var (
	pagesLine = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)
	sizeLine  = regexp.MustCompile(`(?m)^Page size:\s+([\d.]+) x ([\d.]+) pts`)
)

// parseInfo reads the page count and the first page's size from pdfinfo.
func (p *PDF) parseInfo() error {
	pages := pagesLine.FindStringSubmatch(p.Info)
	size := sizeLine.FindStringSubmatch(p.Info)
	if pages == nil || size == nil {
		return errors.New("no Pages or Page size line")
	}
	var err1, err2, err3 error
	p.Pages, err1 = strconv.Atoi(pages[1])
	p.Width, err2 = strconv.ParseFloat(size[1], 64)
	p.Height, err3 = strconv.ParseFloat(size[2], 64)
	return errors.Join(err1, err2, err3)
}

// requireTools skips t, or fails it under RequireEnv, when a tool is
// missing.
func requireTools(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"soffice", "pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv(RequireEnv) == "1" {
				t.Fatalf("office: %s not found and %s=1: install LibreOffice and poppler-utils", tool, RequireEnv)
			}
			t.Skipf("office: %s not found; install LibreOffice and poppler-utils (%s=1 makes this a failure)", tool, RequireEnv)
		}
	}
}
