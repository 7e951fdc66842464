package web

import (
	"bytes"
	"net/http"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sheet"
	"github.com/datchuan/datchuan/status"
)

// Exports: the tables of the pages that officers take into Excel, each as
// a workbook (.xlsx) and as CSV (.csv) beside the page. An export is built
// from the same view as its page, through the same checks and service
// calls, on the same query (?on=, ?don-vi=): it holds what the page shows
// that viewer, no more.

// exportRoutes registers the .xlsx and .csv siblings of the pages (the
// remaining work's workbook, the first of them, is registered with its
// page).
func (s *Server) exportRoutes() {
	for _, e := range []struct {
		path  string
		build exportFunc
	}{
		{"/huyen/{code}/ma-tran", s.matrixExport},
		{"/don-vi/{code}/chi-tiet", s.unitExport},
		{"/xac-nhan", s.queueExport},
		{"/dot-bao-cao/{id}/tien-do", s.roundExport},
	} {
		s.private("GET "+e.path+".xlsx", s.asXLSX(e.build))
		s.private("GET "+e.path+".csv", s.asCSV(e.build))
	}
	s.private("GET /muc-tieu/{id}/viec-con-lai.csv", s.asCSV(s.blockersExport))
}

// export is a page's tables and the name of its file, without the
// extension. CSV holds one table: the first.
type export struct {
	name   string
	tables []sheet.Table
}

// exportFunc builds the export of a request, or fails as its page would.
type exportFunc func(r *http.Request) (export, error)

// asXLSX serves an export as a workbook.
func (s *Server) asXLSX(build exportFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		e, err := build(r)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := sheet.WriteXLSX(&buf, e.tables...); err != nil {
			return err
		}
		download(w, s.fileName(e.name)+".xlsx", sheet.XLSXType, buf.Bytes())
		return nil
	}
}

// asCSV serves the first table of an export as CSV.
func (s *Server) asCSV(build exportFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		e, err := build(r)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := sheet.WriteCSV(&buf, e.tables[0]); err != nil {
			return err
		}
		download(w, s.fileName(e.name)+".csv", sheet.CSVType, buf.Bytes())
		return nil
	}
}

// blockersXLSX serves what is left of a target as a workbook.
func (s *Server) blockersXLSX(w http.ResponseWriter, r *http.Request) error {
	return s.asXLSX(s.blockersExport)(w, r)
}

// fileName marks the files of a demo as such, so that a file passed on
// says what it holds even unopened.
func (s *Server) fileName(name string) string {
	if s.deps.Demo {
		return name + "-trinh-dien"
	}
	return name
}

// table starts a table of the request: its title, the demo note of a demo
// database, and who downloaded it when.
func (s *Server) table(r *http.Request, sheetName, title string, cols ...sheet.Column) sheet.Table {
	stamp := "Tải về lúc " + when(s.svc.Now())
	if u := viewerOf(r).user; u != nil {
		stamp += ", người tải: " + u.Name
	}
	return sheet.Table{Sheet: sheetName, Title: title, Demo: s.deps.Demo, Notes: []string{stamp}, Columns: cols}
}

// columns are columns fitted to their content, by their headers.
func columns(headers ...string) []sheet.Column {
	out := make([]sheet.Column, len(headers))
	for i, h := range headers {
		out[i] = sheet.Column{Header: h}
	}
	return out
}

// statusLegend says what the symbols of statuses mean, as the pages'
// legend does.
const statusLegend = "Ký hiệu: ✓ Đạt · ✗ Chưa đạt · … Chờ xác nhận · ↩ Bị trả lại · – Chưa có số liệu · ? Chưa có ngưỡng"

// statusCell is a status as the pages show it: its symbol and word, in
// the colours of its st-* class.
func statusCell(st status.Status) sheet.Cell {
	return sheet.Status(sheet.Tone(st), statusMark(st), st.LabelVi())
}

// meetsCell is a verdict: met, or not met.
func meetsCell(meets bool) sheet.Cell {
	if meets {
		return statusCell(status.Met)
	}
	return statusCell(status.NotMet)
}

// dateCell is a calendar day, empty when zero.
func dateCell(d datchuan.Date) sheet.Cell {
	if d.IsZero() {
		return sheet.Cell{}
	}
	return sheet.Date(d.Time(datchuan.Vietnam()))
}

// instantCell is a moment by Vietnam's clock, empty when zero.
func instantCell(t time.Time) sheet.Cell {
	if t.IsZero() {
		return sheet.Cell{}
	}
	return sheet.DateTime(t.In(datchuan.Vietnam()))
}

// quantityCell is the number a value is measured against its threshold
// (a count, a percentage), empty for a yes/no value.
func quantityCell(ind *datchuan.Indicator, v *datchuan.Value) sheet.Cell {
	if ind == nil || v == nil {
		return sheet.Cell{}
	}
	if q, ok := v.Measure.Quantity(ind.Kind); ok {
		return sheet.Number(q)
	}
	return sheet.Cell{}
}
