package datchuan

import (
	"context"
	"strings"
)

// Level is the tier of an administrative unit.
type Level string

const (
	LevelProvince Level = "province" // tỉnh, thành phố trực thuộc trung ương
	LevelDistrict Level = "district" // huyện, quận, thị xã, thành phố thuộc tỉnh (gone since 01/07/2025)
	LevelCommune  Level = "commune"  // xã, phường, thị trấn, đặc khu
)

// Valid reports whether l is one of the known levels.
func (l Level) Valid() bool {
	return l == LevelProvince || l == LevelDistrict || l == LevelCommune
}

// Unit is one version of an administrative unit: a code, a name and a parent
// that held over a period. Codes are reused by later units (after the 2025
// mergers "29416" is Xã Cầu Ngang, formed from three units, one of which was
// Thị trấn Cầu Ngang with the same code), so a unit is identified by its ID,
// and by its code only together with a date.
type Unit struct {
	ID         int64  `json:"id"`
	Code       string `json:"code"`        // official GSO code, a string: "84", "848", "29416"
	Name       string `json:"name"`        // full official name with its type word: "Xã Hiệp Mỹ Đông"
	Type       string `json:"type"`        // the type word: "Xã", "Thị trấn", "Huyện", "Tỉnh" ...
	Level      Level  `json:"level"`       //
	ParentCode string `json:"parent_code"` // code of the parent valid at the same dates; "" for a province
	ValidFrom  Date   `json:"valid_from"`  // zero: valid since before the records we hold
	ValidTo    Date   `json:"valid_to"`    // exclusive; zero: still valid
	Source     string `json:"source"`      // the snapshot that opened this version
	Classifiers
}

// Classifiers are the facts about a unit that select the thresholds of a
// criteria set: its region (2021–2025 sets), the "extremely difficult" flag
// that switches a commune to the thresholds of the Northern Midlands and
// Mountains region, and its commune group (2026–2030 sets).
type Classifiers struct {
	Region             string `json:"region"`              // TDMNPB, DBSH, BTB, DHNTB, TN, DNB, DBSCL
	ExtremelyDifficult bool   `json:"extremely_difficult"` // xã đặc biệt khó khăn, xã an toàn khu ...
	CommuneGroup       string `json:"commune_group"`       // "1", "2", "3" (Decision 51/2025/QĐ-TTg)
}

// ShortName is the name without its type word: "Hiệp Mỹ Đông". Short names
// alone are ambiguous (Huyện and Thị xã Duyên Hải); show them beside a parent.
func (u *Unit) ShortName() string {
	return strings.TrimSpace(strings.TrimPrefix(u.Name, u.Type))
}

// ValidOn reports whether the unit version was in force on d.
func (u *Unit) ValidOn(d Date) bool { return d.Within(u.ValidFrom, u.ValidTo) }

// LastDay is the last day the version was in force; zero while it still is.
func (u *Unit) LastDay() Date {
	if u.ValidTo.IsZero() {
		return Date{}
	}
	return u.ValidTo.AddDays(-1)
}

// ViewDay is the day this version of the unit is looked at when no date
// is asked: today while it is in force, its last day once it has ended,
// its first day while it is yet to come (a clock set in the past, as the
// demo's, must not show a unit before it exists).
func (u *Unit) ViewDay(today Date) Date {
	switch {
	case !u.ValidTo.IsZero() && !today.Before(u.ValidTo):
		return u.LastDay()
	case !u.ValidFrom.IsZero() && today.Before(u.ValidFrom):
		return u.ValidFrom
	}
	return today
}

// VersionOn picks, from the versions of one code in validity order (as
// FindUnits returns them), the one in force on day or else the last one
// that began before it: a clock set in the past (the demo's) must not see
// units that do not exist yet. It is nil when every version begins later.
func VersionOn(versions []*Unit, day Date) *Unit {
	for i := len(versions) - 1; i >= 0; i-- {
		if versions[i].ValidFrom.IsZero() || !day.Before(versions[i].ValidFrom) {
			return versions[i]
		}
	}
	return nil
}

