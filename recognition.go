package datchuan

import (
	"context"
	"slices"
	"time"
)

// RecognitionTitle is the standard a commune-level unit was recognised as
// meeting.
type RecognitionTitle string

const (
	RecognisedNTM      RecognitionTitle = "ntm"             // xã đạt chuẩn nông thôn mới
	RecognisedAdvanced RecognitionTitle = "ntm_advanced"    // xã đạt chuẩn nông thôn mới nâng cao
	RecognisedModel    RecognitionTitle = "ntm_model"       // xã nông thôn mới kiểu mẫu
	RecognisedUrban    RecognitionTitle = "civilised_urban" // thị trấn đạt chuẩn đô thị văn minh
)

// RecognitionTitles lists the titles in the order forms offer them.
var RecognitionTitles = []RecognitionTitle{RecognisedNTM, RecognisedAdvanced, RecognisedModel, RecognisedUrban}

// Valid reports whether t is a known title.
func (t RecognitionTitle) Valid() bool { return slices.Contains(RecognitionTitles, t) }

var recognitionTitleNames = map[RecognitionTitle][2]string{
	RecognisedNTM:      {"Đạt chuẩn nông thôn mới", "NTM standard"},
	RecognisedAdvanced: {"Đạt chuẩn nông thôn mới nâng cao", "Advanced NTM standard"},
	RecognisedModel:    {"Nông thôn mới kiểu mẫu", "Model NTM"},
	RecognisedUrban:    {"Đạt chuẩn đô thị văn minh", "Civilised urban area"},
}

// LabelVi names the title.
func (t RecognitionTitle) LabelVi() string { return nameOr(recognitionTitleNames[t][0], string(t)) }

// LabelEn names the title in English.
func (t RecognitionTitle) LabelEn() string { return nameOr(recognitionTitleNames[t][1], string(t)) }

// Recognises reports whether a decision of title t recognises a unit of
// the type (Unit.Type) as meeting what a district needs of it: a xã the
// NTM standard (an advanced or model recognition comes after it, so it
// counts too), a thị trấn the civilised urban standard.
func (t RecognitionTitle) Recognises(unitType string) bool {
	switch unitType {
	case TypeCommune:
		return t == RecognisedNTM || t == RecognisedAdvanced || t == RecognisedModel
	case TypeTown:
		return t == RecognisedUrban
	}
	return false
}

// RecognitionDecision is the decision recognising a commune (or town) as
// meeting a standard: its number, date and issuer, and the scanned
// decision. The coordination office records them; the district's dossier
// lists them.
type RecognitionDecision struct {
	ID         int64            `json:"id"`
	ProvinceID int64            `json:"province_id"`
	UnitID     int64            `json:"unit_id"` // the commune or town
	Title      RecognitionTitle `json:"title"`
	Year       int              `json:"year,omitempty"` // the year it was recognised for ("đạt chuẩn năm 2021"); 0: not said
	Number     string           `json:"number"`         // "1234/QĐ-UBND"
	Date       Date             `json:"date"`
	Issuer     string           `json:"issuer"` // "Chủ tịch UBND tỉnh Trà Vinh"
	File       string           `json:"file,omitempty"`
	Note       string           `json:"note,omitempty"`
	Demo       bool             `json:"demo,omitempty"` // invented for the demo
	CreatedBy  int64            `json:"created_by,omitempty"`
	CreatedAt  time.Time        `json:"created_at"`
	UpdatedAt  time.Time        `json:"updated_at"`
	Version    int              `json:"version"` // see Versioned
}

// RecognitionFilter selects recognition decisions. Zero fields do not
// filter.
type RecognitionFilter struct {
	IDs        []int64
	UnitIDs    []int64
	ProvinceID int64
}

// RecognitionService stores recognition decisions.
type RecognitionService interface {
	// CreateRecognition stores d: ID, Version 1, CreatedAt and UpdatedAt
	// (now when zero).
	CreateRecognition(ctx context.Context, d *RecognitionDecision) error
	// UpdateRecognition stores every field but who recorded it and when, as
	// of d.Version: ECONFLICT when stale, ENOTFOUND when gone.
	UpdateRecognition(ctx context.Context, d *RecognitionDecision) error
	Recognition(ctx context.Context, id int64) (*RecognitionDecision, error)
	// Recognitions returns the decisions f selects, by unit, the oldest
	// first.
	Recognitions(ctx context.Context, f RecognitionFilter) ([]*RecognitionDecision, error)
}
