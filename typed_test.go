package datchuan_test

import (
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
)

// textField is one text field of a Validate: how to set it on an
// otherwise valid value and validate, its problem's field name, its
// limit, and whether it takes several lines.
type textField struct {
	name, field string
	max         int
	lines       bool
	check       func(s string) error
}

// tooLong is what the problem of a text over its limit says, for the
// fields whose message is not the usual one.
var tooLong = map[string]string{"user login": "quá 64 ký tự", "user email": "không hợp lệ"}

// textFields lists every text field that people write, type by type.
func textFields() []textField {
	ind := &datchuan.Indicator{Code: "1.1", Kind: datchuan.KindPassFail}
	value := func(set func(*datchuan.Value, string)) func(string) error {
		return func(s string) error {
			v := &datchuan.Value{IndicatorCode: "1.1", Measure: datchuan.BoolMeasure(true), AsOf: today}
			set(v, s)
			return v.Validate(ind, nil, false, today)
		}
	}
	plan := func(set func(*datchuan.Plan, string)) func(string) error {
		return func(s string) error {
			p := &datchuan.Plan{Number: "45/KH-BCĐ", Date: today, Title: "Kế hoạch", ProvinceID: 1}
			set(p, s)
			return p.Validate()
		}
	}
	task := func(set func(*datchuan.Task, string)) func(string) error {
		return func(s string) error {
			x := &datchuan.Task{Title: "Rà soát", AssigneeID: 1, UnitID: 1, Status: datchuan.TaskTodo}
			set(x, s)
			return x.Validate()
		}
	}
	guidance := func(set func(*datchuan.Guidance, string)) func(string) error {
		return func(s string) error {
			g := &datchuan.Guidance{Number: "1/HD", Title: "Hướng dẫn", Date: today, SetID: "s", CriterionCode: "1", AgencyID: 1, File: "f"}
			set(g, s)
			return g.Validate(today)
		}
	}
	approval := func(state datchuan.ApprovalState, set func(*datchuan.Approval, string)) func(string) error {
		return func(s string) error {
			a := &datchuan.Approval{Title: "Quy hoạch", AgencyID: 1, State: state, DecisionNumber: "1/QĐ", DecisionDate: today, Reason: "thiếu"}
			set(a, s)
			return a.Validate(today)
		}
	}
	user := func(set func(*datchuan.User, string)) func(string) error {
		return func(s string) error {
			u := &datchuan.User{Login: "xa-moi", Name: "Nguyễn Văn A", Lang: "vi"}
			set(u, s)
			return u.Validate()
		}
	}
	agency := func(set func(*datchuan.Agency, string)) func(string) error {
		return func(s string) error {
			a := &datchuan.Agency{Code: "84-SXD", Name: "Sở Xây dựng", Kind: datchuan.AgencyDepartment, UnitID: 1}
			set(a, s)
			return a.Validate()
		}
	}
	return []textField{
		{"value comment", "comment", datchuan.MaxText, true, value(func(v *datchuan.Value, s string) { v.Comment = s })},
		{"review reason", "reason", datchuan.MaxText, true, func(s string) error {
			return (&datchuan.Review{Decision: datchuan.StateReturned, Reason: "x" + s}).Validate()
		}},
		{"plan number", "number", datchuan.MaxNumber, false, plan(func(p *datchuan.Plan, s string) { p.Number = s })},
		{"plan title", "title", datchuan.MaxTitle, false, plan(func(p *datchuan.Plan, s string) { p.Title = s })},
		{"plan issuer", "issuer", datchuan.MaxName, false, plan(func(p *datchuan.Plan, s string) { p.Issuer = s })},
		{"plan signer", "signer", datchuan.MaxName, false, plan(func(p *datchuan.Plan, s string) { p.Signer = s })},
		{"assignment note", "note", datchuan.MaxText, true, func(s string) error {
			return (&datchuan.Assignment{UnitID: 1, SetID: "s", CriterionCode: "1", LeadID: 1, Deadline: today, Note: s}).Validate()
		}},
		{"task title", "title", datchuan.MaxTitle, false, task(func(x *datchuan.Task, s string) { x.Title = s })},
		{"task notes", "notes", datchuan.MaxText, true, task(func(x *datchuan.Task, s string) { x.Notes = s })},
		{"guidance number", "number", datchuan.MaxNumber, false, guidance(func(g *datchuan.Guidance, s string) { g.Number = s })},
		{"guidance title", "title", datchuan.MaxTitle, false, guidance(func(g *datchuan.Guidance, s string) { g.Title = s })},
		{"approval title", "title", datchuan.MaxTitle, false, approval(datchuan.ApprovalDraft, func(a *datchuan.Approval, s string) { a.Title = s })},
		{"approval decision number", "decision_number", datchuan.MaxNumber, false,
			approval(datchuan.ApprovalApproved, func(a *datchuan.Approval, s string) { a.DecisionNumber = s })},
		{"approval reason", "reason", datchuan.MaxText, true, approval(datchuan.ApprovalReturned, func(a *datchuan.Approval, s string) { a.Reason = s })},
		{"user login", "login", datchuan.MaxLogin, false, user(func(u *datchuan.User, s string) { u.Login = strings.ReplaceAll(s, " ", "-") })},
		{"user name", "name", datchuan.MaxName, false, user(func(u *datchuan.User, s string) { u.Name = s })},
		{"user email", "email", datchuan.MaxEmail, false, user(func(u *datchuan.User, s string) { u.Email = "a@" + strings.ReplaceAll(s, " ", "-") })},
		{"agency code", "code", datchuan.MaxNumber, false, agency(func(a *datchuan.Agency, s string) { a.Code = s })},
		{"agency name", "name", datchuan.MaxName, false, agency(func(a *datchuan.Agency, s string) { a.Name = s })},
		{"agency short name", "short", datchuan.MaxName, false, agency(func(a *datchuan.Agency, s string) { a.ShortName = s })},
	}
}

