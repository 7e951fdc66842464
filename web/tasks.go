package web

import (
	"context"
	"net/http"
	"sort"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/evidence"
	"github.com/datchuan/datchuan/work"
)

// workRoutes registers the work of the programme beside the values: member
// tasks of a commune, guidance documents and the items submitted to the
// Provincial People's Committee for approval.
func (s *Server) workRoutes() {
	s.private("GET /don-vi/{code}/nhiem-vu", s.tasksPage)
	s.private("POST /don-vi/{code}/nhiem-vu", s.createTask)
	s.private("POST /nhiem-vu/{id}", s.updateTask)
	s.private("GET /nhiem-vu/{id}/tep/{hash}", s.taskFile)
	s.private("GET /huong-dan", s.guidancePage)
	s.private("POST /huong-dan", s.publishGuidance)
	s.private("GET /huong-dan/{id}/tep", s.guidanceFile)
	s.private("GET /phe-duyet", s.approvalsPage)
	s.private("POST /phe-duyet", s.createApproval)
	s.private("GET /phe-duyet/{id}", s.approvalPage)
	s.private("POST /phe-duyet/{id}/trinh", s.submitApproval)
	s.private("POST /phe-duyet/{id}/duyet", s.approveApproval)
	s.private("POST /phe-duyet/{id}/tra-lai", s.returnApproval)
	s.private("GET /phe-duyet/{id}/tep/{hash}", s.approvalFile)
}

// maxTaskFiles is how many files one task may carry.
const maxTaskFiles = 5

// taskStatuses are the statuses in the order forms offer them.
var taskStatuses = []datchuan.TaskStatus{datchuan.TaskTodo, datchuan.TaskDoing, datchuan.TaskDone}

// taskForm is the new-task form as typed.
type taskForm struct {
	Title, Assignee, Link, Due, Notes string
	Kept                              []string
}

// taskEdit is the change form of one task as typed.
type taskEdit struct {
	Status, Due, Notes string
	Kept               []string
	Errors             map[string]string
}

type taskItem struct {
	*datchuan.Task
	Assignee  string
	Link      string
	Overdue   bool
	FileInfos []*datchuan.File // Task.Files, with their names
	Edit      taskEdit
}

type personChoice struct {
	ID   int64
	Name string
}

type tasksPage struct {
	base
	Unit      *datchuan.Unit
	Rows      []taskItem
	Open      int
	Late      int
	CanManage bool
	People    []personChoice
	Choices   []critChoice
	Statuses  []datchuan.TaskStatus
	Form      taskForm
	Files     map[string]*datchuan.File // names of the kept uploads
	Errors    map[string]string
	Done      string
	Accept    string
	MaxMB     int64
}

// StatusLabel names a task status in the page's language.
func (p tasksPage) StatusLabel(st datchuan.TaskStatus) string {
	switch st {
	case datchuan.TaskTodo:
		return p.T("Chưa làm", "To do")
	case datchuan.TaskDoing:
		return p.T("Đang làm", "In progress")
	case datchuan.TaskDone:
		return p.T("Đã xong", "Done")
	}
	return string(st)
}

// taskUnit resolves the commune of a task page and checks the viewer reads it.
func (s *Server) taskUnit(r *http.Request, code string) (*datchuan.Unit, datchuan.UnitPath, error) {
	u, _, err := s.unitByCode(r.Context(), code, datchuan.Date{})
	if err != nil {
		return nil, datchuan.UnitPath{}, err
	}
	if u.Level != datchuan.LevelCommune {
		return nil, datchuan.UnitPath{}, datchuan.Errorf(datchuan.ENOTFOUND, "Nhiệm vụ thành viên chỉ có ở cấp xã (member tasks belong to communes)")
	}
	if err := s.requireRead(r, u); err != nil {
		return nil, datchuan.UnitPath{}, err
	}
	p, err := s.pathOf(r.Context(), viewerOf(r), u)
	return u, p, err
}

