package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/status"
)

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
	unit := ""
	if ev.Unit != "" {
		unit = "Đơn vị: " + ev.Unit + " · "
	}
	fmt.Fprintf(w, "%sVùng/nhóm: %s · Năm: %d\n\n", unit, class, ev.Year)
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
	if err := writeDistrictTables(w, ev); err != nil {
		return err
	}
	if r := ev.Revocation; r.AtRisk {
		fmt.Fprintf(w, "\nThu hồi công nhận (18/2022/QĐ-TTg): CÓ NGUY CƠ — %s\n", r.Reason)
	} else {
		fmt.Fprintf(w, "\nThu hồi công nhận (18/2022/QĐ-TTg): không có nguy cơ (%d/%d tiêu chí không đạt)\n", r.NotMet, r.Total)
	}
	t := ev.Totals
	verdict := "CHƯA ĐẠT CHUẨN"
	if t.Meets {
		verdict = "ĐẠT CHUẨN"
	}
	conditions := ""
	if len(ev.Conditions) > 0 {
		met := 0
		for _, c := range ev.Conditions {
			if c.Met {
				met++
			}
		}
		conditions = fmt.Sprintf("; %d/%d điều kiện của huyện đạt", met, len(ev.Conditions))
	}
	_, err := fmt.Fprintf(w, "Tổng: %d/%d tiêu chí đạt; %d/%d chỉ tiêu đạt; %d chưa có số liệu; %d thiếu ngưỡng%s — %s\n",
		t.CriteriaMet, t.CriteriaTotal, t.IndicatorsMet, t.IndicatorsTotal, t.NoData, t.ThresholdMissing, conditions, verdict)
	return err
}

// writeDistrictTables writes a district's conditions and its members'
// results; nothing for a commune.
func writeDistrictTables(w io.Writer, ev evaluation) error {
	if len(ev.Conditions) == 0 && len(ev.Members) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nĐiều kiện của huyện (district conditions):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MÃ\tĐIỀU KIỆN\tSỐ LIỆU\tCẦN\tKẾT QUẢ")
	for _, c := range ev.Conditions {
		got := fmt.Sprintf("%d/%d (%s%%)", c.Counted, c.Total, datchuan.FormatNumber(c.Percent))
		need := datchuan.FormatNumber(c.NeedPercent) + "%"
		if c.Kind == datchuan.CondBoolean {
			got, need = "—", "đạt"
			if c.Value != nil {
				got = *c.Value
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Code, clip(c.Text, 56), got, need, statusText[c.Status])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nXã, thị trấn của huyện (members):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MÃ\tLOẠI\tTIÊU CHUẨN (TIER)\tTIÊU CHÍ ĐẠT\tKẾT QUẢ")
	for _, m := range ev.Members {
		for _, r := range m.Results {
			verdict := "CHƯA ĐẠT CHUẨN"
			if r.Meets {
				verdict = "ĐẠT CHUẨN"
			}
			if r.RevocationAtRisk {
				verdict += ", có nguy cơ thu hồi"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d/%d\t%s\n", m.Unit, m.Type, r.Tier, r.CriteriaMet, r.CriteriaTotal, verdict)
		}
		if len(m.Results) == 0 {
			fmt.Fprintf(tw, "%s\t%s\t—\t\tkhông được điều kiện nào tính (counted by no condition)\n", m.Unit, m.Type)
		}
	}
	return tw.Flush()
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
