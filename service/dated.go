package service

import (
	"context"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
)

// What the dated values say of a past day, as known now: the trend's
// check of what a closed round kept. A value entered after the day with
// an earlier date (back-dated) changes the story of that day; a value
// known on the day but confirmed later does not, or every week would
// differ by the confirmations still on their way when it closed.

// datedValues is a read-only ValueService over the reports of some units
// (each with its state now) that answers for the end of one day: the
// values reported by then with their state then, and the values reported
// later but dated on or before the day with their state now.
type datedValues struct {
	history map[int64][]*datchuan.Value // by unit
	day     datchuan.Date
}

var _ datchuan.ValueService = datedValues{}

// valueHistory loads every report of the units, each with its state now
// (a report has at most one review), by unit.
func (s *Service) valueHistory(ctx context.Context, unitIDs []int64) (map[int64][]*datchuan.Value, error) {
	vs, err := s.cfg.Stores.Values.Values(ctx, datchuan.ValueFilter{UnitIDs: unitIDs, History: true})
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]*datchuan.Value, len(unitIDs))
	for _, v := range vs {
		out[v.UnitID] = append(out[v.UnitID], v)
	}
	return out, nil
}

// datedRollup is the status engine as of day over the dated values of
// history (see datedValues).
func (s *Service) datedRollup(c Caller, day datchuan.Date, history map[int64][]*datchuan.Value) *rollup.Service {
	ru := s.rollup(c, day)
	ru.Values = datedValues{history: history, day: day}
	return ru
}

// Values picks, per unit, set and indicator, the latest value dated on or
// before the day that counts for it (datchuan.CurrentValues, the one rule
// of "latest"), whatever f.At says.
func (d datedValues) Values(_ context.Context, f datchuan.ValueFilter) ([]*datchuan.Value, error) {
	end := datchuan.EndOfDay(d.day)
	units := f.UnitIDs
	if units == nil {
		for id := range d.history {
			units = append(units, id)
		}
	}
	var values []*datchuan.Value
	var reviews []*datchuan.Review
	for _, id := range units {
		for _, v := range d.history[id] {
			if d.day.Before(v.AsOf) || (f.SetID != "" && v.SetID != f.SetID) || (f.IndicatorCode != "" && v.IndicatorCode != f.IndicatorCode) {
				continue
			}
			values = append(values, v)
			known := v.ReportedAt.Before(end)
			if v.ReviewedAt.IsZero() || (known && !v.ReviewedAt.Before(end)) {
				continue // not reviewed, or not by the end of the day it was known on
			}
			reviews = append(reviews, &datchuan.Review{ValueID: v.ID, Decision: v.State, By: v.ReviewedBy, At: v.ReviewedAt, Reason: v.ReturnReason})
		}
	}
	return datchuan.CurrentValues(values, reviews, time.Time{}), nil
}

// ReportValue refuses: the dated values are read only.
func (datedValues) ReportValue(context.Context, *datchuan.Value) error { return readOnly() }

// ReviewValue refuses: the dated values are read only.
func (datedValues) ReviewValue(context.Context, *datchuan.Review) error { return readOnly() }

func readOnly() error {
	return datchuan.Errorf(datchuan.EINTERNAL, "dated values are read only")
}