var errNoTaskManage = datchuan.Errorf(datchuan.EFORBIDDEN, "Chỉ người báo cáo cho xã này (thành viên BCĐ xã, huyện, Văn phòng Điều phối) giao và cập nhật nhiệm vụ (only those who report for this commune manage its tasks)")

// taskSet is the commune set a commune's tasks link to: the set of its
// target, else the commune set in force.
func (s *Server) taskSet(ctx context.Context, u *datchuan.Unit) (*datchuan.CriteriaSet, error) {
	ts, err := s.deps.Targets.FindTargets(ctx, datchuan.TargetFilter{UnitIDs: []int64{u.ID}})
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if set, err := s.deps.Sets.Set(t.SetID); err == nil && set.Tier == datchuan.TierCommuneNTM {
			return set, nil
		}
	}
	return s.communeSet(nil, s.today().Year), nil
}

// taskPeople lists who may be given a task of the commune at p: the
// people behind accounts whose commune or district role covers it and who
// may report for it.
func (s *Server) taskPeople(ctx context.Context, v *viewer, p datchuan.UnitPath) ([]personChoice, error) {
	users, err := s.deps.Users.Users(ctx)
	if err != nil {
		return nil, err
	}
	units := map[int64]*datchuan.Unit{}
	seen := map[int64]bool{}
	var out []personChoice
	for _, u := range users {
		if u.Disabled || u.PersonID == 0 || seen[u.PersonID] {
			continue
		}
		near := false
		for _, role := range u.Roles {
			if (role.Kind != datchuan.RoleCommune && role.Kind != datchuan.RoleDistrict) || role.UnitID == 0 {
				continue
			}
			ru, ok := units[role.UnitID]
			if !ok {
				if ru, err = s.deps.Units.Unit(ctx, role.UnitID); err != nil {
					return nil, err
				}
				units[role.UnitID] = ru
			}
			rp, err := s.pathOf(ctx, v, ru)
			if err != nil {
				return nil, err
			}
			if p.Within(rp) {
				near = true
				break
			}
		}
		if !near {
			continue
		}
		acc, err := datchuan.LoadAccess(ctx, u, s.deps.Units, s.deps.Agencies)
		if err != nil {
			return nil, err
		}
		if acc.CanReport(p) {
			seen[u.PersonID] = true
			out = append(out, personChoice{ID: u.PersonID, Name: u.Name})
		}
	}
	vnSort(out, func(c personChoice) string { return c.Name })
	return out, nil
}

func (s *Server) tasksPage(w http.ResponseWriter, r *http.Request) error {
	u, p, err := s.taskUnit(r, r.PathValue("code"))
	if err != nil {
		return err
	}
	return s.renderTasks(w, r, http.StatusOK, u, p, taskForm{}, nil, nil, nil)
}

