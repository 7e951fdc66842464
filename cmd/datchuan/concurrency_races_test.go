package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/demo"
)

// The races of TestConcurrentEdits, one per kind of row that people edit
// from a version: rows of the assignment table, member tasks, plans and
// their files, approval items, accounts. Each round gives every row a few
// requests at once (see race.round), mixed the way pages send them.

// raceWorld is the demo served for the races, with a province of its own
// (Bến Tre, set up over HTTP as people would): a pages's navigation counts
// the work of the whole province, and Trà Vinh's would make the races
// measure those counts rather than the edits.
type raceWorld struct {
	a    *app
	base string
	n    int // requests per race
	// admin is the demo's administrator and leader its provincial leader;
	// coord the coordination office of Bến Tre and commune the committee
	// of one of its communes.
	admin, leader, coord, commune *session
	agency                        string // the ID of Bến Tre's construction department
}

// Bến Tre: the communes of the race, of Huyện Châu Thành.
const (
	raceProvince = "83"
	raceCommune  = "28804"
)

var raceCommunes = []string{raceCommune, "28807", "28810", "28813"}

func newRaceWorld(t *testing.T, a *app, base string, n int) *raceWorld {
	t.Helper()
	w := &raceWorld{a: a, base: base, n: n, admin: fast(newSession(t, base, admin)), leader: fast(newSession(t, base, leader))}
	w.expect(t, w.admin, "/quan-tri/co-quan", "code", "83-SXD", "name", "Sở Xây dựng tỉnh Bến Tre", "short", "Sở XD",
		"kind", string(datchuan.AgencyDepartment), "unit", raceProvince)
	ags, err := a.stores.Agencies.FindAgencies(context.Background(), datchuan.AgencyFilter{Kind: datchuan.AgencyDepartment})
	if err != nil {
		t.Fatal(err)
	}
	for _, ag := range ags {
		if ag.Code == "83-SXD" {
			w.agency = strconv.FormatInt(ag.ID, 10)
		}
	}
	w.coord = w.account(t, "vpdp-bentre", "Nguyễn Văn Bến", datchuan.RoleCoordination, raceProvince)
	w.commune = w.account(t, "xa-tanthach", "Lê Thị Thạch", datchuan.RoleCommune, raceCommune)
	return w
}

// account makes an account with one role, as the administrator does, and
// signs it in.
func (w *raceWorld) account(t *testing.T, login, name string, kind datchuan.RoleKind, unit string) *session {
	t.Helper()
	loc := w.expect(t, w.admin, "/quan-tri/nguoi-dung", "login", login, "name", name, "email", login+"@bentre.gov.vn",
		"lang", "vi", "password", demo.Password)
	w.expect(t, w.admin, loc+"/vai-tro", "kind", string(kind), "unit", unit)
	return fast(newSession(t, w.base, login))
}

// expect posts a form that must be accepted and returns where it leads.
func (w *raceWorld) expect(t *testing.T, s *session, path string, kv ...string) string {
	t.Helper()
	st, body, loc := s.send(t, w.base+path, form(0, kv...))
	if st != http.StatusSeeOther {
		t.Fatalf("POST %s: %d %s", path, st, gist(body))
	}
	if i := strings.IndexAny(loc, "?#"); i >= 0 {
		loc = loc[:i]
	}
	return loc
}

// idOf is the ID at the end of a path.
func idOf(t *testing.T, path string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(path[strings.LastIndexByte(path, '/')+1:], 10, 64)
	if err != nil {
		t.Fatalf("no ID in %q", path)
	}
	return id
}

// rounds is the number of rounds of a race.
func (w *raceWorld) rounds() int { return (w.n + raceWidth - 1) / raceWidth }

// from is the version request i of k names when the row is at version v:
// most name v (a page opened just now); the one before last the version
// before (a page opened before the last change); the last one the next
// version, as a client that guesses it would: it must never slip in over
// a change it did not see.
func from(i, k, v int) int {
	switch {
	case i == k-1:
		return v + 1
	case i == k-2 && v > 1:
		return v - 1
	}
	return v
}

// form is the fields of a form with the version it names (none for 0).
func form(version int, kv ...string) url.Values {
	f := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Add(kv[i], kv[i+1])
	}
	if version != 0 {
		f.Set("version", strconv.Itoa(version))
	}
	return f
}

// plan makes a plan of Bến Tre and returns its ID.
func (w *raceWorld) plan(t *testing.T, number string) int64 {
	t.Helper()
	return idOf(t, w.expect(t, w.coord, "/tinh/"+raceProvince+"/ke-hoach", "number", number, "date", "01/08/2022",
		"issuer", "Ban Chỉ đạo tỉnh", "signer", "Trần Ngọc Tam", "title", "Kế hoạch thực hiện năm 2022"))
}

