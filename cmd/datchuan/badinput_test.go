package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// badRequest is one way of sending a bad input: a form (multipart when it
// carries files), a JSON body, or a GET.
type badRequest struct {
	method, path string
	form         url.Values
	files        []upload
	json         any
}

// badInput is one hostile or careless input, sent through each entry
// point that takes it: the page's form (html) and the JSON API (api).
type badInput struct {
	name      string
	as        string
	html, api *badRequest
	want      string // words of the Vietnamese message that says what is wrong
}

const (
	communeSet  = "demo-tv-ntm-commune-2021-2025"
	districtSet = "demo-tv-ntm-district-2021-2025"
	income      = "/don-vi/29446/bao-cao/" + communeSet + "/10" // amount_min, triệu đồng/người/năm
)

var (
	selectedLead = regexp.MustCompile(`<select id="lead" name="lead">.*?<option value="(\d+)" selected>`)
	versionInput = regexp.MustCompile(`name="version" value="(\d+)"`)
)

// TestBadInputRefused sends each bad input of issue 10 through the HTML
// form, the JSON API and the command line, on both engines: each gets a
// 4xx (or exit 2) with a message in Vietnamese, never a 5xx or a panic.
// NUL bytes and year-0000 dates failed only on PostgreSQL.
func TestBadInputRefused(t *testing.T) {
	for name, cfgFor := range engines(t) {
		t.Run(name, func(t *testing.T) {
			cfg := cfgFor(t)
			a := demoApp(t, cfg)
			base := serve(t, mustServer(t, a, Config{InsecureCookies: true}))
			ss := map[string]*session{}
			for _, r := range []string{anon, coord, commune} {
				ss[r] = newSession(t, base, r)
			}
			for _, in := range badInputs(t, base, ss) {
				for via, req := range map[string]*badRequest{"html": in.html, "json": in.api} {
					if req == nil {
						continue
					}
					t.Run(in.name+"/"+via, func(t *testing.T) {
						st, body := ss[in.as].badSend(t, base, req)
						if st < 400 || st >= 500 {
							t.Fatalf("%s %s: status %d, want 4xx\n%.600s", req.method, req.path, st, body)
						}
						if !strings.Contains(body, in.want) {
							t.Errorf("%s %s: %d, the answer lacks %q\n%.2000s", req.method, req.path, st, in.want, body)
						}
					})
				}
			}
			for _, c := range badCommands(t, cfg) {
				t.Run(c.name+"/cli", func(t *testing.T) {
					code, out, errs := runCLI(t, c.vars, c.args...)
					if code != 2 || !strings.Contains(errs, c.want) {
						t.Errorf("%v: exit %d, want 2 saying %q\n%s%s", c.args[:2], code, c.want, out, errs)
					}
				})
			}
		})
	}
}

