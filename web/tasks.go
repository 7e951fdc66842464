package web

import (
	"cmp"
	"net/http"
	"sort"
	"strconv"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/evidence"
	"github.com/datchuan/datchuan/service"
	"github.com/datchuan/datchuan/work"
)

// taskRoutes registers the member tasks of a commune: the commune
// committee gives each member tasks and follows them.
func (s *Server) taskRoutes() {
	s.private("GET /don-vi/{code}/nhiem-vu", s.tasksPage)
	s.private("POST /don-vi/{code}/nhiem-vu", s.createTask)
	s.private("POST /nhiem-vu/{id}", s.updateTask)
	s.private("GET /nhiem-vu/{id}/tep/{file}", s.taskFile)
}

// taskStatuses are the statuses in the order forms offer them.
var taskStatuses = []datchuan.TaskStatus{datchuan.TaskTodo, datchuan.TaskDoing, datchuan.TaskDone}

// taskFormView is the new-task form as typed.
type taskFormView struct {
	Title, Assignee, Link, Due, Notes string
	Kept                              []string
}

// taskEditView is the change form of one task as typed, with the version
// it starts from.
type taskEditView struct {
	Version            int
	Status, Due, Notes string
	Kept               []string
	Errors             map[string]string
}

// taskItemView is a task as the commune's task page shows it.
type taskItemView struct {
	*datchuan.Task
	Assignee  string
	Link      string
	Overdue   bool
	FileInfos []*datchuan.Attachment // Task.Files, with their names
	Edit      taskEditView
}

// tasksView is the member tasks of a commune, and the forms to give and
// update them.
type tasksView struct {
	base
	Unit      *datchuan.Unit
	Rows      []taskItemView
	Open      int
	Late      int
	CanManage bool
	People    []service.Member
	Choices   []critChoice
	Statuses  []datchuan.TaskStatus
	Form      taskFormView
	Files     map[string]*datchuan.Attachment // names of the kept uploads
	Errors    map[string]string
	Done      string
	Accept    string
	MaxMB     int64
}

