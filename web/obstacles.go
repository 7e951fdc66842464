package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// The obstacles and recommendations register of a province: the list
// (open first, oldest first), a form to raise one, and moving one on.

func (s *Server) obstacleRoutes() {
	s.private("GET /tinh/{code}/vuong-mac", s.registerPage)
	s.private("POST /tinh/{code}/vuong-mac", s.raiseObstacle)
	s.private("POST /tinh/{code}/vuong-mac/{id}", s.moveObstacle)
	s.private("POST /gia-tri/{id}/vuong-mac", s.raiseFromValue)
}

// obstacleForm is the raise form as typed.
type obstacleForm struct {
	Unit, SetID, Criterion, Title, Detail, Owner, Due string
}

type registerView struct {
	base
	Province *datchuan.Unit
	Rows     []service.ObstacleRow
	Agencies []*datchuan.Agency
	All      bool // resolved ones shown too
	Form     obstacleForm
	Errors   map[string]string
	OK       string
	now      time.Time
}

// Age is how many days an obstacle has been open, today.
func (v registerView) Age(o *datchuan.Obstacle) int { return o.Age(v.now) }

// States are the moves an obstacle may make, for its form.
func (v registerView) States(o *datchuan.Obstacle) []datchuan.ObstacleState {
	var out []datchuan.ObstacleState
	for _, st := range datchuan.ObstacleStates {
		if o.State.CanMoveTo(st) {
			out = append(out, st)
		}
	}
	return out
}

func (s *Server) registerPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	return s.renderRegister(w, r, http.StatusOK, obstacleForm{Unit: q.Get("don-vi"), SetID: q.Get("bo"), Criterion: q.Get("tieu-chi")}, nil)
}

func (s *Server) renderRegister(w http.ResponseWriter, r *http.Request, status int, f obstacleForm, errs map[string]string) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	all := r.URL.Query().Get("tat-ca") == "1"
	var states []datchuan.ObstacleState
	if !all {
		states = []datchuan.ObstacleState{datchuan.ObstacleOpen, datchuan.ObstacleInProgress, datchuan.ObstacleEscalated}
	}
	prov, rows, err := s.svc.Register(ctx, c, r.PathValue("code"), states)
	if err != nil {
		return err
	}
	ags, err := s.svc.Owners(ctx, c, prov)
	if err != nil {
		return err
	}
	v := registerView{base: s.pageBase(r, "Khó khăn, vướng mắc", "Obstacles"), Province: prov, Rows: rows,
		Agencies: service.SortedAgencies(ags, nil), All: all, Form: f, Errors: errs, OK: r.URL.Query().Get("ok"), now: s.svc.Now()}
	s.pages.render(w, status, "obstacles", v)
	return nil
}

func (s *Server) raiseObstacle(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := obstacleForm{Unit: formValue(r, "unit"), SetID: formValue(r, "set"), Criterion: formValue(r, "criterion"),
		Title: formValue(r, "title"), Detail: r.FormValue("detail"), Owner: formValue(r, "owner"), Due: formValue(r, "due")}
	code := r.PathValue("code")
	_, err := s.svc.RaiseObstacle(r.Context(), viewerOf(r).caller, code, service.ObstacleInput{Unit: f.Unit, SetID: f.SetID,
		Criterion: f.Criterion, Title: f.Title, Detail: f.Detail, Owner: f.Owner, Due: f.Due})
	return answer(w, r, err, func() string { return "/tinh/" + code + "/vuong-mac?ok=raised" }, func(status int, errs map[string]string) error {
		return s.renderRegister(w, r, status, f, errs)
	})
}

func (s *Server) moveObstacle(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "vướng mắc")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	_, err = s.svc.MoveObstacle(r.Context(), viewerOf(r).caller, id, formVersion(r), datchuan.ObstacleState(formValue(r, "to")), formValue(r, "resolution"))
	code := r.PathValue("code")
	return answer(w, r, err, func() string { return "/tinh/" + code + "/vuong-mac?ok=moved#o-" + strconv.FormatInt(id, 10) },
		func(status int, errs map[string]string) error {
			return s.renderRegister(w, r, status, obstacleForm{}, errs)
		})
}

// raiseFromValue writes a returned value into the register in one action
// and shows it there.
func (s *Server) raiseFromValue(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "số liệu")
	if err != nil {
		return err
	}
	c := viewerOf(r).caller
	o, err := s.svc.RaiseFromValue(r.Context(), c, id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, raisedURL(r, c, o), http.StatusSeeOther)
	return nil
}

// raisedURL is the register's row of an obstacle just raised.
func raisedURL(r *http.Request, c service.Caller, o *datchuan.Obstacle) string {
	_, path, _ := c.Tree.Place(r.Context(), o.UnitID)
	return "/tinh/" + path.Province + "/vuong-mac?ok=raised#o-" + strconv.FormatInt(o.ID, 10)
}