// Every text field that people write has a named limit and takes only
// typed characters: a NUL byte (which PostgreSQL cannot store), another
// control character or bytes that are not UTF-8 are refused on the field,
// whichever way the text came (form, JSON, workbook, command line);
// tabs and line breaks only where the field has several lines.
func TestEveryTextFieldIsChecked(t *testing.T) {
	for _, f := range textFields() {
		t.Run(f.name, func(t *testing.T) {
			if err := f.check("Ấp Sam Phô"); err != nil {
				t.Fatalf("a good text refused: %v", err)
			}
			if err := f.check(strings.Repeat("ệ", f.max-4)); err != nil {
				t.Errorf("%d letters refused: %v", f.max-4, err)
			}
			long := tooLong[f.name]
			if long == "" {
				long = "ký tự cho phép"
			}
			bad := map[string]string{
				strings.Repeat("ệ", f.max+1): long,
				"Ấp\x00Sam":                  "ký tự điều khiển U+0000",
				"Ấp\x1bSam":                  "ký tự điều khiển U+001B",
				"Ấp\u0085Sam":                "ký tự điều khiển U+0085",
				"Ấp\xffSam":                  "UTF-8",
			}
			multi := "Dòng một\r\nDòng hai\tcột"
			if f.lines {
				if err := f.check(multi); err != nil {
					t.Errorf("lines with a tab refused: %v", err)
				}
			} else {
				bad[multi] = "" // a control character, or (in a login) a space
			}
			for in, want := range bad {
				if got := fields(t, f.check(in))[f.field]; got == "" || !strings.Contains(got, want) {
					t.Errorf("%.20q: problem on %s = %q, want %q", in, f.field, got, want)
				}
			}
		})
	}
}

// Dates people write fall within MinYear–MaxYear, whatever the entry
// point: year 0000 was stored by SQLite and answered 500 by PostgreSQL.
func TestDateRange(t *testing.T) {
	for in, ok := range map[string]bool{
		"0000-01-01": false, "31/12/1944": false, "01/01/1945": true,
		"31/12/2100": true, "2101-01-01": false, "01/01/9999": false,
	} {
		d, err := datchuan.ParseDate(in)
		if ok != (err == nil) {
			t.Errorf("ParseDate(%q) = %v, %v; want accepted %v", in, d, err, ok)
		}
		if !ok && (!d.IsZero() || !strings.Contains(datchuan.ErrorText(err).Vi, "1945–2100")) {
			t.Errorf("ParseDate(%q) = %v, %v; want the zero date and the range in the message", in, d, err)
		}
		p := datchuan.Problems{}
		p.ParseDate("due", in, true)
		if ok != (len(p) == 0) {
			t.Errorf("Problems.ParseDate(%q): %v", in, p)
		}
		var u datchuan.Date
		if err := u.UnmarshalText([]byte(in)); ok != (err == nil) {
			t.Errorf("UnmarshalText(%q): %v", in, err)
		}
	}
	// A date stored before the range was checked is still read back, so
	// that its page shows rather than fails.
	var d datchuan.Date
	if err := d.Scan("0000-01-01"); err != nil || d != datchuan.NewDate(0, 1, 1) {
		t.Errorf("Scan of a stored 0000-01-01 = %v, %v", d, err)
	}
}