// StatusLabel names a task status in the page's language.
func (p tasksView) StatusLabel(st datchuan.TaskStatus) string {
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

func (s *Server) tasksPage(w http.ResponseWriter, r *http.Request) error {
	u, p, err := s.svc.TaskUnit(r.Context(), viewerOf(r).caller, r.PathValue("code"))
	if err != nil {
		return err
	}
	return s.renderTasks(w, r, http.StatusOK, u, p, tasksView{})
}

// renderTasks shows the commune's tasks, open ones first. form carries
// what a refused form keeps: the new-task form and its problems (Form,
// Files, Errors), and in edits the refused change of a task.
func (s *Server) renderTasks(w http.ResponseWriter, r *http.Request, status int, u *datchuan.Unit, path datchuan.UnitPath,
	form tasksView, edits ...taskEditFor) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	p := form
	p.base = s.pageBase(r, "Nhiệm vụ thành viên · "+u.Name, "Member tasks · "+u.Name)
	p.Unit, p.CanManage, p.Statuses = u, c.CheckManageTasks(path) == nil, taskStatuses
	p.Done, p.Accept, p.MaxMB = r.URL.Query().Get("ok"), evidence.Accept, s.svc.MaxUpload()>>20
	tasks, err := s.stores.Tasks.Tasks(ctx, datchuan.TaskFilter{UnitIDs: []int64{u.ID}})
	if err != nil {
		return err
	}
	var refs []string
	for _, t := range tasks {
		refs = append(refs, t.Files...)
	}
	for _, e := range edits {
		refs = append(refs, e.edit.Kept...)
	}
	infos, err := s.svc.Attachments(ctx, refs)
	if err != nil {
		return err
	}
	if p.Files == nil {
		p.Files = map[string]*datchuan.Attachment{}
	}
	for h, f := range infos {
		p.Files[h] = f
	}
	people := s.namesFor(ctx)
	today := s.today()
	for _, t := range tasks {
		it := taskItemView{Task: t, Assignee: cmp.Or(people.person(t.AssigneeID), "—"), Link: s.linkLabel(p.base, t.SetID, t.CriterionCode, t.IndicatorCode),
			Overdue: work.TaskOverdue(t, today), Edit: taskEditView{Version: t.Version, Status: string(t.Status), Due: t.Due.VN(), Notes: t.Notes}}
		for _, e := range edits {
			if e.id == t.ID {
				it.Edit = e.edit
				if it.Edit.Version == 0 {
					// A stale edit comes back on the task as it is now (shown
					// above the form), so that saving again is a choice made
					// knowing the other change.
					it.Edit.Version = t.Version
				}
			}
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
		if p.People, err = s.svc.TaskPeople(ctx, c, path); err != nil {
			return err
		}
		set, err := s.svc.TaskSet(ctx, u)
		if err != nil {
			return err
		}
		p.Choices = critChoices(p.base, set, true, nil)
	}
	s.pages.render(w, status, "tasks", p)
	return nil
}

// taskEditFor is the refused change of task id.
type taskEditFor struct {
	id   int64
	edit taskEditView
}

// createTask gives a task to a member of the commune's committee. A
// refused form comes back with everything typed and the files received.
func (s *Server) createTask(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	u, path, err := s.svc.TaskUnit(ctx, c, r.PathValue("code"))
	if err != nil {
		return err
	}
	// Asked before any upload is stored.
	if err := c.CheckManageTasks(path); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := taskFormView{Title: formValue(r, "title"), Assignee: formValue(r, "assignee"), Link: formValue(r, "link"),
		Due: formValue(r, "due"), Notes: formValue(r, "notes")}
	files, infos, problem, err := s.formFiles(r, "files", datchuan.MaxTaskFiles)
	if err != nil {
		return err
	}
	f.Kept = files
	// A refused file is one more problem: the task is not given without it.
	t, err := s.svc.CreateTask(ctx, c, u.Code, service.TaskInput{Title: f.Title, Assignee: f.Assignee, Link: f.Link,
		Due: f.Due, Notes: f.Notes, Files: files, Refused: problem})
	if err == nil {
		http.Redirect(w, r, "/don-vi/"+u.Code+"/nhiem-vu?ok=created#t-"+strconv.FormatInt(t.ID, 10), http.StatusSeeOther)
		return nil
	}
	errs, status, ok := refusal(viewerOf(r).lang, err)
	if !ok {
		return err
	}
	return s.renderTasks(w, r, status, u, path, tasksView{Form: f, Files: infos, Errors: errs})
}

// updateTask changes the status, due date and notes of a task and adds
// files to it, as of the version the form started from: of two edits from
// one version, the second is refused (409) with what it typed.
func (s *Server) updateTask(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	id, err := idParam(r, "id", "nhiệm vụ")
	if err != nil {
		return err
	}
	t, u, path, err := s.svc.TaskFor(ctx, c, id)
	if err != nil {
		return err
	}
	// Asked before any upload is stored.
	if err := c.CheckManageTasks(path); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	e := taskEditView{Version: formVersion(r), Status: formValue(r, "status"), Due: formValue(r, "due"), Notes: formValue(r, "notes")}
	files, _, problem, err := s.formFiles(r, "files", datchuan.MaxTaskFiles-len(t.Files))
	if err != nil {
		return err
	}
	e.Kept = files
	_, err = s.svc.UpdateTask(ctx, c, id, service.TaskEdit{Version: e.Version, Status: e.Status, Due: e.Due, Notes: e.Notes,
		Files: files, Refused: problem})
	if err == nil {
		http.Redirect(w, r, "/don-vi/"+u.Code+"/nhiem-vu?ok=saved#t-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
	var status int
	var ok bool
	if e.Errors, status, ok = refusal(viewerOf(r).lang, err); !ok {
		return err
	}
	if status == http.StatusConflict {
		e.Version = 0 // start again from the stored task
	}
	return s.renderTasks(w, r, status, u, path, tasksView{}, taskEditFor{id: id, edit: e})
}

// taskFile serves a file of a task to whoever reads its commune.
func (s *Server) taskFile(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "nhiệm vụ")
	if err != nil {
		return err
	}
	t, _, _, err := s.svc.TaskFor(r.Context(), viewerOf(r).caller, id)
	if err != nil {
		return err
	}
	return s.listedFile(w, r, t.Files, "Nhiệm vụ")
}