// LevelOfCode guesses the level of a GSO code from its length: provinces
// have 2 digits, districts 3, communes 5.
func LevelOfCode(code string) Level {
	switch len(code) {
	case 2:
		return LevelProvince
	case 3:
		return LevelDistrict
	}
	return LevelCommune
}

// LabelVi names the level as messages write it: "tỉnh", "huyện", "xã".
func (l Level) LabelVi() string {
	switch l {
	case LevelProvince:
		return "tỉnh"
	case LevelDistrict:
		return "huyện"
	case LevelCommune:
		return "xã"
	}
	return string(l)
}

// LinkKind says how a unit was formed from an earlier one.
type LinkKind string

const (
	LinkFull    LinkKind = "full"    // the whole old unit went into the new one
	LinkPartial LinkKind = "partial" // part of the old unit went into the new one
	LinkSame    LinkKind = "same"    // the same territory under a new name, type or parent
)

// UnitLink records that unit To was formed (wholly or partly) from unit From
// on date On.
type UnitLink struct {
	FromID int64    `json:"from_id"`
	ToID   int64    `json:"to_id"`
	Kind   LinkKind `json:"kind"`
	On     Date     `json:"on"`
}

// UnitRecord is one row of an official list, before it becomes a Unit.
type UnitRecord struct {
	Code       string
	Name       string
	Type       string
	Level      Level
	ParentCode string
	Classifiers
}

// LinkRecord is one "formed from" pair of an official mapping, by code: the
// old code names a unit in force before the snapshot, the new one a unit of
// the snapshot.
type LinkRecord struct {
	OldCode  string
	OldLevel Level
	NewCode  string
	NewLevel Level
	Kind     LinkKind
}

// UnitSnapshot is a complete official list of units in force from a date,
// with optional links from the units it replaces.
type UnitSnapshot struct {
	Name          string // e.g. "vn-admin-units-2024"
	EffectiveFrom Date   // zero only for the first snapshot: open to the past
	Units         []UnitRecord
	Links         []LinkRecord
}

// UnitImportResult tells what applying a snapshot changed.
type UnitImportResult struct {
	Snapshot  string `json:"snapshot"`
	Kept      int    `json:"kept"`
	Opened    int    `json:"opened"`
	Closed    int    `json:"closed"`
	Links     int    `json:"links"`
	Unchanged bool   `json:"unchanged"` // the snapshot had been applied before
}

// UnitFilter selects units. Zero fields do not filter.
type UnitFilter struct {
	IDs        []int64
	Code       string
	Codes      []string
	Level      Level
	ParentCode string
	// ParentCodes selects the units directly under any of these codes (the
	// units within a province: the province and its districts' codes).
	ParentCodes []string
	On          Date   // only versions in force on this date
	Query       string // name search, without diacritics ("cau ngang")
	Limit       int
}

// UnitService stores units and their history.
type UnitService interface {
	// ApplyUnitSnapshot merges an official list into the stored history, all
	// or nothing. Applying the same snapshot again changes nothing.
	ApplyUnitSnapshot(ctx context.Context, snap UnitSnapshot) (UnitImportResult, error)
	// Unit returns the unit version with the given ID, or ENOTFOUND.
	Unit(ctx context.Context, id int64) (*Unit, error)
	// FindUnits returns the matching unit versions ordered by code, then by
	// the start of validity.
	FindUnits(ctx context.Context, f UnitFilter) ([]*Unit, error)
	// UnitLinks returns the links into (formed from) and out of (went into)
	// the unit version id.
	UnitLinks(ctx context.Context, id int64) (from, into []UnitLink, err error)
	// UpdateClassifiers sets the classifiers of one unit version.
	UpdateClassifiers(ctx context.Context, id int64, c Classifiers) error
}

// UnitKey identifies a unit among those in force at one time.
type UnitKey struct {
	Level Level
	Code  string
}

// Key returns the unit's UnitKey.
func (u *Unit) Key() UnitKey { return UnitKey{u.Level, u.Code} }

// RecordKey returns the record's UnitKey.
func (r UnitRecord) Key() UnitKey { return UnitKey{r.Level, r.Code} }

