// Package demo fills a database with the Trà Vinh case of Plan 45/KH-BCĐ
// (22/06/2022): the real units and agencies of the province, the two
// districts Cầu Ngang (848) and Duyên Hải (850) targeted at the NTM district
// standard in 2022, and made-up values giving a realistic mix, dated over
// the summer so that the weekly rounds of the plan, seeded from its week
// to the week before the demo's clock, show the districts rising week by
// week (history.go, rounds.go). Everything it writes is demo data, and the
// server says so on every page.
package demo

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/datchuan/datchuan"
)

//go:embed travinh.yaml sets
var files embed.FS

// Sets returns the demo's criteria set files: Trà Vinh's sets derived from
// the national ones, with illustrative thresholds where the official ones
// are not known to us. They are marked as demo in their names and sources.
func Sets() fs.FS {
	sub, err := fs.Sub(files, "sets")
	if err != nil {
		panic(err) // the directory is embedded above
	}
	return sub
}

// The demo's set ids, as in the files under sets/.
const (
	CommuneSet  = "demo-tv-ntm-commune-2021-2025"
	AdvancedSet = "demo-tv-ntm-commune-advanced-2021-2025"
	DistrictSet = "demo-tv-ntm-district-2021-2025"
	UrbanSet    = "vn-civilised-urban" // the national structural draft: its one threshold is known
)

// CaseDate is the date of Plan 45/KH-BCĐ, the day the demo is about.
var CaseDate = datchuan.NewDate(2022, 6, 22)

// Summary tells what Seed wrote.
type Summary struct {
	Agencies, People, Leads, Targets, Values, Reviews, Assignments int
	// Rounds are the closed weekly rounds before the demo's clock, with
	// their Reports.
	Rounds, Reports int
	// Earlier is true when the database held the demo already, from a
	// first start stopped after seeding: Seed wrote nothing.
	Earlier bool `json:"-"`
}

type plan struct {
	Province      string              `yaml:"province"`
	Agencies      []agencyRow         `yaml:"agencies"`
	Districts     []string            `yaml:"districts"`
	CommuneLeads  map[string][]string `yaml:"commune_leads"`
	DistrictLeads map[string][]string `yaml:"district_leads"`
	People        []personRow         `yaml:"people"`
}

type agencyRow struct {
	Code   string              `yaml:"code"`
	Kind   datchuan.AgencyKind `yaml:"kind"`
	Name   string              `yaml:"name"`
	Short  string              `yaml:"short"`
	Parent string              `yaml:"parent"`
}

type personRow struct {
	Name   string `yaml:"name"`
	Title  string `yaml:"title"`
	Agency string `yaml:"agency"`
	Role   string `yaml:"role"`
}

// Seed writes the demo in one transaction, with one entry in the change
// log by "system:demo": all of it or, on any failure, nothing. The units
// must already be imported. That entry is how a later run knows the demo
// is there: Seed run again writes nothing (Summary.Earlier), so a first
// start killed at any point after seeding starts again.
func Seed(ctx context.Context, tx datchuan.Transactor, sets datchuan.CriteriaCatalog) (Summary, error) {
	var p plan
	b, err := files.ReadFile("travinh.yaml")
	if err != nil {
		return Summary{}, err
	}
	if err := yaml.UnmarshalWithOptions(b, &p, yaml.Strict()); err != nil {
		return Summary{}, fmt.Errorf("demo plan: %w", err)
	}
	var sum Summary
	err = tx.Atomically(ctx, func(s datchuan.Stores) error {
		earlier, err := seeded(ctx, s.Changes)
		if err != nil || earlier {
			sum.Earlier = earlier
			return err
		}
		sd := seeder{Stores: s, sets: sets, plan: p, agencies: map[string]*datchuan.Agency{}}
		for _, step := range []func(context.Context) error{sd.units, sd.createAgencies, sd.createPeople, sd.createLeads, sd.createTargets, sd.createValues,
			sd.createSetbacks, sd.createPlan, sd.createRounds,
			sd.createInspections, sd.createDossier, sd.createMeetings} {
			if err := step(ctx); err != nil {
				return err
			}
		}
		sum = sd.sum
		ch := datchuan.NewChange(datchuan.SystemActor("demo"), datchuan.ActDemoSeed, "demo", 0,
			fmt.Sprintf("Nạp dữ liệu trình diễn Trà Vinh: %d cơ quan, %d người, %d mục tiêu, %d số liệu, %d phân công, %d đợt báo cáo tuần với %d báo cáo",
				sum.Agencies, sum.People, sum.Targets, sum.Values, sum.Assignments, sum.Rounds, sum.Reports), nil, sum)
		ch.UnitID, ch.Province = sd.province.ID, sd.province.Code
		return s.Changes.Record(ctx, ch)
	})
	return sum, err
}