// assignments: the four rows of a plan's table (criterion 1 of four
// communes) edited, marked done and reopened, and two of them deleted,
// from one version at a time.
func (w *raceWorld) assignments(t *testing.T) race {
	ctx := context.Background()
	plan := w.plan(t, "59/KH-BCĐ")
	kv := []string{"criterion", "1", "lead", w.agency, "deadline", "31/12/2022", "outputs", string(datchuan.OutputGuidance)}
	for _, code := range raceCommunes {
		kv = append(kv, "units", code)
	}
	w.expect(t, w.coord, fmt.Sprintf("/ke-hoach/%d/phan-cong", plan), kv...)
	as, err := w.a.stores.Plans.Assignments(ctx, datchuan.AssignmentFilter{PlanID: plan})
	if err != nil || len(as) != 4 {
		t.Fatalf("the plan's assignments: %d, %v", len(as), err)
	}
	ids := []int64{as[0].ID, as[1].ID, as[2].ID, as[3].ID}
	deletable := map[int64]bool{ids[2]: true, ids[3]: true}
	return race{entity: "assignment", ids: ids,
		load: func(ctx context.Context, id int64) (any, error) {
			rows, err := w.a.stores.Plans.Assignments(ctx, datchuan.AssignmentFilter{IDs: []int64{id}})
			if err == nil && len(rows) == 0 {
				err = datchuan.Errorf(datchuan.ENOTFOUND, "gone")
			}
			if err != nil {
				return nil, err
			}
			return rows[0], nil
		},
		round: func(r int, id int64, row map[string]any) []*attempt {
			const k = 5
			path := fmt.Sprintf("/phan-cong/%d", id)
			var out []*attempt
			for i := range k {
				a := &attempt{s: w.coord, version: from(i, k, version(row))}
				switch {
				case i == 0:
					done, want := "1", true
					if row["done"] == true {
						done, want = "0", false
					}
					a.path, a.fields = path+"/xong", form(a.version, "done", done)
					a.owns = func(e *entry) bool { return e.after != nil && e.after["done"] == want }
				case (i == 1 || i == 2) && deletable[id] && r >= 2: // two deletes racing the edits
					a.path, a.fields = path+"/xoa", form(a.version)
					a.owns = func(e *entry) bool { return e.Action == datchuan.ActAssignmentDelete }
				default:
					note := fmt.Sprintf("Ghi chú vòng %d, lần %d", r, i)
					a.path, a.marker, a.form = path, note, true
					a.fields = form(a.version, "lead", fmt.Sprint(row["lead_id"]), "note", note,
						"deadline", fmt.Sprintf("%02d/12/2022", 1+(r*k+i)%28))
					a.fields["outputs"] = stringList(row["outputs"])
					a.owns = func(e *entry) bool { return e.after != nil && e.after["note"] == note }
				}
				out = append(out, a)
			}
			return out
		},
		twin: func(ctx context.Context, row map[string]any) (bool, error) {
			rows, err := w.a.stores.Plans.Assignments(ctx, datchuan.AssignmentFilter{UnitIDs: []int64{int64(row["unit_id"].(float64))},
				SetID: fmt.Sprint(row["set_id"]), CriterionCode: fmt.Sprint(row["criterion_code"])})
			return slices.ContainsFunc(rows, func(a *datchuan.Assignment) bool { return same(a.IndicatorCode, row["indicator_code"]) }), err
		},
	}
}

var taskAt = regexp.MustCompile(`#t-(\d+)$`)

// tasks: two member tasks of Tân Thạch whose status, due date and notes
// change and to which files are added, up to the limit of five.
func (w *raceWorld) tasks(t *testing.T) race {
	me := personOf(t, w.commune, w.base)
	var ids []int64
	for i := range 2 {
		st, body, loc := w.commune.send(t, w.base+"/don-vi/"+raceCommune+"/nhiem-vu", url.Values{
			"title": {fmt.Sprintf("Cập nhật hồ sơ tiêu chí %d", i+1)}, "assignee": {me}, "due": {"30/09/2022"}})
		m := taskAt.FindStringSubmatch(loc)
		if st != http.StatusSeeOther || m == nil {
			t.Fatalf("give a task: %d %q %s", st, loc, gist(body))
		}
		id, _ := strconv.ParseInt(m[1], 10, 64)
		ids = append(ids, id)
	}
	statuses := []string{"todo", "doing", "done"}
	return race{entity: "task", ids: ids, files: datchuan.MaxTaskFiles,
		load: func(ctx context.Context, id int64) (any, error) { return w.a.stores.Tasks.Task(ctx, id) },
		round: func(r int, id int64, row map[string]any) []*attempt {
			const k = 10
			var out []*attempt
			for i := range k {
				notes := fmt.Sprintf("Tiến độ vòng %d, lần %d", r, i)
				a := &attempt{s: w.commune, path: fmt.Sprintf("/nhiem-vu/%d", id), version: from(i, k, version(row)), marker: notes, form: true}
				a.fields = form(a.version, "status", statuses[(r+i)%3], "notes", notes, "due", fmt.Sprintf("%02d/10/2022", 1+(r*k+i)%28))
				if i%3 == 0 {
					a.file = fmt.Sprintf("nhiem-vu-%d-%d-%d.pdf", id, r, i)
				}
				a.owns = func(e *entry) bool { return e.after["notes"] == notes }
				out = append(out, a)
			}
			return out
		},
	}
}

