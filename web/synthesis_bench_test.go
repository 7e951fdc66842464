package web_test

import (
	"net/http"
	"testing"

	"github.com/datchuan/datchuan/web/webtest"
)

// BenchmarkSynthesis measures the synthesis of a round of the demo province
// as the print page, the Word report and the workbook, beside the
// province page (the same statuses, measured for the dashboard) and
// /healthz (the server itself), each a GET over loopback:
//
//	go test ./web -run XXX -bench BenchmarkSynthesis -benchtime 20x
func BenchmarkSynthesis(b *testing.B) {
	w := webtest.New(b)
	round := openRound(b, w)
	xd := w.As(webtest.DeptXD)
	rep := reporters(b, w.As(webtest.Coord), round)["Sở Xây dựng"]
	if r := send(xd, rep, xd.Get(rep).Version(), "Đã hướng dẫn các xã", "Thiếu kinh phí", true); r.Status != http.StatusSeeOther {
		b.Fatalf("send: %d", r.Status)
	}
	vp := w.As(webtest.Coord)
	for _, c := range []struct{ name, path string }{
		{"healthz", "/healthz"},
		{"province-page", "/tinh/84"},
		{"synthesis-page", round + "/tong-hop"},
		{"synthesis-docx", round + "/tong-hop.docx"},
		{"synthesis-xlsx", round + "/tong-hop.xlsx"},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if r := vp.Get(c.path); r.Status != http.StatusOK {
					b.Fatalf("%s: %d", c.path, r.Status)
				}
			}
		})
	}
}
