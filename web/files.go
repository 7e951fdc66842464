package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

// serveFile sends an attachment under the name its uploader gave it:
// opened in the browser when it is a PDF or an image, downloaded
// otherwise, and never run as a page.
func serveFile(w http.ResponseWriter, f *datchuan.Attachment) {
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	h.Set("Cache-Control", "private, max-age=86400")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; plugin-types application/pdf")
	disp := "attachment"
	if strings.HasPrefix(f.ContentType, "image/") || f.ContentType == "application/pdf" {
		disp = "inline"
	}
	h.Set("Content-Disposition", disp+"; filename*=UTF-8''"+url.PathEscape(f.Name))
	_, _ = w.Write(f.Data)
}

// file serves an attachment to its uploader, and to whoever may read a
// unit whose values cite it as evidence.
func (s *Server) file(w http.ResponseWriter, r *http.Request) error {
	f, err := s.svc.AttachmentFor(r.Context(), viewerOf(r).caller, r.PathValue("file"))
	if err != nil {
		return err
	}
	serveFile(w, f)
	return nil
}

// listedFile serves one of the attachments a thing lists (a plan's, a
// task's, an approval item's) to whoever may see the thing.
func (s *Server) listedFile(w http.ResponseWriter, r *http.Request, files []string, what string) error {
	id := r.PathValue("file")
	if !slices.Contains(files, id) {
		return datchuan.Errorf(datchuan.ENOTFOUND, "%s không có tệp này (no such file here)", what)
	}
	f, err := s.stores.Files.Attachment(r.Context(), id)
	if err != nil {
		return err
	}
	serveFile(w, f)
	return nil
}
