package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/web/webtest"
)

// between is the part of body from the first from to the next to after it
// ("" when from is absent).
func between(body, from, to string) string {
	i := strings.Index(body, from)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if j := strings.Index(rest, to); j >= 0 {
		return rest[:j]
	}
	return rest
}

// A value returned to its reporter is the reporter's turn: every page that
// shows a status says "Bị trả lại" with its own symbol and colour, never
// "Chờ xác nhận", and the JSON says "returned".
func TestReturnedValueHasItsOwnStatus(t *testing.T) {
	w := webtest.New(t)
	storeValue(t, w, "", passFailInd, datchuan.BoolMeasure(true), true) // criterion 1 of Nhị Trường, otherwise met
	const legend = `<span class="st-returned">↩ Bị trả lại</span>`

	t.Run("district matrix", func(t *testing.T) {
		resp := w.As(webtest.District).Get("/huyen/848")
		if resp.Status != http.StatusOK {
			t.Fatalf("status %d\n%.500s", resp.Status, resp.Body)
		}
		if !resp.Has(legend) {
			t.Error("the legend lacks the returned status")
		}
		row := between(resp.Body, `href="/don-vi/`+commune, "</tr>")
		if !strings.Contains(row, "st-returned") || !strings.Contains(row, "↩") || strings.Contains(row, "st-reported") {
			t.Errorf("the matrix row of %s does not show criterion 1 as returned:\n%s", commune, row)
		}
	})
	t.Run("commune page", func(t *testing.T) {
		resp := w.As(webtest.Commune).Get("/don-vi/" + commune)
		if resp.Status != http.StatusOK {
			t.Fatalf("status %d\n%.500s", resp.Status, resp.Body)
		}
		if !resp.Has(legend) {
			t.Error("the legend lacks the returned status")
		}
		row := between(resp.Body, "<strong>"+passFailInd+"</strong>", "</tr>")
		if !strings.Contains(row, `class="st-returned">↩ Bị trả lại`) || strings.Contains(row, "Chờ xác nhận") {
			t.Errorf("the row of %s does not read as returned:\n%s", passFailInd, row)
		}
		crit := between(resp.Body, `id="c-1"`, "</tr>")
		if !strings.Contains(crit, "st-returned") || !strings.Contains(crit, "Bị trả lại") {
			t.Errorf("criterion 1 does not read as returned:\n%s", crit)
		}
	})
	t.Run("blockers and province legends", func(t *testing.T) {
		resp := w.As(webtest.District).Get("/muc-tieu/1")
		if resp.Status != http.StatusOK || !resp.Has(legend) || !resp.Has(`class="st-returned">↩ Bị trả lại</td>`) {
			t.Errorf("blockers page: %d, legend %v, returned row %v", resp.Status, resp.Has(legend), resp.Has(`class="st-returned">↩ Bị trả lại</td>`))
		}
		if resp := w.As(webtest.Leader).Get("/tinh/84"); resp.Status != http.StatusOK || !resp.Has(legend) {
			t.Errorf("province page: %d, legend with the returned status %v", resp.Status, resp.Has(legend))
		}
	})
	t.Run("json", func(t *testing.T) {
		var got struct {
			Statuses []struct {
				Result struct {
					Criteria []struct {
						Code       string `json:"code"`
						Status     string `json:"status"`
						Indicators []struct {
							Code   string `json:"code"`
							Status string `json:"status"`
						} `json:"indicators"`
					} `json:"criteria"`
				} `json:"result"`
			} `json:"statuses"`
		}
		w.As(webtest.Commune).JSON("/api/units/"+commune+"/status", &got)
		var crit, ind string
		for _, st := range got.Statuses {
			for _, c := range st.Result.Criteria {
				for _, i := range c.Indicators {
					if i.Code == passFailInd {
						crit, ind = c.Status, i.Status
					}
				}
			}
		}
		if crit != "returned" || ind != "returned" {
			t.Errorf("criterion 1 %q, indicator %s %q; want both returned", crit, passFailInd, ind)
		}
		var blockers struct {
			Blockers struct {
				Blockers []struct {
					Unit          struct{ Code string } `json:"unit"`
					IndicatorCode string                `json:"indicator_code"`
					Status        string                `json:"status"`
				} `json:"blockers"`
			} `json:"blockers"`
		}
		w.As(webtest.District).JSON("/api/targets/1/blockers", &blockers)
		found := ""
		for _, b := range blockers.Blockers.Blockers {
			if b.Unit.Code == commune && b.IndicatorCode == passFailInd {
				found = b.Status
			}
		}
		if found != "returned" {
			t.Errorf("blocker %s/%s: status %q, want returned", commune, passFailInd, found)
		}
	})
}