// renderTasks shows the commune's tasks, open ones first; form and errs
// are the new-task form, edits the refused change of a task.
func (s *Server) renderTasks(w http.ResponseWriter, r *http.Request, status int, u *datchuan.Unit, path datchuan.UnitPath,
	form taskForm, errs map[string]string, files map[string]*datchuan.File, edits map[int64]taskEdit) error {
	ctx := r.Context()
	v := viewerOf(r)
	p := tasksPage{base: s.pageBase(r, "Nhiệm vụ thành viên · "+u.Name, "Member tasks · "+u.Name), Unit: u,
		CanManage: v.access.CanReport(path), Statuses: taskStatuses, Form: form, Files: files, Errors: errs,
		Done: r.URL.Query().Get("ok"), Accept: evidence.Accept, MaxMB: s.deps.MaxUpload >> 20}
	tasks, err := s.deps.Tasks.Tasks(ctx, datchuan.TaskFilter{UnitIDs: []int64{u.ID}})
	if err != nil {
		return err
	}
	var hashes []string
	for _, t := range tasks {
		hashes = append(hashes, t.Files...)
		hashes = append(hashes, edits[t.ID].Kept...)
	}
	infos, err := s.deps.Files.FileInfos(ctx, hashes)
	if err != nil {
		return err
	}
	if p.Files == nil {
		p.Files = map[string]*datchuan.File{}
	}
	for h, f := range infos {
		p.Files[h] = f
	}
	names := s.people(ctx)
	today := s.today()
	for _, t := range tasks {
		it := taskItem{Task: t, Assignee: names.name(t.AssigneeID), Link: s.linkLabel(p.base, t.SetID, t.CriterionCode, t.IndicatorCode),
			Overdue: work.TaskOverdue(t, today), Edit: taskEdit{Status: string(t.Status), Due: t.Due.VN(), Notes: t.Notes}}
		if e, ok := edits[t.ID]; ok {
			it.Edit = e
		}
		for _, h := range t.Files {
			if f := infos[h]; f != nil {
				it.FileInfos = append(it.FileInfos, f)
			}
		}
		if t.Status != datchuan.TaskDone {
			p.Open++
		}
		if it.Overdue {
			p.Late++
		}
		p.Rows = append(p.Rows, it)
	}
	sort.SliceStable(p.Rows, func(i, j int) bool {
		return p.Rows[i].Status != datchuan.TaskDone && p.Rows[j].Status == datchuan.TaskDone
	})
	if p.CanManage {
		if p.People, err = s.taskPeople(ctx, v, path); err != nil {
			return err
		}
		set, err := s.taskSet(ctx, u)
		if err != nil {
			return err
		}
		p.Choices = critChoices(p.base, set, true, nil)
	}
	s.pages.render(w, status, "tasks", p)
	return nil
}

// createTask gives a task to a member of the commune's committee. A
// refused form comes back with everything typed and the files received.
func (s *Server) createTask(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, path, err := s.taskUnit(r, r.PathValue("code"))
	if err != nil {
		return err
	}
	v := viewerOf(r)
	if !v.access.CanReport(path) {
		return errNoTaskManage
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := taskForm{Title: formValue(r, "title"), Assignee: formValue(r, "assignee"), Link: formValue(r, "link"),
		Due: formValue(r, "due"), Notes: formValue(r, "notes")}
	errs := map[string]string{}
	t := &datchuan.Task{UnitID: u.ID, Title: f.Title, Notes: f.Notes, Status: datchuan.TaskTodo, CreatedBy: v.user.ID}
	switch {
	case f.Title == "":
		errs["title"] = "Cần tên nhiệm vụ (title required)"
	case len(f.Title) > 500:
		errs["title"] = "Tên nhiệm vụ dài quá 500 ký tự (title too long)"
	}
	people, err := s.taskPeople(ctx, v, path)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(f.Assignee, 10, 64)
	for _, pc := range people {
		if pc.ID == id && id != 0 {
			t.AssigneeID = id
		}
	}
	if t.AssigneeID == 0 {
		errs["assignee"] = "Chọn người được giao trong danh sách (choose a member from the list)"
	}
	if f.Link != "" {
		set, err := s.taskSet(ctx, u)
		if err != nil {
			return err
		}
		if crit, ind, ok := parseLink(set, f.Link); ok {
			t.SetID, t.CriterionCode, t.IndicatorCode = set.ID, crit, ind
		} else {
			errs["link"] = "Chọn tiêu chí hoặc chỉ tiêu trong danh sách (choose a criterion or indicator)"
		}
	}
	if f.Due != "" {
		if t.Due, err = datchuan.ParseDate(f.Due); err != nil {
			errs["due"] = "Hạn cần dạng dd/mm/yyyy (due date must be dd/mm/yyyy)"
		}
	}
	if len(f.Notes) > 2000 {
		errs["notes"] = "Ghi chú dài quá 2000 ký tự (notes longer than 2000 characters)"
	}
	files, infos, problem, err := s.formFiles(r, "files", maxTaskFiles)
	if err != nil {
		return err
	}
	f.Kept = files
	if problem != "" {
		errs["files"] = problem
	}
	if len(errs) > 0 {
		return s.renderTasks(w, r, http.StatusUnprocessableEntity, u, path, f, errs, infos, nil)
	}
	t.Files = f.Kept
	if err := s.deps.Tasks.CreateTask(ctx, t); err != nil {
		return err
	}
	s.deps.Log.Info("task created", "user", v.user.Login, "unit", u.Code, "task", t.ID)
	s.noticeTask(ctx, t, u, v.user)
	http.Redirect(w, r, "/don-vi/"+u.Code+"/nhiem-vu?ok=created#t-"+strconv.FormatInt(t.ID, 10), http.StatusSeeOther)
	return nil
}

// taskByID loads a task and its unit, for a viewer who reads the unit.
func (s *Server) taskByID(r *http.Request) (*datchuan.Task, *datchuan.Unit, datchuan.UnitPath, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, nil, datchuan.UnitPath{}, datchuan.Errorf(datchuan.ENOTFOUND, "Không có nhiệm vụ này (no such task)")
	}
	t, err := s.deps.Tasks.Task(r.Context(), id)
	if err != nil {
		return nil, nil, datchuan.UnitPath{}, err
	}
	u, err := s.deps.Units.Unit(r.Context(), t.UnitID)
	if err != nil {
		return nil, nil, datchuan.UnitPath{}, err
	}
	if err := s.requireRead(r, u); err != nil {
		return nil, nil, datchuan.UnitPath{}, err
	}
	p, err := s.pathOf(r.Context(), viewerOf(r), u)
	return t, u, p, err
}

