package web

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// One approval item: what it is, its whole history from the change log,
// and the forms that move it (submit; approve or return).

// decisionFormView is what was typed in the decision forms of an item.
type decisionFormView struct {
	Number, Date, Reason string
	// Kept is the signed decision already received by a refused form,
	// so that it is not asked for again; KeptName is its file name.
	Kept, KeptName string
}

// approvalStepView is one step of an item's history: the state it reached,
// who moved it and when, and the decision or the reason.
type approvalStepView struct {
	At             time.Time
	Who            string
	State          datchuan.ApprovalState
	DecisionNumber string
	DecisionDate   datchuan.Date
	Reason         string
	Signed         bool // the step kept the signed decision, scanned
}

type approvalView struct {
	base
	Province  *datchuan.Unit
	Row       approvalRowView
	Files     []*datchuan.Attachment
	Signed    *datchuan.Attachment // the signed decision, scanned
	Paper     *service.ServedPaper // the dossier paper it serves
	History   []approvalStepView
	CanSubmit bool
	CanDecide bool
	CanKeep   bool // may store the signed decision of an approved item
	Decision  decisionFormView
	Errors    map[string]string
	Problem   string // why a move was refused (someone moved it first)
	Done      string
}

func (s *Server) approvalPage(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "hồ sơ")
	if err != nil {
		return err
	}
	return s.renderApproval(w, r, http.StatusOK, id, decisionFormView{}, nil, "")
}

// renderApproval shows item id as it is stored now, with the decision
// forms as typed, the problems of a refused move beside their fields and
// the problem that has no field on the page at the top.
func (s *Server) renderApproval(w http.ResponseWriter, r *http.Request, status int, id int64, d decisionFormView, errs map[string]string, problem string) error {
	ctx := r.Context()
	c := viewerOf(r).caller
	a, prov, err := s.svc.ApprovalFor(ctx, c, id)
	if err != nil {
		return err
	}
	p := approvalView{base: s.pageBase(r, a.Title, a.Title), Province: prov,
		CanSubmit: a.State.CanMoveTo(datchuan.ApprovalSubmitted) && c.CanMoveApproval(a, prov.Code, datchuan.ApprovalSubmitted),
		CanDecide: a.State.CanMoveTo(datchuan.ApprovalApproved) && c.CanDecideApproval(prov.Code),
		CanKeep:   a.State == datchuan.ApprovalApproved && c.CanDecideApproval(prov.Code),
		Decision:  d, Errors: errs, Problem: problem, Done: r.URL.Query().Get("ok")}
	ags, err := s.svc.Agencies(ctx, c, prov.Code)
	if err != nil {
		return err
	}
	rows, err := s.approvalRows(ctx, c, p.base, []*datchuan.Approval{a}, ags)
	if err != nil {
		return err
	}
	p.Row = rows[0]
	infos, err := s.svc.Attachments(ctx, append(a.Files, a.DecisionFile))
	if err != nil {
		return err
	}
	for _, h := range a.Files {
		if f := infos[h]; f != nil {
			p.Files = append(p.Files, f)
		}
	}
	p.Signed = infos[a.DecisionFile]
	if p.Paper, err = s.svc.PaperOf(ctx, c, a); err != nil {
		return err
	}
	if p.History, err = s.approvalHistory(ctx, a); err != nil {
		return err
	}
	s.pages.render(w, status, "approval", p)
	return nil
}

// approvalHistory is every step of the item from the change log, oldest
// first. An item drafted before the log existed gets its draft (and its
// latest step, when the log has none) from the item itself.
func (s *Server) approvalHistory(ctx context.Context, a *datchuan.Approval) ([]approvalStepView, error) {
	chs, err := s.svc.History(ctx, "approval", a.ID)
	if err != nil {
		return nil, err
	}
	var steps []approvalStepView
	drafted := false
	for _, ch := range chs {
		var after datchuan.Approval
		if ch.After == "" || json.Unmarshal([]byte(ch.After), &after) != nil {
			continue // not a step of the item: nothing to show
		}
		if ch.Action == datchuan.ActApprovalCreate {
			drafted, after.State = true, datchuan.ApprovalDraft
		}
		steps = append(steps, approvalStepView{At: ch.At, Who: ch.Actor.Name, State: after.State,
			DecisionNumber: after.DecisionNumber, DecisionDate: after.DecisionDate, Reason: after.Reason,
			Signed: ch.Action == datchuan.ActApprovalDecision})
	}
	if !drafted {
		first := approvalStepView{At: a.CreatedAt, State: datchuan.ApprovalDraft}
		if a.CreatedBy != 0 {
			if u, err := s.stores.Users.User(ctx, a.CreatedBy); err == nil {
				first.Who = u.Name
			}
		}
		if len(steps) == 0 && a.State != datchuan.ApprovalDraft {
			steps = append(steps, approvalStepView{At: a.UpdatedAt, State: a.State,
				DecisionNumber: a.DecisionNumber, DecisionDate: a.DecisionDate, Reason: a.Reason})
		}
		steps = append([]approvalStepView{first}, steps...)
	}
	return steps, nil
}

