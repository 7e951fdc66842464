package datchuan

import (
	"context"
	"fmt"
)

// Loading many values at once: the national synthetic data set, and the
// value import from Excel or CSV, store their rows through a ValueLoader.
//
// An importer reads and checks its file first, the way the report form
// checks one report (ParseMeasure, the caller's Access, the set judging the
// unit, Value.Validate against the value each row replaces), so that it
// names every mistake of the file by row and column. It then hands the rows
// it accepted to LoadValues, which checks each row once more by itself
// (ValidateRow, and what the table can hold) as a last guard: a load never
// stores what the report form would refuse.

// ValueLoader stores many reports at once.
type ValueLoader interface {
	// LoadValues stores rows in one transaction, all or nothing: each row
	// a report as ReportValue stores it and, when its State is
	// StateConfirmed or StateReturned, its review (by ReviewedBy at
	// ReviewedAt, zero meaning now, with ReturnReason when returned). It
	// checks every row first and refuses the whole batch at the first bad
	// one with a *RowError. On success each row's ID, ReportedAt and
	// ReviewedAt are those stored.
	LoadValues(ctx context.Context, rows []Value, opt LoadOptions) (LoadResult, error)
}

// LoadOptions says what LoadValues checks the rows against.
type LoadOptions struct {
	// Sets holds the indicators of the rows (required).
	Sets CriteriaCatalog
	// Today is the latest as-of date a row may have; zero: today in
	// Vietnam by the store's clock.
	Today Date
	// Progress, when set, is told after each batch how many rows are
	// stored so far (not yet committed).
	Progress func(done int)
}

// LoadResult counts what a load stored.
type LoadResult struct {
	Values  int `json:"values"`  // reports
	Reviews int `json:"reviews"` // confirmations and returns among them
	Links   int `json:"links"`   // evidence references linked to their attachments
}

// RowError refuses a batch at one of its rows.
type RowError struct {
	Row int    // 1 for the first row of the batch
	Err *Error // the row's problem, its message led by "Dòng N: " ("Row N: ")
}

func (e *RowError) Error() string { return e.Err.Error() }

// Unwrap gives the domain error, so that ErrorCode, ErrorText and
// ErrorFields read a RowError like any other refusal.
func (e *RowError) Unwrap() error { return e.Err }

// AtRow returns err, a refusal of the row numbered row (1 for the first),
// as a *RowError: the same code and fields, the message led by the row.
// An error that is no domain error is returned as it is.
func AtRow(row int, err error) error {
	de := domainError(err)
	if de == nil {
		return err
	}
	t := de.Text()
	e := NewError(de.Code, Text{Vi: fmt.Sprintf("Dòng %d: %s", row, t.Vi), En: fmt.Sprintf("row %d: %s", row, t.In("en"))})
	e.Fields, e.FieldsEn = de.Fields, de.FieldsEn
	return &RowError{Row: row, Err: e}
}

// ValidateRow checks a row of a load: the report as Validate checks a new
// report that replaces nothing (an importer asks the replacing question
// itself, before it loads) and, when the row carries a review (State
// confirmed or returned), the review as Review.Validate checks it. ind is
// the row's indicator (ReportedIndicator), nil when the set has none.
func (v *Value) ValidateRow(ind *Indicator, today Date) error {
	if err := v.Validate(ind, nil, false, today); err != nil {
		return err
	}
	switch v.State {
	case "", StateReported:
		return nil
	}
	r := Review{Decision: v.State}
	if v.State == StateReturned {
		r.Reason = v.ReturnReason
	}
	return r.Validate()
}

// ReportedIndicator returns what a value of the set reports under code: an
// indicator, or a district condition of kind CondBoolean, which is
// reported as a pass/fail value under the condition's code; nil for
// neither.
func (s *CriteriaSet) ReportedIndicator(code string) *Indicator {
	if ind, _ := s.Indicator(code); ind != nil {
		return ind
	}
	for _, c := range s.Conditions {
		if c.Code == code && c.Kind == CondBoolean {
			return &Indicator{Code: c.Code, NameVi: c.TextVi, NameEn: c.TextEn, Kind: KindPassFail}
		}
	}
	return nil
}