// seeded reports whether the change log holds the demo's seeding, which
// is written in the seeding's own transaction.
func seeded(ctx context.Context, log datchuan.ChangeLog) (bool, error) {
	chs, err := log.Changes(ctx, datchuan.ChangeFilter{Entity: "demo"})
	if err != nil {
		return false, fmt.Errorf("demo: look for an earlier seeding: %w", err)
	}
	for _, c := range chs {
		if c.Action == datchuan.ActDemoSeed {
			return true, nil
		}
	}
	return false, nil
}

type seeder struct {
	datchuan.Stores
	sets      datchuan.CriteriaCatalog
	plan      plan
	sum       Summary
	province  *datchuan.Unit
	districts []*datchuan.Unit
	communes  map[string][]*datchuan.Unit // by district code
	agencies  map[string]*datchuan.Agency
	targets   []int64 // the districts' targets, which Plan 45 serves
	case45    *datchuan.Plan
}

func (sd *seeder) one(ctx context.Context, level datchuan.Level, code string) (*datchuan.Unit, error) {
	us, err := sd.Units.FindUnits(ctx, datchuan.UnitFilter{Level: level, Code: code, On: CaseDate})
	if err != nil {
		return nil, err
	}
	if len(us) != 1 {
		return nil, fmt.Errorf("demo: unit %s on %s: found %d versions; are the units imported?", code, CaseDate.VN(), len(us))
	}
	return us[0], nil
}

func (sd *seeder) units(ctx context.Context) error {
	var err error
	if sd.province, err = sd.one(ctx, datchuan.LevelProvince, sd.plan.Province); err != nil {
		return err
	}
	sd.communes = map[string][]*datchuan.Unit{}
	for _, code := range sd.plan.Districts {
		d, err := sd.one(ctx, datchuan.LevelDistrict, code)
		if err != nil {
			return err
		}
		sd.districts = append(sd.districts, d)
		cs, err := sd.Units.FindUnits(ctx, datchuan.UnitFilter{Level: datchuan.LevelCommune, ParentCode: code, On: CaseDate})
		if err != nil {
			return err
		}
		sd.communes[code] = cs
	}
	return nil
}

func (sd *seeder) addAgency(ctx context.Context, a *datchuan.Agency) error {
	if err := sd.Agencies.CreateAgency(ctx, a); err != nil {
		return fmt.Errorf("demo agency %s: %w", a.Code, err)
	}
	sd.agencies[a.Code] = a
	sd.sum.Agencies++
	return nil
}