// updateTask changes the status, due date and notes of a task, and adds
// files to it.
func (s *Server) updateTask(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t, u, path, err := s.taskByID(r)
	if err != nil {
		return err
	}
	if !viewerOf(r).access.CanReport(path) {
		return errNoTaskManage
	}
	if err := parseForm(r); err != nil {
		return err
	}
	e := taskEdit{Status: formValue(r, "status"), Due: formValue(r, "due"), Notes: formValue(r, "notes"), Errors: map[string]string{}}
	st := datchuan.TaskStatus(e.Status)
	valid := false
	for _, x := range taskStatuses {
		valid = valid || st == x
	}
	if !valid {
		e.Errors["status"] = "Chọn một trạng thái (choose a status)"
	}
	var due datchuan.Date
	if e.Due != "" {
		if due, err = datchuan.ParseDate(e.Due); err != nil {
			e.Errors["due"] = "Hạn cần dạng dd/mm/yyyy (due date must be dd/mm/yyyy)"
		}
	}
	if len(e.Notes) > 2000 {
		e.Errors["notes"] = "Ghi chú dài quá 2000 ký tự (notes longer than 2000 characters)"
	}
	kept, _, err := s.keptFiles(r)
	if err != nil {
		return err
	}
	stored, problem := s.uploadFiles(r, "files", maxTaskFiles-len(t.Files)-len(kept))
	e.Kept = append(kept, stored...)
	if problem != "" {
		e.Errors["files"] = problem
	}
	if len(e.Errors) > 0 {
		return s.renderTasks(w, r, http.StatusUnprocessableEntity, u, path, taskForm{}, nil, nil, map[int64]taskEdit{t.ID: e})
	}
	t.Status, t.Due, t.Notes = st, due, e.Notes
	t.Files = append(t.Files, e.Kept...)
	if err := s.deps.Tasks.UpdateTask(ctx, t); err != nil {
		return err
	}
	http.Redirect(w, r, "/don-vi/"+u.Code+"/nhiem-vu?ok=saved#t-"+strconv.FormatInt(t.ID, 10), http.StatusSeeOther)
	return nil
}

// taskFile serves a file of a task to whoever reads its commune.
func (s *Server) taskFile(w http.ResponseWriter, r *http.Request) error {
	t, _, _, err := s.taskByID(r)
	if err != nil {
		return err
	}
	hash := r.PathValue("hash")
	found := false
	for _, h := range t.Files {
		found = found || h == hash
	}
	if !found {
		return datchuan.Errorf(datchuan.ENOTFOUND, "Nhiệm vụ không có tệp này (no such file in this task)")
	}
	f, err := s.deps.Files.File(r.Context(), hash)
	if err != nil {
		return err
	}
	serveFile(w, f)
	return nil
}
