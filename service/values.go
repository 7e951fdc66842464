package service

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/datchuan/datchuan"
)

// IndicatorRef is an indicator of a set, with its criterion.
type IndicatorRef struct {
	Set       *datchuan.CriteriaSet
	Criterion *datchuan.Criterion
	Indicator *datchuan.Indicator
}

// Indicator finds an indicator of a set.
func (s *Service) Indicator(setID, code string) (IndicatorRef, error) {
	set, err := s.cfg.Sets.Set(setID)
	if err != nil {
		return IndicatorRef{}, err
	}
	ind, crit := set.Indicator(code)
	if ind == nil {
		return IndicatorRef{}, datchuan.Errorf(datchuan.ENOTFOUND, "Bộ tiêu chí %s không có chỉ tiêu %s (no such indicator)", setID, code)
	}
	return IndicatorRef{Set: set, Criterion: crit, Indicator: ind}, nil
}

// ReportTarget resolves what a report is about — the unit of a code in
// force today, and an indicator of a set that judges it — for a caller
// who may report for it. It returns the day the report form starts from.
func (s *Service) ReportTarget(ctx context.Context, c Caller, unitCode, setID, ind string) (*datchuan.Unit, datchuan.Date, IndicatorRef, error) {
	u, on, err := c.Tree.Resolve(ctx, datchuan.LevelOfCode(unitCode), unitCode, datchuan.Date{})
	if err != nil {
		return nil, on, IndicatorRef{}, err
	}
	p, err := c.Tree.Path(ctx, u)
	if err != nil {
		return nil, on, IndicatorRef{}, err
	}
	if err := c.CheckRead(p); err != nil {
		return nil, on, IndicatorRef{}, err
	}
	if err := c.CheckReport(p, u.Name); err != nil {
		return nil, on, IndicatorRef{}, err
	}
	ref, err := s.Indicator(setID, ind)
	if err == nil {
		err = ref.Set.CheckReports(u) // a commune reports no district indicator
	}
	return u, on, ref, err
}

// ValueInput is a report as typed: the value as an officer writes it
// ("đạt", "95,5", "95%", "19/20"), the as-of date (dd/mm/yyyy), a comment,
// and the evidence (attachment IDs the caller may cite).
type ValueInput struct {
	Unit      string // the unit's code
	SetID     string
	Indicator string
	Value     string
	AsOf      string
	Comment   string
	Evidence  []string
	// Refused names the files the form could not take (StoreUploads): one
	// more problem, so the form shows it with all the others.
	Refused datchuan.Text
	// ReplaceConfirmed is the reporter's yes to replacing a confirmed
	// value (see datchuan.ReplaceQuestion); KeepEvidence carries the
	// current value's evidence over to the report.
	ReplaceConfirmed bool
	KeepEvidence     bool
}

// ReportValue stores a report. Whatever the entry point (the form, the
// JSON API), the same input gets the same answer: the problems come back
// by field (datchuan.ErrorFields).
func (s *Service) ReportValue(ctx context.Context, c Caller, in ValueInput) (*datchuan.Value, error) {
	u, _, ref, err := s.ReportTarget(ctx, c, in.Unit, in.SetID, in.Indicator)
	if err != nil {
		return nil, err
	}
	p := datchuan.Problems{}
	v := &datchuan.Value{UnitID: u.ID, SetID: ref.Set.ID, IndicatorCode: ref.Indicator.Code,
		ReportedBy: c.Actor.PersonID, Comment: strings.TrimSpace(in.Comment)}
	m, err := datchuan.ParseMeasure(ref.Indicator.Kind, in.Value)
	if err := p.Merge(datchuan.FieldValue, err); err != nil {
		return nil, err
	}
	v.Measure = m
	v.AsOf = p.ParseDate(datchuan.FieldAsOf, in.AsOf, true)
	if v.Evidence, err = s.Citable(ctx, c, in.Evidence); err != nil {
		return nil, err
	}
	refused(p, datchuan.FieldEvidence, in.Refused)
	if len(v.Evidence) != len(in.Evidence) {
		p.Add(datchuan.FieldEvidence, "Minh chứng phải là tệp bạn đã tải lên hoặc đã xem được (evidence must be files you uploaded or can read)")
	}
	err = s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		// What the report replaces is read in its own transaction, so a
		// value confirmed meanwhile is not replaced without the question.
		cur, err := latestValue(ctx, tx, v)
		if err != nil {
			return outcome{}, err
		}
		if in.KeepEvidence && cur != nil {
			v.Evidence = keepEvidence(cur.Evidence, v.Evidence)
		}
		if err := p.Check(v.Validate(ref.Indicator, cur, in.ReplaceConfirmed, s.Today())); err != nil {
			return outcome{}, err
		}
		if err := tx.Values.ReportValue(ctx, v); err != nil {
			return outcome{}, err
		}
		ch, err := place(ctx, c, datchuan.NewChange(c.Actor, datchuan.ActValueReport, "value", v.ID,
			fmt.Sprintf("Báo cáo chỉ tiêu %s của %s: %s (ngày số liệu %s)", v.IndicatorCode, u.Name, v.Measure, v.AsOf.VN()), nil, v), u)
		if err != nil {
			return outcome{}, err
		}
		// Its lead department is told that it waits, in the daily digest.
		notices, err := s.waitingNotices(ctx, tx, c, v, u, ref)
		return outcome{change: ch, notices: notices}, err
	})
	if err != nil {
		return nil, err
	}
	s.cfg.Log.Info("value reported", "user", c.Actor.Name, "unit", u.Code, "indicator", v.IndicatorCode, "value", v.ID)
	return v, nil
}