func (sd *seeder) createAgencies(ctx context.Context) error {
	for _, r := range sd.plan.Agencies {
		a := &datchuan.Agency{Code: r.Code, Name: r.Name, ShortName: r.Short, Kind: r.Kind, UnitID: sd.province.ID}
		if r.Parent != "" {
			a.ParentID = sd.agencies[r.Parent].ID
		}
		if err := sd.addAgency(ctx, a); err != nil {
			return err
		}
	}
	for _, d := range sd.districts {
		short := d.ShortName()
		for _, a := range []*datchuan.Agency{
			{Code: d.Code + "-BCD", Name: "Ban Chỉ đạo huyện " + short, ShortName: "BCĐ huyện " + short, Kind: datchuan.AgencyDistrictCommittee, UnitID: d.ID},
			{Code: d.Code + "-UBND", Name: "Ủy ban nhân dân huyện " + short, ShortName: "UBND huyện " + short, Kind: datchuan.AgencyPeoplesCommittee, UnitID: d.ID},
		} {
			if err := sd.addAgency(ctx, a); err != nil {
				return err
			}
		}
		for _, c := range sd.communes[d.Code] {
			kind := "xã "
			if c.Type == "Thị trấn" {
				kind = "thị trấn "
			}
			a := &datchuan.Agency{Code: c.Code + "-BCD", Name: "Ban Chỉ đạo " + kind + c.ShortName(), ShortName: "BCĐ " + kind + c.ShortName(),
				Kind: datchuan.AgencyCommuneCommittee, UnitID: c.ID, ParentID: sd.agencies[d.Code+"-BCD"].ID}
			if err := sd.addAgency(ctx, a); err != nil {
				return err
			}
		}
	}
	return nil
}

func (sd *seeder) createPeople(ctx context.Context) error {
	for i, r := range sd.plan.People {
		a := sd.agencies[r.Agency]
		if a == nil {
			return fmt.Errorf("demo person %s: unknown agency %s", r.Name, r.Agency)
		}
		p := &datchuan.Person{Name: r.Name, Title: r.Title, Email: fmt.Sprintf("demo%02d@datchuan.invalid", i+1)}
		if err := sd.Agencies.CreatePerson(ctx, p); err != nil {
			return fmt.Errorf("demo person %s: %w", r.Name, err)
		}
		if err := sd.Agencies.AddMember(ctx, &datchuan.Membership{PersonID: p.ID, AgencyID: a.ID, Role: r.Role, From: CaseDate}); err != nil {
			return fmt.Errorf("demo member %s: %w", r.Name, err)
		}
		sd.sum.People++
	}
	return nil
}

func (sd *seeder) createLeads(ctx context.Context) error {
	for setID, leads := range map[string]map[string][]string{CommuneSet: sd.plan.CommuneLeads, DistrictSet: sd.plan.DistrictLeads} {
		set, err := sd.sets.Set(setID)
		if err != nil {
			return fmt.Errorf("demo leads: %w", err)
		}
		for ref, codes := range leads {
			crit, ind := ref, ""
			if set.Criterion(ref) == nil {
				i, c := set.Indicator(ref)
				if i == nil {
					return fmt.Errorf("demo leads: %s has no criterion or indicator %s", setID, ref)
				}
				crit, ind = c.Code, i.Code
			}
			for n, code := range codes {
				a := sd.agencies[code]
				if a == nil {
					return fmt.Errorf("demo leads: unknown agency %s", code)
				}
				l := &datchuan.Lead{ProvinceID: sd.province.ID, SetID: setID, CriterionCode: crit, IndicatorCode: ind, AgencyID: a.ID, Supporting: n > 0}
				if err := sd.Agencies.SetLead(ctx, l); err != nil {
					return fmt.Errorf("demo lead %s %s: %w", setID, ref, err)
				}
				sd.sum.Leads++
			}
		}
	}
	return nil
}

// recognised are the communes of the two districts already recognised as
// NTM (or advanced) by 2022 in the province's news (criteria-research.md §6.2).
var recognised = map[string]bool{"29425": true, "29431": true, "29443": true, "29449": true, "29497": true, "29500": true, "29536": true}

// shortfall is how many criteria each other commune still missed in the
// demo: a plausible spread between 14/19 and 18/19.
var shortfall = map[string]int{
	"29422": 1, "29428": 2, "29434": 3, "29437": 5, "29440": 2, "29446": 1, "29452": 4,
	"29455": 3, "29458": 5, "29521": 2, "29530": 3, "29533": 1,
}

func (sd *seeder) target(ctx context.Context, u *datchuan.Unit, setID, note string) error {
	t := &datchuan.Target{UnitID: u.ID, SetID: setID, Year: 2022, Note: note}
	if err := sd.Targets.CreateTarget(ctx, t); err != nil {
		return fmt.Errorf("demo target %s %s: %w", u.Code, setID, err)
	}
	sd.sum.Targets++
	return nil
}