// UnitPlan is what applying a snapshot to the units in force does.
type UnitPlan struct {
	Keep  []*Unit      // in force before and after, unchanged
	Close []*Unit      // in force before, closed at the snapshot date
	Open  []UnitRecord // new versions opened at the snapshot date
	// Links connect a closed or kept unit (by ID) to a new or kept unit (by key).
	Links []PlannedLink
}

// PlannedLink is a link whose target may not have an ID yet.
type PlannedLink struct {
	FromID int64
	To     UnitKey
	Kind   LinkKind
}

// PlanUnitSnapshot compares the units in force (open: those with no ValidTo)
// with a snapshot. A unit whose code, name, type and parent are unchanged is
// kept, with its classifiers, unless a link says it gave or took territory;
// any other change closes the old version and
// opens a new one, linked to it as LinkSame unless the snapshot's own links
// say how the old unit went on. Units absent from the snapshot are closed.
// A link naming an unknown code is an EINVALID error.
func PlanUnitSnapshot(open []*Unit, snap UnitSnapshot) (UnitPlan, error) {
	before := make(map[UnitKey]*Unit, len(open))
	byID := make(map[int64]*Unit, len(open))
	for _, u := range open {
		before[u.Key()] = u
		byID[u.ID] = u
	}
	after := make(map[UnitKey]bool, len(snap.Units))
	for _, r := range snap.Units {
		if after[r.Key()] {
			return UnitPlan{}, Errorf(EINVALID, "%s: mã %s (%s) lặp lại (duplicate code)", snap.Name, r.Code, r.Level)
		}
		after[r.Key()] = true
	}

	var plan UnitPlan
	linked := make(map[int64]bool)     // old units the snapshot's links account for
	reshaped := make(map[UnitKey]bool) // units that gave or took territory
	for _, l := range snap.Links {
		old, ok := before[UnitKey{l.OldLevel, l.OldCode}]
		if !ok {
			return UnitPlan{}, Errorf(EINVALID, "%s: liên kết từ mã %s không có đơn vị tương ứng (link from unknown code)", snap.Name, l.OldCode)
		}
		to := UnitKey{l.NewLevel, l.NewCode}
		if !after[to] {
			return UnitPlan{}, Errorf(EINVALID, "%s: liên kết đến mã %s không có trong danh sách (link to unknown code)", snap.Name, l.NewCode)
		}
		linked[old.ID] = true
		if to != old.Key() || l.Kind != LinkFull {
			reshaped[to], reshaped[old.Key()] = true, true
		}
		plan.Links = append(plan.Links, PlannedLink{FromID: old.ID, To: to, Kind: l.Kind})
	}

	for _, r := range snap.Units {
		old, ok := before[r.Key()]
		switch {
		case !ok:
			plan.Open = append(plan.Open, r)
		case old.Name == r.Name && old.Type == r.Type && old.ParentCode == r.ParentCode && !reshaped[r.Key()]:
			plan.Keep = append(plan.Keep, old)
		default:
			plan.Close = append(plan.Close, old)
			if !linked[old.ID] {
				// Renamed or moved, nothing else: the territory, and so its
				// region, is the same. A unit the snapshot's links describe
				// keeps the region the snapshot gives, even an empty one.
				if r.Region == "" {
					r.Region = old.Region
				}
				plan.Links = append(plan.Links, PlannedLink{FromID: old.ID, To: r.Key(), Kind: LinkSame})
			}
			plan.Open = append(plan.Open, r)
		}
	}
	for _, u := range open {
		if !after[u.Key()] {
			plan.Close = append(plan.Close, u)
		}
	}
	// A kept unit that the snapshot says went whole into itself did not change.
	kept := make(map[int64]bool, len(plan.Keep))
	for _, u := range plan.Keep {
		kept[u.ID] = true
	}
	links := plan.Links[:0]
	for _, l := range plan.Links {
		if kept[l.FromID] && l.Kind == LinkFull && l.To == byID[l.FromID].Key() {
			continue
		}
		links = append(links, l)
	}
	plan.Links = links
	return plan, nil
}