// latestValue is the report v would take the place of: the latest report
// of its indicator for its unit, with its state; nil when there is none.
func latestValue(ctx context.Context, tx datchuan.Stores, v *datchuan.Value) (*datchuan.Value, error) {
	vals, err := tx.Values.Values(ctx, datchuan.ValueFilter{UnitIDs: []int64{v.UnitID}, SetID: v.SetID, IndicatorCode: v.IndicatorCode})
	if err != nil || len(vals) == 0 {
		return nil, err
	}
	return vals[0], nil
}

// keepEvidence is the earlier evidence followed by the new, each once.
func keepEvidence(earlier, added []string) []string {
	out := slices.Clone(earlier)
	for _, e := range added {
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

// ValueByID loads one report with its own review state, and its unit.
func (s *Service) ValueByID(ctx context.Context, c Caller, id int64) (*datchuan.Value, *datchuan.Unit, error) {
	vals, err := s.cfg.Stores.Values.Values(ctx, datchuan.ValueFilter{IDs: []int64{id}, History: true})
	if err != nil {
		return nil, nil, err
	}
	if len(vals) == 0 {
		return nil, nil, datchuan.Errorf(datchuan.ENOTFOUND, "Không có số liệu số %d (no such value)", id)
	}
	u, err := c.Tree.Unit(ctx, vals[0].UnitID)
	if err != nil {
		return nil, nil, err
	}
	return vals[0], u, nil
}

// Decision reads a decision as forms and clients write it: "confirm" or
// "confirmed", "return" or "returned"; anything else is kept for Validate
// to refuse.
func Decision(s string) datchuan.ValueState {
	switch s {
	case "confirm", string(datchuan.StateConfirmed):
		return datchuan.StateConfirmed
	case "return", string(datchuan.StateReturned):
		return datchuan.StateReturned
	}
	return datchuan.ValueState(s)
}

// ReviewValue confirms or returns value id for a caller who leads its
// indicator and did not report it. A returned value's reporter is told why,
// in the same transaction. The value (as it was when decided) and its unit
// come back even with a refusal, for the page to show it.
func (s *Service) ReviewValue(ctx context.Context, c Caller, id int64, decision, reason string) (*datchuan.Value, *datchuan.Unit, error) {
	val, u, err := s.ValueByID(ctx, c, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := c.Tree.Path(ctx, u)
	if err != nil {
		return nil, nil, err
	}
	if err := c.CheckRead(p); err != nil {
		return nil, nil, err
	}
	ref, err := s.Indicator(val.SetID, val.IndicatorCode)
	if err != nil {
		return nil, nil, err
	}
	if err := c.CheckDecide(p, ref.Criterion.Code, val); err != nil {
		return val, u, err
	}
	rev := &datchuan.Review{ValueID: id, Decision: Decision(decision), Reason: strings.TrimSpace(reason), By: c.Actor.PersonID}
	if err := rev.Validate(); err != nil {
		return val, u, err
	}
	err = s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		if err := tx.Values.ReviewValue(ctx, rev); err != nil {
			if datchuan.ErrorCode(err) == datchuan.ECONFLICT {
				return outcome{}, datchuan.Errorf(datchuan.ECONFLICT, "Số liệu này vừa được báo cáo lại hoặc đã được người khác xử lý; không có gì bị ghi đè. Hãy xem lại danh sách. (This value was resubmitted or already decided by someone else; nothing was overwritten.)")
			}
			return outcome{}, err
		}
		after := *val
		after.State, after.ReviewedBy, after.ReviewedAt, after.ReturnReason = rev.Decision, rev.By, rev.At, rev.Reason
		verb := "Xác nhận"
		out := outcome{}
		if rev.Decision == datchuan.StateReturned {
			verb = "Trả lại"
			out.notices = []datchuan.Notice{datchuan.ReturnedNotice(val, u, rev.Reason)}
		} else if val.ReportedBy != c.Actor.PersonID {
			out.notices = []datchuan.Notice{datchuan.ConfirmedNotice(val, u)} // in the daily digest
		}
		out.change = datchuan.NewChange(c.Actor, datchuan.ActValueReview, "value", val.ID,
			fmt.Sprintf("%s số liệu chỉ tiêu %s của %s (%s)", verb, val.IndicatorCode, u.Name, val.Measure), val, after)
		out.change, err = place(ctx, c, out.change, u)
		return out, err
	})
	if err != nil {
		return val, u, err
	}
	s.cfg.Log.Info("value reviewed", "user", c.Actor.Name, "value", id, "decision", rev.Decision)
	return val, u, nil
}
