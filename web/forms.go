package web

import (
	"cmp"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/service"
)

// parseForm reads a form, multipart or not. A body cut short says so
// (cutShort): what came of it is no form to judge.
func parseForm(r *http.Request) error {
	// ParseForm first: ParseMultipartForm drops its error (a body over
	// maxBody, say) for a form that is not multipart, leaving it empty.
	err := r.ParseForm()
	if err == nil {
		err = r.ParseMultipartForm(1 << 20)
	}
	if err != nil && !errors.Is(err, http.ErrNotMultipart) {
		if cut := cutShort(r); cut != nil {
			return cut
		}
		if tooBig := (*http.MaxBytesError)(nil); errors.As(err, &tooBig) {
			return datchuan.Errorf(datchuan.EINVALID, "Biểu mẫu gửi lên quá lớn, quá %d MB (form larger than %d MB)", tooBig.Limit>>20, tooBig.Limit>>20)
		}
		return datchuan.Errorf(datchuan.EINVALID, "Không đọc được biểu mẫu; tổng dung lượng tệp có thể quá lớn (unreadable form)")
	}
	return nil
}

// formValue is a trimmed field of a form read by parseForm.
func formValue(r *http.Request, name string) string { return strings.TrimSpace(r.FormValue(name)) }

// formVersion is the version an edit form started from (0 when absent,
// which no stored row has: such an edit is a conflict).
func formVersion(r *http.Request) int {
	v, _ := strconv.Atoi(formValue(r, "version"))
	return v
}

func parseID(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }

// refusal is how a form shows a refused change: the problems by field
// (the message of a refusal that names no field under ""), in the page's
// language lang, and the status to answer with. ok is false for any other
// error, which the caller returns as it is.
func refusal(lang string, err error) (errs map[string]string, status int, ok bool) {
	switch datchuan.ErrorCode(err) {
	case datchuan.EINVALID:
		status = http.StatusUnprocessableEntity
	case datchuan.ECONFLICT:
		status = http.StatusConflict
	default:
		return nil, 0, false
	}
	if f := datchuan.ErrorFieldsIn(err, lang); f != nil {
		return f, status, true
	}
	return map[string]string{"": datchuan.ErrorText(err).In(lang)}, status, true
}

// answer ends the POST of a form: back to the page `to` names (303) once
// the change is made; the form again, with the problems, when the change
// was refused (refused gets the status and the problems by field); the
// error page otherwise.
func answer(w http.ResponseWriter, r *http.Request, err error, to func() string, refused func(status int, errs map[string]string) error) error {
	if errs, status, ok := refusal(viewerOf(r).lang, err); ok {
		return refused(status, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, to(), http.StatusSeeOther)
	return nil
}

// uploads are the files of a form field, as the service takes them.
func uploads(r *http.Request, field string) []service.Upload {
	if r.MultipartForm == nil {
		return nil
	}
	var out []service.Upload
	for _, fh := range r.MultipartForm.File[field] {
		if fh.Filename == "" && fh.Size == 0 {
			continue // the empty part of a file input left blank
		}
		out = append(out, service.Upload{Name: fh.Filename, Size: fh.Size, Open: func() (io.ReadCloser, error) { return fh.Open() }})
	}
	return out
}

// formFiles gathers the files of a form that may come back refused: those
// kept from an earlier try (field "kept", which the viewer may cite) and
// those uploaded now in field, at most max in all. It returns their IDs,
// their metadata for the page, and a message naming the files refused
// (the others are kept).
func (s *Server) formFiles(r *http.Request, field string, max int) ([]string, map[string]*datchuan.Attachment, datchuan.Text, error) {
	c := viewerOf(r).caller
	kept, err := s.svc.Citable(r.Context(), c, r.Form["kept"])
	if err != nil {
		return nil, nil, datchuan.Text{}, err
	}
	stored, problem, err := s.svc.StoreUploads(r.Context(), c, uploads(r, field), max-len(kept))
	if err != nil {
		return nil, nil, datchuan.Text{}, err
	}
	files := append(kept, stored...)
	infos, err := s.svc.Attachments(r.Context(), files)
	return files, infos, problem, err
}

// critChoice is a criterion, or one of its indicators, offered by a form.
type critChoice struct {
	Code      string
	Label     string
	Indicator bool
}

// critChoices lists the criteria of set, each followed by its indicators
// when withIndicators; keep (when not nil) says which to offer.
func critChoices(b base, set *datchuan.CriteriaSet, withIndicators bool, keep func(crit, ind string) bool) []critChoice {
	if set == nil {
		return nil
	}
	var out []critChoice
	for _, c := range set.Criteria {
		if keep == nil || keep(c.Code, "") {
			out = append(out, critChoice{Code: c.Code, Label: c.Code + ". " + b.T(c.NameVi, cmp.Or(c.NameEn, c.NameVi))})
		}
		if !withIndicators {
			continue
		}
		for _, ind := range c.Indicators {
			if keep == nil || keep(c.Code, ind.Code) {
				out = append(out, critChoice{Code: ind.Code, Label: ind.Code + " " + b.T(ind.NameVi, cmp.Or(ind.NameEn, ind.NameVi)), Indicator: true})
			}
		}
	}
	return out
}

// linkLabel names a criterion or indicator of a set for people: "17. Môi
// trường …" or "17.2 Tỷ lệ …"; the codes alone when the set is unknown.
func (s *Server) linkLabel(b base, setID, crit, ind string) string {
	if crit == "" {
		return ""
	}
	set, err := s.svc.Sets().Set(setID)
	if err != nil {
		return cmp.Or(ind, crit)
	}
	if ind != "" {
		if i, _ := set.Indicator(ind); i != nil {
			return i.Code + " " + b.T(i.NameVi, cmp.Or(i.NameEn, i.NameVi))
		}
		return ind
	}
	if c := set.Criterion(crit); c != nil {
		return c.Code + ". " + b.T(c.NameVi, cmp.Or(c.NameEn, c.NameVi))
	}
	return crit
}
