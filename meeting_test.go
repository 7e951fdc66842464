package datchuan_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan"
)

// TestMeetingAccessRules: a district's committee runs its own meetings,
// the coordination office the province's and any district's; the
// province's officers read; communes and other districts do not.
func TestMeetingAccessRules(t *testing.T) {
	units := fakeUnits{units: []*datchuan.Unit{
		{ID: 1, Code: "84", Level: datchuan.LevelProvince},
		{ID: 2, Code: "848", Level: datchuan.LevelDistrict, ParentCode: "84"},
		{ID: 3, Code: "850", Level: datchuan.LevelDistrict, ParentCode: "84"},
		{ID: 4, Code: "29446", Level: datchuan.LevelCommune, ParentCode: "848"},
	}}
	agencies := fakeAgencies{agencies: []*datchuan.Agency{{ID: 10, Code: "84-SXD", Kind: datchuan.AgencyDepartment, UnitID: 1}}}
	tree := datchuan.NewUnitTree(units, nil)
	access := func(r datchuan.Role) *datchuan.Access {
		a, err := datchuan.LoadAccess(context.Background(), &datchuan.User{ID: 1, Login: "x", Roles: []datchuan.Role{r}}, tree, agencies)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	caungang := datchuan.UnitPath{Province: "84", District: "848"}
	province := datchuan.UnitPath{Province: "84"}
	district := access(datchuan.Role{Kind: datchuan.RoleDistrict, UnitID: 2})
	other := access(datchuan.Role{Kind: datchuan.RoleDistrict, UnitID: 3})
	commune := access(datchuan.Role{Kind: datchuan.RoleCommune, UnitID: 4})
	coord := access(datchuan.Role{Kind: datchuan.RoleCoordination, UnitID: 1})
	leader := access(datchuan.Role{Kind: datchuan.RoleLeader, UnitID: 1})
	dept := access(datchuan.Role{Kind: datchuan.RoleDepartment, AgencyID: 10})
	admin := access(datchuan.Role{Kind: datchuan.RoleAdmin})
	for _, c := range []struct {
		name      string
		got, want bool
	}{
		{"district runs its own", district.CanRunMeetings(caungang), true},
		{"district runs the province's", district.CanRunMeetings(province), false},
		{"district reads the province's", district.CanSeeMeetings(province), false},
		{"another district reads", other.CanSeeMeetings(caungang), false},
		{"commune reads its district's", commune.CanSeeMeetings(caungang), false},
		{"commune runs a commune's (no such series)", commune.CanRunMeetings(datchuan.UnitPath{Province: "84", District: "848", Commune: "29446"}), false},
		{"coordination runs the province's", coord.CanRunMeetings(province), true},
		{"coordination runs a district's", coord.CanRunMeetings(caungang), true},
		{"coordination of another province", coord.CanSeeMeetings(datchuan.UnitPath{Province: "83", District: "831"}), false},
		{"leader reads a district's", leader.CanSeeMeetings(caungang), true},
		{"leader runs", leader.CanRunMeetings(province), false},
		{"department reads the province's", dept.CanSeeMeetings(province), true},
		{"department runs", dept.CanRunMeetings(caungang), false},
		{"admin reads", admin.CanSeeMeetings(caungang), false},
	} {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	if err := commune.CheckRunMeetings(caungang); datchuan.ErrorCode(err) != datchuan.EFORBIDDEN {
		t.Errorf("CheckRunMeetings of a commune: %v", err)
	}
	if err := district.CheckSeeMeetings(caungang); err != nil {
		t.Errorf("CheckSeeMeetings of the district: %v", err)
	}
}

func TestMeetingValidate(t *testing.T) {
	at := time.Date(2022, 9, 2, 14, 0, 0, 0, datchuan.Vietnam())
	ok := func() *datchuan.Meeting {
		return &datchuan.Meeting{SeriesID: 1, At: at, State: datchuan.MeetingPlanned,
			Attendance: []datchuan.Attendee{{Name: "Thạch Sô Phên", Present: true}},
			Decisions:  []datchuan.Decision{{Text: "Hoàn thiện hồ sơ", Due: datchuan.NewDate(2022, 9, 9)}}}
	}
	if err := ok().Validate(); err != nil {
		t.Fatalf("a good meeting: %v", err)
	}
	for name, c := range map[string]struct {
		change func(m *datchuan.Meeting)
		field  string
	}{
		"no day":                      {func(m *datchuan.Meeting) { m.At = time.Time{} }, datchuan.FieldMeetingAt},
		"a year nobody meant":         {func(m *datchuan.Meeting) { m.At = at.AddDate(200, 0, 0) }, datchuan.FieldMeetingAt},
		"an attendee without a name":  {func(m *datchuan.Meeting) { m.Attendance[0].Name = " " }, "attendee_name-0"},
		"a decision without text":     {func(m *datchuan.Meeting) { m.Decisions[0].Text = "" }, "decision_text-0"},
		"a decision due in year 2202": {func(m *datchuan.Meeting) { m.Decisions[0].Due = datchuan.NewDate(2202, 1, 1) }, "decision_due-0"},
		"cancelled without a reason":  {func(m *datchuan.Meeting) { m.State = datchuan.MeetingCancelled }, datchuan.FieldMeetingNote},
		"held without its agenda":     {func(m *datchuan.Meeting) { m.State = datchuan.MeetingHeld }, datchuan.FieldStatus},
		"conclusions of 8001 letters": {func(m *datchuan.Meeting) { m.Conclusions = strings.Repeat("ệ", 8001) }, datchuan.FieldMeetingConclusions},
		"a control character":         {func(m *datchuan.Meeting) { m.Chair = "Thạch\x00" }, datchuan.FieldMeetingChair},
	} {
		m := ok()
		c.change(m)
		if f := fields(t, m.Validate()); f[c.field] == "" {
			t.Errorf("%s: no problem on %s: %v", name, c.field, f)
		}
	}
	s := &datchuan.MeetingSeries{ProvinceID: 1, UnitID: 2, AgencyID: 3, Title: "Họp BCĐ", Schedule: datchuan.Schedule{Weekday: 7, Hour: 24}}
	if f := fields(t, s.Validate()); f[datchuan.FieldWeekday] == "" || f[datchuan.FieldHour] == "" {
		t.Errorf("a series on day 7 at 24:00: %v", f)
	}
}

// TestSeriesDays: the next day of a series' weekday, and its hour on it.
func TestSeriesDays(t *testing.T) {
	s := &datchuan.MeetingSeries{Schedule: datchuan.Schedule{Weekday: time.Friday, Hour: 14}}
	for from, want := range map[string]string{
		"2022-09-01": "2022-09-02", // a Thursday: the next day
		"2022-09-02": "2022-09-02", // a Friday: that very day
		"2022-09-03": "2022-09-09",
	} {
		if got := s.NextDay(datchuan.MustDate(from)); got.String() != want {
			t.Errorf("NextDay(%s) = %s, want %s", from, got, want)
		}
	}
	if got := s.Slot(datchuan.MustDate("2022-09-02")); !got.Equal(time.Date(2022, 9, 2, 14, 0, 0, 0, datchuan.Vietnam())) {
		t.Errorf("Slot = %v", got)
	}
}