func (sd *seeder) createTargets(ctx context.Context) error {
	const note = "Kế hoạch 45/KH-BCĐ ngày 22/6/2022 (dữ liệu trình diễn)"
	for _, d := range sd.districts {
		if err := sd.target(ctx, d, DistrictSet, note); err != nil {
			return err
		}
		ts, err := sd.Targets.FindTargets(ctx, datchuan.TargetFilter{UnitIDs: []int64{d.ID}, SetID: DistrictSet})
		if err != nil || len(ts) != 1 {
			return fmt.Errorf("demo target of %s: %v", d.Code, err)
		}
		sd.targets = append(sd.targets, ts[0].ID)
		for _, c := range sd.communes[d.Code] {
			set := CommuneSet
			if c.Type == "Thị trấn" {
				set = UrbanSet
			}
			if err := sd.target(ctx, c, set, note); err != nil {
				return err
			}
		}
	}
	// Đông Hải was recognised as an advanced NTM commune for 2021.
	for _, c := range sd.communes["850"] {
		if c.Code == "29536" {
			return sd.target(ctx, c, AdvancedSet, "Xã nông thôn mới nâng cao (dữ liệu trình diễn)")
		}
	}
	return nil
}

func (sd *seeder) createValues(ctx context.Context) error {
	for i, d := range sd.districts {
		set, err := sd.sets.Set(DistrictSet)
		if err != nil {
			return err
		}
		// Cầu Ngang still misses two district criteria, Duyên Hải one.
		if err := sd.unitValues(ctx, d, set, 2-i, i == 0); err != nil {
			return err
		}
		if err := sd.debtFree(ctx, d, set, i == 0); err != nil {
			return err
		}
		for _, c := range sd.communes[d.Code] {
			setID := CommuneSet
			if c.Type == "Thị trấn" {
				setID = UrbanSet
			}
			set, err := sd.sets.Set(setID)
			if err != nil {
				return err
			}
			miss := shortfall[c.Code]
			if c.Code == "29419" {
				miss = 1 // Thị trấn Mỹ Long: civilised-urban file still at the department
			}
			if err := sd.unitValues(ctx, c, set, miss, !recognised[c.Code]); err != nil {
				return err
			}
			if c.Code == "29536" {
				adv, err := sd.sets.Set(AdvancedSet)
				if err != nil {
					return err
				}
				if err := sd.unitValues(ctx, c, adv, 0, false); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// debtFree reports the district condition "no outstanding capital
// construction debt", confirmed or still waiting for the department.
func (sd *seeder) debtFree(ctx context.Context, d *datchuan.Unit, set *datchuan.CriteriaSet, confirm bool) error {
	for _, c := range set.Conditions {
		if c.Kind != datchuan.CondBoolean {
			continue
		}
		at := time.Date(2022, 8, 15, 9, 0, 0, 0, datchuan.Vietnam())
		v := &datchuan.Value{UnitID: d.ID, SetID: set.ID, IndicatorCode: c.Code, AsOf: datchuan.DateOf(at),
			Measure: datchuan.BoolMeasure(true), ReportedAt: at, Comment: "Báo cáo nợ đọng XDCB (minh họa)"}
		if err := sd.Values.ReportValue(ctx, v); err != nil {
			return fmt.Errorf("demo condition %s %s: %w", d.Code, c.Code, err)
		}
		sd.sum.Values++
		if confirm {
			if err := sd.Values.ReviewValue(ctx, &datchuan.Review{ValueID: v.ID, Decision: datchuan.StateConfirmed, At: at.Add(48 * time.Hour)}); err != nil {
				return err
			}
			sd.sum.Reviews++
		}
	}
	return nil
}

// unitValues reports a value for every indicator of set for u, missing
// `miss` criteria in a mix of ways: a confirmed failure, a value still
// waiting for confirmation, a value returned with a reason, or no value yet.
// Units already recognised report before the plan date; the others during
// the summer of 2022, so that the status on 22/06/2022 differs from later.
func (sd *seeder) unitValues(ctx context.Context, u *datchuan.Unit, set *datchuan.CriteriaSet, miss int, late bool) error {
	h := hash(u.Code + set.ID)
	failing := map[int]int{} // criterion index → how it fails
	for k := 0; k < miss && k < len(set.Criteria); k++ {
		idx := int((h + uint32(k)*7) % uint32(len(set.Criteria)))
		for failing[idx] != 0 {
			idx = (idx + 1) % len(set.Criteria)
		}
		failing[idx] = 1 + k%4
	}
	start := time.Date(2022, 5, 10, 9, 0, 0, 0, datchuan.Vietnam())
	if late {
		start = time.Date(2022, 7, 4, 9, 0, 0, 0, datchuan.Vietnam())
	}
	n := 0
	for ci, c := range set.Criteria {
		for ii, ind := range c.Indicators {
			how := 0
			if ii == 0 {
				how = failing[ci]
			}
			if how == 4 {
				continue // no value yet
			}
			th, ok := ind.ThresholdFor(set.ClassOf(u.Classifiers), 2022)
			if !ok || !th.Known {
				continue // an unknown threshold cannot be reported against meaningfully
			}
			at := start.Add(time.Duration(n%40) * 26 * time.Hour)
			n++
			v := &datchuan.Value{UnitID: u.ID, SetID: set.ID, IndicatorCode: ind.Code, AsOf: datchuan.DateOf(at),
				Measure: sample(ind.Kind, th.Value, how != 1, h+uint32(n)), ReportedAt: at,
				Evidence: []string{fmt.Sprintf("Báo cáo số %d/BC-UBND (minh họa)", 100+n)},
				Comment:  "Số liệu trình diễn"}
			if err := sd.Values.ReportValue(ctx, v); err != nil {
				return fmt.Errorf("demo value %s %s: %w", u.Code, ind.Code, err)
			}
			sd.sum.Values++
			var r *datchuan.Review
			switch how {
			case 2: // waiting for the lead department
			case 3:
				r = &datchuan.Review{ValueID: v.ID, Decision: datchuan.StateReturned, At: at.Add(72 * time.Hour),
					Reason: "Thiếu biên bản kiểm tra thực tế; đề nghị bổ sung minh chứng."}
			default:
				r = &datchuan.Review{ValueID: v.ID, Decision: datchuan.StateConfirmed, At: at.Add(96 * time.Hour)}
			}
			if r != nil {
				if err := sd.Values.ReviewValue(ctx, r); err != nil {
					return fmt.Errorf("demo review %s %s: %w", u.Code, ind.Code, err)
				}
				sd.sum.Reviews++
			}
		}
	}
	return nil
}

// sample makes a value of the kind that meets (or fails) threshold t.
func sample(kind datchuan.IndicatorKind, t float64, meets bool, h uint32) datchuan.Measure {
	jitter := float64(h%7) / 100 // 0–6%
	switch kind {
	case datchuan.KindPassFail:
		return datchuan.BoolMeasure(meets)
	case datchuan.KindNoneAllowed:
		if meets {
			return datchuan.NumberMeasure(0)
		}
		return datchuan.NumberMeasure(float64(1 + h%4))
	case datchuan.KindPercentMin:
		den := float64(40 + h%160)
		num := math.Ceil(den * math.Min(100, t+(100-t)*jitter*10) / 100)
		if !meets {
			num = math.Max(0, math.Floor(den*t/100)-1-float64(h%3))
		}
		return datchuan.RatioMeasure(math.Min(num, den), den)
	case datchuan.KindPercentMax:
		if meets {
			return datchuan.NumberMeasure(math.Round(t*(0.6+jitter)*10) / 10)
		}
		return datchuan.NumberMeasure(math.Min(100, math.Round(t*(1.3+jitter)*10)/10+0.1))
	}
	if meets {
		return datchuan.NumberMeasure(math.Round(t*(1.05+jitter)*10) / 10)
	}
	return datchuan.NumberMeasure(math.Round(t*(0.9-jitter)*10) / 10)
}

func hash(s string) uint32 {
	f := fnv.New32a()
	_, _ = f.Write([]byte(s))
	return f.Sum32()
}
