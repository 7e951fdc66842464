package chart

import (
	"slices"
	"strings"
	"testing"
)

func TestProgressFigure(t *testing.T) {
	tests := []struct {
		value, total int
		want         string
	}{
		{7, 9, "7/9 (78%)"},
		{12, 15, "12/15 (80%)"},
		{2, 3, "2/3 (67%)"},
		{5, 8, "5/8 (63%)"},
		{9, 9, "9/9 (100%)"},
		{0, 9, "0/9 (0%)"},
		{0, 0, "chưa có"},
		{3, -1, "chưa có"},
		{10, 9, "10/9 (111%)"},
		// Never 100% short of the total, never 0% above nothing.
		{999, 1000, "999/1.000 (99%)"},
		{1, 1000, "1/1.000 (1%)"},
	}
	for _, tt := range tests {
		if got := (Progress{Value: tt.value, Total: tt.total}).Figure(); got != tt.want {
			t.Errorf("Figure(%d/%d) = %q, want %q", tt.value, tt.total, got, tt.want)
		}
	}
}

func TestProgressSVG(t *testing.T) {
	tests := []struct {
		name   string
		p      Progress
		label  string // aria-label and <title>
		figure string // the bold text
		fill   string // width of the fill rect, "" for none
	}{
		{"proportional", Progress{Label: "Tiêu chí đạt", Value: 7, Total: 9, Tone: Good},
			"Tiêu chí đạt: 7/9 (78%)", "7/9 (78%)", "77.8%"},
		{"full", Progress{Label: "Điều kiện công nhận", Value: 3, Total: 3},
			"Điều kiện công nhận: 3/3 (100%)", "3/3 (100%)", "100%"},
		{"above total clamps the bar, not the figure", Progress{Label: "Xã đạt chuẩn", Value: 17, Total: 15, Tone: Warn},
			"Xã đạt chuẩn: 17/15 (113%)", "17/15 (113%)", "100%"},
		{"nothing met", Progress{Label: "Báo cáo đã nhận tuần này", Value: 0, Total: 8, Tone: Bad},
			"Báo cáo đã nhận tuần này: 0/8 (0%)", "0/8 (0%)", ""},
		{"total 0", Progress{Label: "Xã đạt chuẩn", Value: 4, Total: 0},
			"Xã đạt chuẩn: chưa có", "chưa có", ""},
		{"negative value", Progress{Label: "Tiêu chí đạt", Value: -2, Total: 9},
			"Tiêu chí đạt: -2/9 (-22%)", "-2/9 (-22%)", ""},
		{"no label", Progress{Value: 5, Total: 8}, "5/8 (63%)", "5/8 (63%)", "62.5%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := mustParse(t, string(tt.p.SVG()))
			if got := root.attr("role"); got != "img" {
				t.Errorf("role = %q, want img", got)
			}
			if got := root.attr("aria-label"); got != tt.label {
				t.Errorf("aria-label = %q, want %q", got, tt.label)
			}
			if got := root.tag("title"); len(got) != 1 || got[0].Text != tt.label {
				t.Errorf("<title> = %v, want %q", got, tt.label)
			}
			if !slices.Contains(root.texts(), tt.figure) {
				t.Errorf("texts %q lack the figure %q", root.texts(), tt.figure)
			}
			if got := root.attr("width"); got != "100%" {
				t.Errorf("width = %q, want 100%%", got)
			}
			fills := root.class("fill")
			switch {
			case tt.fill == "" && len(fills) != 0:
				t.Errorf("fill rect drawn %q wide, want none", fills[0].attr("width"))
			case tt.fill != "" && (len(fills) != 1 || fills[0].attr("width") != tt.fill):
				t.Errorf("fill rects %v, want one %s wide", fills, tt.fill)
			}
		})
	}
}

func TestProgressLabel(t *testing.T) {
	evil := Progress{Label: `<script>alert("x")</script>`, Value: 1, Total: 2}
	out := string(evil.SVG())
	if strings.Contains(out, "<script>") {
		t.Fatalf("label not escaped:\n%s", out)
	}
	root := mustParse(t, out)
	if got, want := root.attr("aria-label"), `<script>alert("x")</script>: 1/2 (50%)`; got != want {
		t.Errorf("aria-label = %q, want %q", got, want)
	}

	long := Progress{Label: "Số hộ gia đình được công nhận danh hiệu gia đình văn hóa trong năm", Value: 120, Total: 150}
	root = mustParse(t, string(long.SVG()))
	texts := root.texts()
	if !strings.HasSuffix(texts[0], "…") || len([]rune(texts[0])) > labelRoom(long.Figure()) {
		t.Errorf("long label drawn as %q, want at most %d characters ending in …", texts[0], labelRoom(long.Figure()))
	}
	if got := root.attr("aria-label"); got != long.Label+": 120/150 (80%)" {
		t.Errorf("aria-label = %q, want the whole label", got)
	}
}
