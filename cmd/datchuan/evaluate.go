package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/catalog"
	"github.com/datchuan/datchuan/status"
)

// runEvaluate is the what-if tool of a commune officer: given the values of
// the indicators, which criteria would be met? Every value in the file counts
// as confirmed: the question is "if these were confirmed".
func runEvaluate(args []string, e env) error {
	fs := flag.NewFlagSet("evaluate", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	setID := fs.String("set", "", "mã bộ tiêu chí, ví dụ vn-ntm-commune-2021-2025 (criteria set id)")
	setFile := fs.String("set-file", "", "tệp bộ tiêu chí YAML (a criteria set file)")
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
	set, err := evaluateSet(*setID, *setFile)
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
	values, err := readWhatIfValues(path, f, set)
	if err != nil {
		return err
	}
	r := status.EvaluateUnit(set, 0, c, *year, values)
	out := newEvaluation(set, c, r)
	if *format == "json" {
		enc := json.NewEncoder(e.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return writeEvaluationTable(e.Stdout, out)
}

func evaluateSet(id, file string) (*datchuan.CriteriaSet, error) {
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
	cat, err := catalog.Embedded()
	if err != nil {
		return nil, fmt.Errorf("load shipped criteria sets: %w", err)
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

func checkClass(set *datchuan.CriteriaSet, c datchuan.Classifiers, year int) error {
	if year < set.PeriodFrom || year > set.PeriodTo {
		return usagef("evaluate: năm %d ngoài giai đoạn %d–%d của bộ %s (year outside the set's period)", year, set.PeriodFrom, set.PeriodTo, set.ID)
	}
	name, flagName, got := "vùng", "--region", c.Region
	if set.Classifier == datchuan.ByGroup {
		name, flagName, got = "nhóm xã", "--group", c.CommuneGroup
	}
	if got == "" {
		return usagef("evaluate: cần %s (%s) cho bộ %s; có: %s", flagName, name, set.ID, classCodes(set))
	}
	if !set.HasClass(got) {
		return usagef("evaluate: %s %q không có trong bộ %s; có: %s (unknown %s)", name, got, set.ID, classCodes(set), strings.TrimPrefix(flagName, "--"))
	}
	return nil
}

func classCodes(set *datchuan.CriteriaSet) string {
	codes := make([]string, len(set.Classes))
	for i, v := range set.Classes {
		codes[i] = v.Code
	}
	return strings.Join(codes, ", ")
}

// readWhatIfValues reads rows "indicator_code,value". A value may hold a
// decimal comma unquoted (17.1,95,5): everything after the first comma is the
// value. A header row, blank lines and lines starting with # are skipped.
// Every problem is reported with its line; any problem fails the whole file.
func readWhatIfValues(name string, r io.Reader, set *datchuan.CriteriaSet) ([]*datchuan.Value, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	var (
		values   []*datchuan.Value
		problems []string
		seen     = map[string]int{}
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			problems = append(problems, fmt.Sprintf("%s:%d: dòng CSV không đọc được (unreadable CSV): %v", name, line, err))
			break
		}
		code := strings.TrimSpace(strings.TrimPrefix(rec[0], "\ufeff"))
		if code == "" && len(rec) == 1 {
			continue
		}
		if len(values) == 0 && len(problems) == 0 && strings.EqualFold(code, "indicator_code") {
			continue
		}
		if len(rec) < 2 {
			problems = append(problems, fmt.Sprintf("%s:%d: thiếu giá trị; cần dạng mã_chỉ_tiêu,giá_trị (missing value)", name, line))
			continue
		}
		ind, _ := set.Indicator(code)
		if ind == nil {
			problems = append(problems, fmt.Sprintf("%s:%d: chỉ tiêu %q không có trong bộ %s (unknown indicator)", name, line, code, set.ID))
			continue
		}
		if first, dup := seen[code]; dup {
			problems = append(problems, fmt.Sprintf("%s:%d: chỉ tiêu %s đã có ở dòng %d (duplicate indicator)", name, line, code, first))
			continue
		}
		seen[code] = line
		m, err := datchuan.ParseMeasure(ind.Kind, strings.Join(rec[1:], ","))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s:%d: chỉ tiêu %s: %s", name, line, code, datchuan.ErrorText(err)))
			continue
		}
		values = append(values, &datchuan.Value{SetID: set.ID, IndicatorCode: code, Measure: m, State: datchuan.StateConfirmed})
	}
	if len(problems) > 0 {
		return nil, usagef("evaluate: %d lỗi trong %s (errors):\n%s", len(problems), name, strings.Join(problems, "\n"))
	}
	return values, nil
}

// evaluation is the stable JSON shape of `datchuan evaluate --format json`,
// documented in docs/evaluate.md. Add fields; never rename or remove them.
type evaluation struct {
	Set      evalSet    `json:"set"`
	Class    string     `json:"class"` // the region or group whose thresholds were used
	Year     int        `json:"year"`
	Criteria []evalCrit `json:"criteria"`
	Totals   evalTotals `json:"totals"`
	input    datchuan.Classifiers
}

type evalSet struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	LegalBasis string `json:"legal_basis"`
	Draft      bool   `json:"draft"`
}

type evalCrit struct {
	Code       string          `json:"code"`
	Name       string          `json:"name"`
	Status     status.Status   `json:"status"`
	Met        bool            `json:"met"`
	Indicators []evalIndicator `json:"indicators"`
}

type evalIndicator struct {
	Code      string         `json:"code"`
	Name      string         `json:"name"`
	Kind      string         `json:"kind"`
	Unit      string         `json:"unit"`
	Value     *string        `json:"value"` // as written back: "95%", "19/20", "đạt"; null when absent
	Threshold *evalThreshold `json:"threshold"`
	Status    status.Status  `json:"status"`
	Met       bool           `json:"met"`
}

type evalThreshold struct {
	Text     string   `json:"text"` // "≥ 95%", "Đạt", "Không"
	Value    *float64 `json:"value"`
	Class    string   `json:"class"`
	Year     int      `json:"year"`
	Source   string   `json:"source"`
	Verified bool     `json:"verified"`
}

type evalTotals struct {
	CriteriaMet      int  `json:"criteria_met"`
	CriteriaTotal    int  `json:"criteria_total"`
	IndicatorsMet    int  `json:"indicators_met"`
	IndicatorsTotal  int  `json:"indicators_total"`
	NoData           int  `json:"no_data"`
	ThresholdMissing int  `json:"threshold_missing"`
	Meets            bool `json:"meets"`
}

func newEvaluation(set *datchuan.CriteriaSet, c datchuan.Classifiers, r status.UnitResult) evaluation {
	out := evaluation{
		Set:   evalSet{ID: set.ID, Name: set.NameVi, LegalBasis: set.Legal.Text(), Draft: set.Draft},
		Class: r.Class, Year: r.Year, input: c,
		Totals: evalTotals{CriteriaMet: r.Met, CriteriaTotal: r.Total, Meets: r.Meets},
	}
	for _, cr := range r.Criteria {
		ec := evalCrit{Code: cr.Code, Name: cr.NameVi, Status: cr.Status, Met: cr.Status == status.Met}
		for _, ir := range cr.Indicators {
			ind, _ := set.Indicator(ir.Code)
			ei := evalIndicator{Code: ir.Code, Name: ir.NameVi, Kind: string(ir.Kind), Unit: ind.Unit, Status: ir.Status, Met: ir.Status == status.Met}
			if ir.Value != nil {
				v := measureText(ind, ir.Value.Measure)
				ei.Value = &v
			}
			if ir.HasThreshold {
				th := ir.Threshold
				et := &evalThreshold{Text: thresholdText(ind, th), Class: th.Class, Year: th.Year, Source: th.Source, Verified: th.Verified}
				if ind.Kind.Numeric() {
					v := th.Value
					et.Value = &v
				}
				ei.Threshold = et
			}
			out.Totals.IndicatorsTotal++
			switch ir.Status {
			case status.Met:
				out.Totals.IndicatorsMet++
			case status.NoData:
				out.Totals.NoData++
			case status.ThresholdMissing:
				out.Totals.ThresholdMissing++
			}
			ec.Indicators = append(ec.Indicators, ei)
		}
		out.Criteria = append(out.Criteria, ec)
	}
	return out
}

// measureText writes a value for reading beside its threshold: a must-be-none
// answer as có/không có, a share with its percentage.
func measureText(ind *datchuan.Indicator, m datchuan.Measure) string {
	percent := ind.Kind == datchuan.KindPercentMin || ind.Kind == datchuan.KindPercentMax
	switch {
	case ind.Kind == datchuan.KindNoneAllowed && m.Kind == datchuan.MeasureBool:
		if m.Bool {
			return "không có"
		}
		return "có"
	case percent && m.Kind == datchuan.MeasureNumber:
		return m.String() + "%"
	case percent && m.Kind == datchuan.MeasureRatio:
		q, _ := m.Quantity(ind.Kind)
		return m.String() + " (" + datchuan.FormatNumber(q) + "%)"
	}
	return m.String()
}

// thresholdText writes a threshold as the official texts do.
func thresholdText(ind *datchuan.Indicator, th datchuan.Threshold) string {
	switch ind.Kind {
	case datchuan.KindPassFail:
		return "Đạt"
	case datchuan.KindNoneAllowed:
		return "Không"
	case datchuan.KindPercentMin:
		return "≥ " + datchuan.FormatNumber(th.Value) + "%"
	case datchuan.KindPercentMax:
		return "≤ " + datchuan.FormatNumber(th.Value) + "%"
	}
	s := "≥ " + datchuan.FormatNumber(th.Value)
	if ind.Unit != "" {
		s += " " + ind.Unit
	}
	return s
}

var statusText = map[status.Status]string{
	status.Met:              "ĐẠT",
	status.NotMet:           "KHÔNG ĐẠT",
	status.Reported:         "CHỜ XÁC NHẬN",
	status.Returned:         "BỊ TRẢ LẠI",
	status.NoData:           "CHƯA CÓ SỐ LIỆU",
	status.ThresholdMissing: "THIẾU NGƯỠNG",
}

func writeEvaluationTable(w io.Writer, ev evaluation) error {
	draft := ""
	if ev.Set.Draft {
		draft = "  [DỰ THẢO: ngưỡng chưa kiểm chứng hết với văn bản chính thức]"
	}
	fmt.Fprintf(w, "Bộ tiêu chí: %s — %s (%s)%s\n", ev.Set.ID, ev.Set.Name, ev.Set.LegalBasis, draft)
	class := ev.Class
	if ev.input.ExtremelyDifficult && ev.input.Region != ev.Class {
		class += " (xã đặc biệt khó khăn, vùng gốc " + ev.input.Region + ")"
	}
	fmt.Fprintf(w, "Vùng/nhóm: %s · Năm: %d\n\n", class, ev.Year)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MÃ\tCHỈ TIÊU\tGIÁ TRỊ\tNGƯỠNG\tKẾT QUẢ")
	for _, c := range ev.Criteria {
		met := 0
		for _, i := range c.Indicators {
			if i.Met {
				met++
			}
		}
		fmt.Fprintf(tw, "%s\tTiêu chí %s. %s\t\t\t%s (%d/%d)\n", c.Code, c.Code, clip(c.Name, 48), statusText[c.Status], met, len(c.Indicators))
		for _, i := range c.Indicators {
			value, th := "—", "chưa có ngưỡng"
			if i.Value != nil {
				value = *i.Value
			}
			if i.Threshold != nil {
				th = i.Threshold.Text
				if !i.Threshold.Verified {
					th += " (chưa kiểm chứng)"
				}
			}
			fmt.Fprintf(tw, "  %s\t  %s\t%s\t%s\t%s\n", i.Code, clip(i.Name, 46), value, th, statusText[i.Status])
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	t := ev.Totals
	verdict := "CHƯA ĐẠT CHUẨN"
	if t.Meets {
		verdict = "ĐẠT CHUẨN"
	}
	_, err := fmt.Fprintf(w, "\nTổng: %d/%d tiêu chí đạt; %d/%d chỉ tiêu đạt; %d chưa có số liệu; %d thiếu ngưỡng — %s\n",
		t.CriteriaMet, t.CriteriaTotal, t.IndicatorsMet, t.IndicatorsTotal, t.NoData, t.ThresholdMissing, verdict)
	return err
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
