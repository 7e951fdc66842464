package web

import (
	"bytes"
	"net/http"
	"net/url"
)

// The assignment table of a plan as an Excel workbook: downloaded,
// edited in Excel, uploaded back (all or nothing).

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// exportAssignments downloads the plan's assignment table as XLSX, in the
// layout the import reads back.
func (s *Server) exportAssignments(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "kế hoạch")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	plan, err := s.svc.ExportAssignments(r.Context(), viewerOf(r).caller, id, &buf)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape("phan-cong-"+plan.Number+".xlsx"))
	_, _ = buf.WriteTo(w)
	return nil
}

// importAssignments reads an edited table back. It is all or nothing: a
// file with any problem changes nothing and the page lists every problem by
// row and column.
func (s *Server) importAssignments(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id", "kế hoạch")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	_, problems, err := s.svc.ImportAssignmentUpload(r.Context(), viewerOf(r).caller, id, uploads(r, "file"))
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		st := planState{}
		for _, p := range problems {
			st.Import = append(st.Import, p.In(viewerOf(r).lang))
		}
		return s.renderPlan(w, r, http.StatusUnprocessableEntity, id, st)
	}
	http.Redirect(w, r, planURL(id, "imported"), http.StatusSeeOther)
	return nil
}
