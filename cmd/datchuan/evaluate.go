package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/catalog"
	"github.com/datchuan/datchuan/status"
)

// runEvaluate is the what-if tool of a commune officer: given the values of
// the indicators, which criteria would be met? Every value in the file counts
// as confirmed: the question is "if these were confirmed". A district is
// evaluated with its communes and towns, whose values the same file gives.
func runEvaluate(args []string, e env) error {
	fs := flag.NewFlagSet("evaluate", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	setID := fs.String("set", "", "mã bộ tiêu chí, ví dụ vn-ntm-commune-2021-2025 (criteria set id)")
	setFile := fs.String("set-file", "", "tệp bộ tiêu chí YAML (a criteria set file)")
	setsDir := fs.String("sets", "", "thư mục bộ tiêu chí bổ sung, ví dụ bộ của tỉnh (a folder of more set files)")
	region := fs.String("region", "", "mã vùng: TDMNPB DBSH BTB DHNTB TN DNB DBSCL (region code)")
	group := fs.String("group", "", "nhóm xã 1, 2, 3 cho bộ 2026–2030 (commune group)")
	difficult := fs.Bool("extremely-difficult", false, "xã đặc biệt khó khăn: dùng ngưỡng vùng TDMNPB (use Northern Midlands thresholds)")
	year := fs.Int("year", 0, "năm đánh giá; mặc định năm nay, trong giai đoạn của bộ (year; default this year, within the set's period)")
	format := fs.String("format", "table", "table hoặc json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("evaluate: cần đúng một tệp giá trị VALUES.csv (need exactly one VALUES.csv)")
	}
	if *format != "table" && *format != "json" {
		return usagef("evaluate: --format phải là table hoặc json (got %q)", *format)
	}
	cat, err := loadSets(*setsDir, false)
	if err != nil {
		return usagef("evaluate: thư mục bộ tiêu chí không hợp lệ (bad sets folder):\n%v", err)
	}
	set, err := evaluateSet(cat, *setID, *setFile)
	if err != nil {
		return err
	}
	if *year == 0 {
		*year = min(max(e.now().Year(), set.PeriodFrom), set.PeriodTo)
	}
	c := datchuan.Classifiers{Region: *region, CommuneGroup: *group, ExtremelyDifficult: *difficult}
	if err := checkClass(set, c, *year); err != nil {
		return err
	}
	path := fs.Arg(0)
	f, err := os.Open(path)
	if err != nil {
		return usagef("evaluate: không mở được %s: %v", path, err)
	}
	defer f.Close()
	m := memberSets{sets: cat, year: *year, class: datchuan.Classifiers{Region: c.Region, CommuneGroup: c.CommuneGroup}}
	w, err := readWhatIfValues(path, f, set, m.of)
	if err != nil {
		return err
	}
	var out evaluation
	if set.Level == datchuan.LevelDistrict {
		if out, err = evaluateDistrict(set, c, *year, w, m); err != nil {
			return err
		}
	} else {
		out = newEvaluation(set, c, status.EvaluateUnit(set, 0, c, *year, w.values))
	}
	out.Unit = w.unit
	if *format == "json" {
		enc := json.NewEncoder(e.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return writeEvaluationTable(e.Stdout, out)
}

// evaluateSet is the set of --set (in cat) or --set-file.
func evaluateSet(cat *catalog.Catalog, id, file string) (*datchuan.CriteriaSet, error) {
	switch {
	case (id == "") == (file == ""):
		return nil, usagef("evaluate: cần đúng một trong --set hoặc --set-file (exactly one of --set and --set-file)")
	case file != "":
		set, err := catalog.LoadFile(file)
		if err != nil {
			return nil, usagef("evaluate: tệp bộ tiêu chí không hợp lệ (bad set file):\n%v", err)
		}
		return set, nil
	}
	set, err := cat.Set(id)
	if err != nil {
		ids := make([]string, 0)
		for _, s := range cat.Sets() {
			ids = append(ids, s.ID)
		}
		return nil, usagef("evaluate: không có bộ tiêu chí %q; có: %s (unknown set)", id, strings.Join(ids, ", "))
	}
	return set, nil
}

// memberTierOrder are the tiers a member's row may name, in the order
// they are shown: a xã's NTM and advanced NTM, a thị trấn's civilised urban.
var memberTierOrder = []datchuan.Tier{datchuan.TierCommuneNTM, datchuan.TierCommuneAdvanced, datchuan.TierCivilisedUrban}

// memberSets finds the set a district's member is evaluated on for a tier:
// the one in force in the year, a province's own (derived) set first, as
// the server does.
type memberSets struct {
	sets  *catalog.Catalog
	year  int
	class datchuan.Classifiers // the district's region or group, without its override
}

func (m memberSets) of(tier datchuan.Tier) (*datchuan.CriteriaSet, error) {
	set := datchuan.SetInForce(m.sets, tier, datchuan.LevelCommune, m.year)
	if set == nil {
		return nil, fmt.Errorf("không có bộ tiêu chí %s cho năm %d (no %s set in force in %d)", tier, m.year, tier, m.year)
	}
	if msg := classProblem(set, m.class, m.year); msg != "" {
		return nil, fmt.Errorf("xã, thị trấn của huyện được đánh giá theo bộ %s: %s", set.ID, msg)
	}
	return set, nil
}

// evaluateDistrict evaluates a district with its members, as the district
// page does: each member on the tiers its rows name and those the
// district's conditions count. A district without member values is
// refused: its conditions count its communes, and a verdict on its own
// criteria alone would say "đạt chuẩn" of a district that may not be.
func evaluateDistrict(set *datchuan.CriteriaSet, c datchuan.Classifiers, year int, w whatIf, m memberSets) (evaluation, error) {
	if needsMembers(set) && !w.memberValues() {
		return evaluation{}, usagef("evaluate: %s là bộ cấp huyện: huyện chỉ đạt chuẩn khi các xã, thị trấn của huyện đạt điều kiện %s, "+
			"nên tệp cần cả giá trị của các xã, thị trấn, với dòng tiêu đề %s (docs/evaluate.md). "+
			"(A district set needs the values of the district's communes and towns: its conditions count them.)",
			set.ID, conditionCodes(set), strings.Join(unitColumns, ","))
	}
	district := &datchuan.Unit{Code: w.unit, Level: datchuan.LevelDistrict, Classifiers: c}
	members := make([]status.Member, len(w.members))
	for i, wm := range w.members {
		u := &datchuan.Unit{ID: int64(i + 1), Code: wm.code, Name: wm.code, Level: datchuan.LevelCommune, Type: wm.typ, Classifiers: m.class}
		members[i] = status.Member{Unit: u, Results: map[datchuan.Tier]status.UnitResult{}}
		for _, tier := range memberTiers(set, wm) {
			cs, err := m.of(tier)
			if err != nil {
				return evaluation{}, usagef("evaluate: %v", err)
			}
			members[i].Results[tier] = status.EvaluateUnit(cs, u.ID, u.Classifiers, year, wm.values)
		}
	}
	r := status.EvaluateDistrict(set, district, year, w.values, members)
	return newDistrictEvaluation(set, c, r), nil
}

// needsMembers reports whether a district set counts its members: in a
// condition, or in its revocation rule.
func needsMembers(set *datchuan.CriteriaSet) bool {
	if set.Revocation != nil && set.Revocation.CommunesPercent > 0 {
		return true
	}
	return slices.ContainsFunc(set.Conditions, func(c datchuan.Condition) bool { return c.Tier != "" })
}

// memberTiers are the tiers a member is evaluated on: those its rows name,
// then those the district counts for a member of its type (a member with no
// value for one of them meets nothing there).
func memberTiers(set *datchuan.CriteriaSet, wm *whatIfMember) []datchuan.Tier {
	tiers := slices.Clone(wm.tiers)
	counted := []datchuan.Tier{}
	if set.Revocation != nil && set.Revocation.CommunesPercent > 0 {
		counted = append(counted, datchuan.TierCommuneNTM) // the revocation rule counts communes at risk
	}
	for _, c := range set.Conditions {
		counted = append(counted, c.Tier)
	}
	for _, t := range counted {
		if t != "" && t.UnitType() == wm.typ && !slices.Contains(tiers, t) {
			tiers = append(tiers, t)
		}
	}
	return tiers
}

func conditionCodes(set *datchuan.CriteriaSet) string {
	var codes []string
	for _, c := range set.Conditions {
		if c.Tier != "" {
			codes = append(codes, c.Code+" ("+c.TextVi+")")
		}
	}
	return strings.Join(codes, "; ")
}

// checkClass refuses a year outside the set's period and a region or
// group the set does not know.
func checkClass(set *datchuan.CriteriaSet, c datchuan.Classifiers, year int) error {
	if msg := classProblem(set, c, year); msg != "" {
		return usagef("evaluate: %s", msg)
	}
	return nil
}

func classProblem(set *datchuan.CriteriaSet, c datchuan.Classifiers, year int) string {
	if year < set.PeriodFrom || year > set.PeriodTo {
		return fmt.Sprintf("năm %d ngoài giai đoạn %d–%d của bộ %s (year outside the set's period)", year, set.PeriodFrom, set.PeriodTo, set.ID)
	}
	name, flagName, got := "vùng", "--region", c.Region
	if set.Classifier == datchuan.ByGroup {
		name, flagName, got = "nhóm xã", "--group", c.CommuneGroup
	}
	if got == "" {
		return fmt.Sprintf("cần %s (%s) cho bộ %s; có: %s", flagName, name, set.ID, classCodes(set))
	}
	if !set.HasClass(got) {
		return fmt.Sprintf("%s %q không có trong bộ %s; có: %s (unknown %s)", name, got, set.ID, classCodes(set), strings.TrimPrefix(flagName, "--"))
	}
	return ""
}

func classCodes(set *datchuan.CriteriaSet) string {
	codes := make([]string, len(set.Classes))
	for i, v := range set.Classes {
		codes[i] = v.Code
	}
	return strings.Join(codes, ", ")
}