// badInputs are the inputs the probe of issue 10 found accepted, or
// answered with a 500.
func badInputs(t *testing.T, base string, ss map[string]*session) []badInput {
	me := personOf(t, ss[commune], base)
	_, page, _ := ss[coord].get(t, base+"/phan-cong/1")
	lead, version := selectedLead.FindStringSubmatch(page), versionInput.FindStringSubmatch(page)
	if lead == nil || version == nil {
		t.Fatalf("the edit page of assignment 1 shows no lead or version:\n%.1000s", page)
	}
	report := func(value, asOf, comment string, files ...upload) *badRequest {
		return &badRequest{method: "POST", path: income, files: files,
			form: url.Values{"number": {value}, "as_of": {asOf}, "comment": {comment}, "replace_confirmed": {"1"}}}
	}
	api := func(value, asOf, comment string) *badRequest {
		return &badRequest{method: "POST", path: "/api/values", json: map[string]any{"unit": "29446", "set_id": communeSet,
			"indicator": "10", "value": value, "as_of": asOf, "comment": comment, "replace_confirmed": true, "keep_evidence": true}}
	}
	task := func(title, due string) *badRequest {
		return &badRequest{method: "POST", path: "/don-vi/29446/nhiem-vu", form: url.Values{"title": {title}, "assignee": {me}, "due": {due}}}
	}
	plan := func(number, date string) *badRequest {
		return &badRequest{method: "POST", path: "/tinh/84/ke-hoach", form: url.Values{"number": {number}, "date": {date},
			"title": {"Kế hoạch thử"}, "issuer": {"UBND tỉnh"}}}
	}
	assignment := func(deadline, note string) *badRequest {
		return &badRequest{method: "POST", path: "/phan-cong/1", form: url.Values{"version": {version[1]}, "lead": {lead[1]},
			"deadline": {deadline}, "note": {note}}}
	}
	get := func(path string) *badRequest { return &badRequest{method: "GET", path: path} }
	nul := "Có\x00lỗi"
	bomb := upload{"evidence", "bien-ban.docx", zipBomb(t)}
	var ins []badInput
	add := func(name, as string, html, api *badRequest, want string) {
		ins = append(ins, badInput{name: name, as: as, html: html, api: api, want: want})
	}
	add("NUL in a comment", commune, report("50", "31/08/2022", nul), api("50", "31/08/2022", nul), "ký tự điều khiển")
	add("NUL in a task title", commune, task(nul, "30/09/2022"), nil, "ký tự điều khiển")
	add("not UTF-8 in a comment", commune, report("50", "31/08/2022", "Có\xfflỗi"), nil, "UTF-8")
	add("NUL in a unit code", commune, get("/don-vi/%00"), get("/api/units/%00"), "ký tự điều khiển")
	add("NUL in a district code", commune, get("/huyen/%00"), get("/api/districts/%00/status"), "ký tự điều khiển")
	add("NUL in a province code", coord, get("/tinh/%00/ke-hoach"), get("/api/provinces/%00/status"), "ký tự điều khiển")
	add("NUL in a filter", coord, get("/phe-duyet?tinh=%00"), get("/api/units?parent=%00"), "ký tự điều khiển")
	add("NUL in an agency kind", coord, nil, get("/api/agencies?kind=%00"), "không hợp lệ")
	add("NUL in a search", commune, get("/tim?q=a%00b"), get("/api/units?q=a%00b"), "ký tự điều khiển")
	add("NUL in a login", anon, &badRequest{method: "POST", path: "/dang-nhap", form: url.Values{"login": {"vpdp\x00"}, "password": {"x"}}}, nil, "không đúng")
	add("year 0000 as of", commune, report("50", "0000-01-01", ""), api("50", "0000-01-01", ""), "1945")
	add("year 0000 task due", commune, task("Rà soát", "0000-01-01"), nil, "1945")
	add("year 0000 plan date", coord, plan("99/KH-UBND", "0000-01-01"), nil, "1945")
	add("year 0000 deadline", coord, assignment("0000-01-01", ""), nil, "1945")
	add("year 0000 on a page", commune, get("/huyen/848?on=0000-01-01"), get("/api/districts/848/status?on=0000-01-01"), "1945")
	for _, n := range []string{"0x1p4", "1_000", "1e2", "Inf", "NaN", "1,234.5"} {
		add("number "+n, commune, report(n, "31/08/2022", ""), api(n, "31/08/2022", ""), "không đọc được")
	}
	for _, n := range []string{"-0", "+5"} {
		add("number "+n, commune, report(n, "31/08/2022", ""), api(n, "31/08/2022", ""), "không viết dấu")
	}
	add("number 47.000", commune, report("47.000", "31/08/2022", ""), api("47.000", "31/08/2022", ""), "47 000")
	add("number 1,234", commune, report("1,234", "31/08/2022", ""), api("1,234", "31/08/2022", ""), "1 234")
	add("district indicator by a commune", commune,
		&badRequest{method: "POST", path: "/don-vi/29446/bao-cao/" + districtSet + "/2.2", form: url.Values{"number": {"100"}, "as_of": {"31/08/2022"}}},
		&badRequest{method: "POST", path: "/api/values", json: map[string]any{"unit": "29446", "set_id": districtSet, "indicator": "2.2", "value": "100", "as_of": "31/08/2022"}},
		"không áp dụng")
	big := strings.Repeat("x", 900<<10)
	add("900 KB comment", commune, report("50", "31/08/2022", big), api("50", "31/08/2022", big), "quá 2000 ký tự")
	add("100 KB plan number", coord, plan(strings.Repeat("9", 100<<10), "01/08/2022"), nil, "quá 100 ký tự")
	add("1 MB assignment note", coord, assignment("30/09/2022", strings.Repeat("g", 1<<20)), nil, "quá 2000 ký tự")
	add("3 MB form without files", coord, assignment("30/09/2022", strings.Repeat("g", 3<<20)), nil, "quá lớn")
	add("2 MB JSON body", commune, nil, api("50", "31/08/2022", strings.Repeat("x", 2<<20)), "quá 1 MB")
	long := strings.Repeat("a", 50000)
	add("50,000-character search", commune, get("/tim?q="+long), get("/api/units?q="+long), "quá 100 ký tự")
	add("DOCX that inflates to 4 GiB", commune, report("50", "31/08/2022", "", bomb),
		&badRequest{method: "POST", path: "/api/files", files: []upload{{"file", bomb.name, bomb.data}}}, "giải nén")
	return ins
}