// moveApproval moves an item to the state `to`, from the version the
// page showed. A refusal comes back on the item's page: 422 with each
// problem beside its field, 409 when someone moved the item first.
func (s *Server) moveApproval(w http.ResponseWriter, r *http.Request, to datchuan.ApprovalState) error {
	id, err := idParam(r, "id", "hồ sơ")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	d := decisionFormView{Number: formValue(r, "decision_number"), Date: formValue(r, "decision_date"), Reason: formValue(r, "reason")}
	var problem datchuan.Text
	if to == datchuan.ApprovalApproved {
		if d.Kept, d.KeptName, problem, err = s.decisionScan(r, id); err != nil {
			return err
		}
	}
	a, err := s.svc.MoveApproval(r.Context(), viewerOf(r).caller, id, service.Move{To: to, Version: formVersion(r),
		Number: d.Number, Date: d.Date, Reason: d.Reason, DecisionFile: d.Kept, Refused: problem})
	if errs, status, ok := refusal(viewerOf(r).lang, err); ok {
		problem := errs[""]
		for f := range errs {
			if f != datchuan.FieldDecNum && f != datchuan.FieldDecDate && f != datchuan.FieldDecFile && f != datchuan.FieldReason {
				// A problem of the item itself (its title, its files):
				// no field of this page shows it, so say it all at the top.
				problem = datchuan.ErrorText(err).In(viewerOf(r).lang)
			}
		}
		return s.renderApproval(w, r, status, id, d, errs, problem)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, approvalURL(a.ID, string(to)), http.StatusSeeOther)
	return nil
}

func (s *Server) submitApproval(w http.ResponseWriter, r *http.Request) error {
	return s.moveApproval(w, r, datchuan.ApprovalSubmitted)
}

func (s *Server) approveApproval(w http.ResponseWriter, r *http.Request) error {
	return s.moveApproval(w, r, datchuan.ApprovalApproved)
}

func (s *Server) returnApproval(w http.ResponseWriter, r *http.Request) error {
	return s.moveApproval(w, r, datchuan.ApprovalReturned)
}

// approvalFile serves a file of an item to whoever may see the item.
func (s *Server) approvalFile(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "hồ sơ")
	if err != nil {
		return err
	}
	a, _, err := s.svc.ApprovalFor(r.Context(), viewerOf(r).caller, id)
	if err != nil {
		return err
	}
	return s.listedFile(w, r, append(a.Files, a.DecisionFile), "Hồ sơ")
}

// decisionScan stores the signed decision sent with a form (field
// decision_file), or takes the one a refused form already received
// (kept); only the coordination office's forms store it. It returns the
// attachment's ID and name, "" when none was sent.
func (s *Server) decisionScan(r *http.Request, item int64) (id, name string, problem datchuan.Text, err error) {
	c := viewerOf(r).caller
	_, prov, err := s.svc.ApprovalFor(r.Context(), c, item)
	if err != nil {
		return "", "", problem, err
	}
	if err := c.CheckDecideApproval(prov.Code); err != nil {
		return "", "", problem, err
	}
	files, infos, problem, err := s.formFiles(r, datchuan.FieldDecFile, 1)
	if err != nil || len(files) == 0 {
		return "", "", problem, err
	}
	return files[0], infos[files[0]].Name, problem, nil
}

// keepDecision stores the signed decision of an approved item.
func (s *Server) keepDecision(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "hồ sơ")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	file, _, problem, err := s.decisionScan(r, id)
	if err == nil {
		_, err = s.svc.KeepDecision(r.Context(), viewerOf(r).caller, id, formVersion(r), file, problem)
	}
	if errs, status, ok := refusal(viewerOf(r).lang, err); ok {
		return s.renderApproval(w, r, status, id, decisionFormView{}, errs, errs[""])
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, approvalURL(id, "signed"), http.StatusSeeOther)
	return nil
}