// plans: two plans to which files are attached, up to the limit of
// twenty; some forms name no version (the server takes the one it reads).
func (w *raceWorld) plans(t *testing.T) race {
	ids := []int64{w.plan(t, "60/KH-BCĐ"), w.plan(t, "61/KH-BCĐ")}
	return race{entity: "plan", ids: ids, files: datchuan.MaxPlanFiles,
		load: func(ctx context.Context, id int64) (any, error) { return w.a.stores.Plans.Plan(ctx, id) },
		round: func(r int, id int64, row map[string]any) []*attempt {
			const k = 10
			var out []*attempt
			for i := range k {
				name := fmt.Sprintf("ke-hoach-%d-%d-%d.pdf", id, r, i)
				a := &attempt{s: w.coord, path: fmt.Sprintf("/ke-hoach/%d/tep", id), file: name, version: from(i, k, version(row))}
				if i == k-3 {
					a.version = 0
				}
				a.fields = form(a.version)
				a.owns = func(e *entry) bool { return slices.Contains(e.added, name) }
				out = append(out, a)
			}
			return out
		},
	}
}

// approvals: four items of the construction department submitted,
// returned and submitted again, and approved in the last rounds, by
// moves made at once from one version.
func (w *raceWorld) approvals(t *testing.T) race {
	var ids []int64
	for i := range 4 {
		ids = append(ids, idOf(t, w.expect(t, w.coord, "/phe-duyet", "agency", w.agency,
			"title", fmt.Sprintf("Quy hoạch chung xây dựng xã, hồ sơ %d", i+1))))
	}
	late := w.rounds() - 2
	return race{entity: "approval", ids: ids,
		load: func(ctx context.Context, id int64) (any, error) { return w.a.stores.Approvals.Approval(ctx, id) },
		round: func(r int, id int64, row map[string]any) []*attempt {
			const k = 5
			moves := []string{"trinh", "tra-lai", "tra-lai", "trinh", "tra-lai"}
			if r >= late {
				moves[2] = "duyet"
			}
			var out []*attempt
			for i, move := range moves {
				a := &attempt{s: w.coord, path: fmt.Sprintf("/phe-duyet/%d/%s", id, move), version: from(i, k, version(row))}
				switch move {
				case "trinh":
					a.fields = form(a.version)
					a.owns = func(e *entry) bool { return e.after["state"] == string(datchuan.ApprovalSubmitted) }
				case "tra-lai":
					reason := fmt.Sprintf("Thiếu biên bản thẩm định (vòng %d, lần %d)", r, i)
					a.fields = form(a.version, "reason", reason)
					a.owns = func(e *entry) bool { return e.after["reason"] == reason }
				case "duyet":
					number := fmt.Sprintf("%d%d/QĐ-UBND", 100+r, i)
					a.fields = form(a.version, "decision_number", number, "decision_date", "15/08/2022")
					a.owns = func(e *entry) bool { return e.after["decision_number"] == number }
				}
				out = append(out, a)
			}
			return out
		},
	}
}

// users: two accounts whose name and e-mail the administrator edits from
// one version at a time while one of them switches language (a preference
// saved without a form, which makes the next version).
func (w *raceWorld) users(t *testing.T) race {
	ctx := context.Background()
	var ids []int64
	for _, login := range []string{leader, district} {
		u, err := w.a.stores.Users.UserByLogin(ctx, login)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	return race{entity: "user", ids: ids,
		load: func(ctx context.Context, id int64) (any, error) { return w.a.stores.Users.User(ctx, id) },
		round: func(r int, id int64, row map[string]any) []*attempt {
			const k = 10
			var out []*attempt
			for i := range k {
				if i == 0 && id == ids[0] {
					lang := "en"
					if row["lang"] == "en" {
						lang = "vi"
					}
					out = append(out, &attempt{s: w.leader, path: "/ngon-ngu", fields: url.Values{"lang": {lang}, "next": {"/"}},
						owns: func(e *entry) bool { return e.after["version"] == nil && e.after["lang"] == lang }})
					continue
				}
				name := fmt.Sprintf("Thạch Thị Sa Ra %d-%d", r, i)
				a := &attempt{s: w.admin, path: fmt.Sprintf("/quan-tri/nguoi-dung/%d", id), version: from(i, k, version(row)), marker: name, form: true}
				a.fields = form(a.version, "name", name, "email", fmt.Sprintf("sara.%d.%d@travinh.gov.vn", r, i))
				a.owns = func(e *entry) bool { return e.after["name"] == name }
				out = append(out, a)
			}
			return out
		},
	}
}