// badCommand is a bad input given to a command.
type badCommand struct {
	name string
	vars map[string]string
	args []string
	want string
}

func badCommands(t *testing.T, cfg Config) []badCommand {
	vars := map[string]string{"DATCHUAN_USER_PASSWORD": "mật-khẩu-đủ-dài", "DATABASE_URL": cfg.DatabaseURL}
	dir := cfg.DataDir
	if dir == "" {
		dir = t.TempDir()
	}
	user := func(login, name string) []string {
		return []string{"user", "add", "-data", dir, "-login", login, "-name", name, "-role", "commune:29446"}
	}
	setDir := t.TempDir()
	set := "id: bad-date\nname_vi: \"Thử\"\nlegal_basis: {number: \"1/QĐ\", date: 0000-01-01, verified: false}\nperiod: {from: 2021, to: 2025}\n" +
		"level: commune\ntier: commune_ntm\ndraft: true\nclassifier: {kind: region, classes: [{code: DBSCL, name_vi: \"ĐBSCL\"}]}\n" +
		"criteria:\n  - code: \"1\"\n    name_vi: \"A\"\n    indicators:\n" +
		"      - {code: \"1.1\", name_vi: \"a\", kind: pass_fail, thresholds: [{value: Đạt, source: s, verified: false}]}\n"
	if err := os.WriteFile(filepath.Join(setDir, "bad.yaml"), []byte(set), 0o644); err != nil {
		t.Fatal(err)
	}
	return []badCommand{
		{"NUL in a name", vars, user("xa-moi", "Nguyễn\x00Văn"), "ký tự điều khiển"},
		{"NUL in a login", vars, user("xa\x00moi", "Nguyễn Văn"), "ký tự điều khiển"},
		{"long name", vars, user("xa-moi", strings.Repeat("x", 100<<10)), "quá 200 ký tự"},
		{"year 0000 in a set", nil, []string{"catalog", "check", setDir}, "1945"},
	}
}

// badSend sends a bad request as the session and returns the status and
// the body.
func (s *session) badSend(t *testing.T, base string, req *badRequest) (int, string) {
	t.Helper()
	switch {
	case req.method == "GET":
		st, body, _ := s.get(t, base+req.path)
		return st, body
	case req.json != nil:
		b, err := json.Marshal(req.json)
		if err != nil {
			t.Fatal(err)
		}
		return s.do(t, "POST", base+req.path, "application/json", b)
	}
	if req.form == nil {
		req.form = url.Values{}
	}
	st, body, _ := s.send(t, base+req.path, req.form, req.files...)
	return st, body
}

// zipBomb is a small DOCX whose document part declares 4 GiB: the
// archive's directory is what a reader trusts before inflating anything.
func zipBomb(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	put("[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)
	// 4 GiB of zeros deflate to about 4 MB; a test need not make them:
	// the directory's declared size is what the check reads.
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate,
		CompressedSize64: 1, UncompressedSize64: 4 << 30, CRC32: 0})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte{0x03}); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
