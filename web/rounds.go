package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// Weekly reporting: the rounds of a plan with their completeness over the
// weeks, one round with who answered and when, one agency's report (the
// form for its officers, the reading for the office), and the synthesis
// for the steering committee (synthesis.go).

func (s *Server) roundRoutes() {
	s.private("GET /ke-hoach/{id}/bao-cao-tuan", s.planRoundsPage)
	s.private("POST /ke-hoach/{id}/bao-cao-tuan", s.openAdHocRound)
	s.private("POST /ke-hoach/{id}/lich-bao-cao", s.setSchedule)
	s.private("GET /dot-bao-cao/{id}", s.roundPage)
	s.private("POST /dot-bao-cao/{id}/dong", s.closeRound)
	s.private("GET /dot-bao-cao/{id}/co-quan/{agency}", s.reportPage)
	s.private("POST /dot-bao-cao/{id}/co-quan/{agency}", s.saveReport)
	s.private("POST /dot-bao-cao/{id}/co-quan/{agency}/tra-lai", s.returnReport)
	s.private("POST /dot-bao-cao/{id}/co-quan/{agency}/vuong-mac", s.raiseFromReport)
	s.private("GET /dot-bao-cao/{id}/tong-hop", s.synthesisPage)
	s.private("GET /dot-bao-cao/{id}/tong-hop.docx", s.synthesisDOCX)
	s.private("GET /dot-bao-cao/{id}/tong-hop.xlsx", s.synthesisXLSX)
}

// roundURL is the page of a round, with the outcome of an action.
func roundURL(id int64, ok string) string {
	u := datchuan.RoundLink(id)
	if ok != "" {
		u += "?ok=" + ok
	}
	return u
}

// adHocForm is the ad-hoc round form as typed.
type adHocForm struct{ Title, Deadline string }

type planRoundsView struct {
	base
	*service.PlanRounds
	Form   adHocForm
	Errors map[string]string
	OK     string
}

func (s *Server) planRoundsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlanRounds(w, r, http.StatusOK, adHocForm{}, nil)
}

func (s *Server) renderPlanRounds(w http.ResponseWriter, r *http.Request, status int, f adHocForm, errs map[string]string) error {
	id, err := idParam(r, "id", "kế hoạch")
	if err != nil {
		return err
	}
	pr, err := s.svc.RoundsOf(r.Context(), viewerOf(r).caller, id)
	if err != nil {
		return err
	}
	s.pages.render(w, status, "plan_rounds", planRoundsView{base: s.pageBase(r, "Báo cáo tuần", "Weekly reports"),
		PlanRounds: pr, Form: f, Errors: errs, OK: r.URL.Query().Get("ok")})
	return nil
}

func (s *Server) openAdHocRound(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "kế hoạch")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := adHocForm{Title: formValue(r, "title"), Deadline: formValue(r, "deadline")}
	round, err := s.svc.OpenAdHocRound(r.Context(), viewerOf(r).caller, id, f.Title, f.Deadline)
	return answer(w, r, err, func() string { return roundURL(round.ID, "opened") }, func(status int, errs map[string]string) error {
		return s.renderPlanRounds(w, r, status, f, errs)
	})
}

// setSchedule changes the weekday and hour the plan's reports are due.
func (s *Server) setSchedule(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "kế hoạch")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	_, err = s.svc.SetSchedule(r.Context(), viewerOf(r).caller, id, formVersion(r), formValue(r, "weekday"), formValue(r, "hour"))
	return answer(w, r, err, func() string { return "/ke-hoach/" + strconv.FormatInt(id, 10) + "/bao-cao-tuan?ok=schedule" },
		func(status int, errs map[string]string) error {
			return s.renderPlanRounds(w, r, status, adHocForm{}, errs)
		})
}

// Weekdays are the choices of the schedule form, Monday first.
func (v planRoundsView) Weekdays() []weekdayChoice {
	days := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	out := make([]weekdayChoice, len(days))
	for i, d := range days {
		out[i] = weekdayChoice{Value: int(d), Label: v.T(datchuan.Schedule{Weekday: d}.DayVi(), d.String()),
			Chosen: d == v.Plan.ReportSchedule().Weekday}
	}
	return out
}

type weekdayChoice struct {
	Value  int
	Label  string
	Chosen bool
}

// Hours are 0 to 23, for the schedule form.
func (planRoundsView) Hours() []int {
	out := make([]int, 24)
	for i := range out {
		out[i] = i
	}
	return out
}

type roundView struct {
	base
	*service.RoundView
	OK    string
	Error string
}

func (s *Server) roundPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRound(w, r, http.StatusOK, "")
}

// roundOf is the round of the path with the reporters the viewer may see:
// every one for those who read every report, else their own.
func (s *Server) roundOf(r *http.Request) (*service.RoundView, error) {
	id, err := idParam(r, "id", "đợt báo cáo")
	if err != nil {
		return nil, err
	}
	v, err := s.svc.Round(r.Context(), viewerOf(r).caller, id)
	if err != nil {
		return nil, err
	}
	if !v.SeesAll {
		v.KeepMine()
	}
	return v, nil
}

func (s *Server) renderRound(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	v, err := s.roundOf(r)
	if err != nil {
		return err
	}
	b := s.pageBase(r, v.Round.Heading(), v.Round.LabelEn())
	s.pages.render(w, status, "round", roundView{base: b, RoundView: v, OK: r.URL.Query().Get("ok"), Error: msg})
	return nil
}

func (s *Server) closeRound(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "đợt báo cáo")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	_, err = s.svc.CloseRound(r.Context(), viewerOf(r).caller, id, formVersion(r))
	return answer(w, r, err, func() string { return roundURL(id, "closed") }, func(status int, errs map[string]string) error {
		return s.renderRound(w, r, status, firstProblem(errs))
	})
}

// agencyParam reads the {agency} of a path.
func agencyParam(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("agency"), 10, 64)
	if err != nil || id <= 0 {
		return 0, datchuan.Errorf(datchuan.ENOTFOUND, "Không có cơ quan này (no such agency)")
	}
	return id, nil
}