// Codes and words from paths and query strings have no Validate of a
// type: UnitFilter's and AgencyFilter's refuse them before any store
// sees them.
func TestFiltersValidate(t *testing.T) {
	for name, c := range map[string]struct {
		err  error
		want string
	}{
		"NUL in a code":    {datchuan.UnitFilter{Code: "\x00"}.Validate(), "ký tự điều khiển"},
		"NUL in a parent":  {datchuan.UnitFilter{ParentCode: "84\x00"}.Validate(), "ký tự điều khiển"},
		"NUL in codes":     {datchuan.UnitFilter{Codes: []string{"84", "8\x004"}}.Validate(), "ký tự điều khiển"},
		"a long search":    {datchuan.UnitFilter{Query: strings.Repeat("a", 50000)}.Validate(), "quá 100 ký tự"},
		"a bad level":      {datchuan.UnitFilter{Level: "planet"}.Validate(), "không hợp lệ"},
		"NUL in a kind":    {datchuan.AgencyFilter{Kind: "\x00"}.Validate(), "không hợp lệ"},
		"NUL in an agency": {datchuan.AgencyFilter{Code: "84-\x00"}.Validate(), "ký tự điều khiển"},
	} {
		if datchuan.ErrorCode(c.err) != datchuan.EINVALID || !strings.Contains(datchuan.ErrorText(c.err).Vi, c.want) {
			t.Errorf("%s: %v, want EINVALID saying %q", name, c.err, c.want)
		}
	}
	good := datchuan.UnitFilter{Code: "29446", ParentCode: "848", Query: strings.Repeat("ệ", datchuan.MaxSearch), Level: datchuan.LevelCommune}
	if err := good.Validate(); err != nil {
		t.Errorf("a good filter: %v", err)
	}
}

// A unit reports only indicators of a set that judges it: a commune not
// the district set, a district not the commune set, a thị trấn not the
// commune NTM set (which judges xã).
func TestCheckReports(t *testing.T) {
	communeSet := &datchuan.CriteriaSet{NameVi: "Bộ tiêu chí xã", Level: datchuan.LevelCommune, Tier: datchuan.TierCommuneNTM}
	districtSet := &datchuan.CriteriaSet{NameVi: "Bộ tiêu chí huyện", Level: datchuan.LevelDistrict, Tier: datchuan.TierDistrictNTM}
	xa := &datchuan.Unit{Name: "Xã Nhị Trường", Level: datchuan.LevelCommune, Type: datchuan.TypeCommune}
	town := &datchuan.Unit{Name: "Thị trấn Cầu Ngang", Level: datchuan.LevelCommune, Type: datchuan.TypeTown}
	huyen := &datchuan.Unit{Name: "Huyện Cầu Ngang", Level: datchuan.LevelDistrict}
	for _, c := range []struct {
		set  *datchuan.CriteriaSet
		unit *datchuan.Unit
		want string // "" when it may report
	}{
		{communeSet, xa, ""},
		{districtSet, huyen, ""},
		{districtSet, xa, "dành cho cấp huyện, không áp dụng cho Xã Nhị Trường"},
		{communeSet, huyen, "dành cho xã, không áp dụng cho Huyện Cầu Ngang"},
		{communeSet, town, "dành cho xã, không áp dụng cho Thị trấn Cầu Ngang"},
	} {
		err := c.set.CheckReports(c.unit)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s reports %s: %v", c.unit.Name, c.set.NameVi, err)
			}
			continue
		}
		if datchuan.ErrorCode(err) != datchuan.EINVALID || !strings.Contains(datchuan.ErrorText(err).Vi, c.want) {
			t.Errorf("%s reports %s: %v, want EINVALID saying %q", c.unit.Name, c.set.NameVi, err, c.want)
		}
	}
}
