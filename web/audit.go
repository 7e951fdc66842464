package web

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// The change log, read by the coordination office (its province's
// entries) and by administrators (every entry): who changed what, when,
// from where; filtered by unit, person and days; as a page of 100 entries
// at a time and as a CSV file of every entry the filter selects.

// auditPageSize is how many entries one page shows.
const auditPageSize = 100

// auditFilterView is the filter as typed: the query of the page.
type auditFilterView struct {
	Unit, Person, From, To string
}

// query is the filter as a query string, with extra parameters (the next
// page's), "" when nothing filters.
func (f auditFilterView) query(extra ...string) string {
	q := url.Values{}
	for k, v := range map[string]string{service.AuditUnit: f.Unit, service.AuditPerson: f.Person,
		service.AuditFrom: f.From, service.AuditTo: f.To} {
		if v != "" {
			q.Set(k, v)
		}
	}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

type auditView struct {
	base
	Filter  auditFilterView
	Errors  map[string]string
	Entries []service.AuditEntry
	CSV     string // the link to the CSV of the same filter
	Next    string // the link to the older entries, "" on the last page
	Newest  string // the link to the newest entries of the filter
	First   bool   // the newest entries (no ?truoc=)
}

// auditFilter reads the filter of the request.
func auditFilter(r *http.Request) (auditFilterView, service.AuditQuery) {
	q := r.URL.Query()
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	f := auditFilterView{Unit: get(service.AuditUnit), Person: get(service.AuditPerson),
		From: get(service.AuditFrom), To: get(service.AuditTo)}
	return f, service.AuditQuery{Unit: f.Unit, Person: f.Person, From: f.From, To: f.To}
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	f, q := auditFilter(r)
	q.Before, q.Limit = strings.TrimSpace(r.URL.Query().Get(service.AuditBefore)), auditPageSize
	p := auditView{base: s.pageBase(r, "Nhật ký thay đổi", "Change log"), Filter: f, CSV: "/nhat-ky.csv" + f.query(),
		Newest: "/nhat-ky" + f.query(), First: q.Before == ""}
	entries, more, err := s.svc.Audit(r.Context(), viewerOf(r).caller, q)
	if errs, status, ok := refusal(viewerOf(r).lang, err); ok {
		p.Errors = errs
		s.pages.render(w, status, "audit", p)
		return nil
	}
	if err != nil {
		return err
	}
	p.Entries = entries
	if more {
		p.Next = "/nhat-ky" + f.query(service.AuditBefore, strconv.FormatInt(entries[len(entries)-1].ID, 10))
	}
	s.pages.render(w, http.StatusOK, "audit", p)
	return nil
}

// auditCSV downloads every entry the filter selects, with the thing
// before and after each change, as CSV that Excel opens in UTF-8 (the
// byte order mark says so).
func (s *Server) auditCSV(w http.ResponseWriter, r *http.Request) error {
	_, q := auditFilter(r)
	entries, _, err := s.svc.Audit(r.Context(), viewerOf(r).caller, q)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape("nhat-ky-"+s.today().String()+".csv"))
	_, _ = w.Write([]byte("\uFEFF"))
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"Số", "Thời gian", "Người thực hiện", "Mã tài khoản", "Địa chỉ", "Việc", "Mã việc",
		"Đối tượng", "Mã đối tượng", "Đơn vị", "Mã đơn vị", "Tỉnh", "Trước", "Sau"})
	for _, e := range entries {
		unit, code := "", ""
		if e.Unit != nil {
			unit, code = e.Unit.Name, e.Unit.Code
		}
		user := ""
		if e.Actor.UserID != 0 {
			user = strconv.FormatInt(e.Actor.UserID, 10)
		}
		row := []string{strconv.FormatInt(e.ID, 10), e.At.In(datchuan.Vietnam()).Format("02/01/2006 15:04:05"),
			e.Actor.Name, user, e.Actor.Addr, e.Summary, e.Action, e.Entity, strconv.FormatInt(e.EntityID, 10),
			unit, code, e.Province, e.Before, e.After}
		for i := range row {
			row[i] = csvCell(row[i])
		}
		_ = cw.Write(row)
	}
	cw.Flush()
	return nil // the status is sent; a failed write means the client left
}

// csvCell keeps a spreadsheet from reading a typed text (a name, a title)
// as a formula: such a cell starts with a quote.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
