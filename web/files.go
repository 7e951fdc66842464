package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

// serveFile sends a stored file: opened in the browser when it is a PDF or
// an image, downloaded otherwise, and never run as a page.
func serveFile(w http.ResponseWriter, f *datchuan.File) {
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

// file serves an evidence file to whoever may read a unit that cites it,
// and to its uploader.
func (s *Server) file(w http.ResponseWriter, r *http.Request) error {
	f, err := s.svc.FileFor(r.Context(), viewerOf(r).caller, r.PathValue("hash"))
	if err != nil {
		return err
	}
	serveFile(w, f)
	return nil
}

// listedFile serves one of the files a thing lists (a plan's, a task's,
// an approval item's) to whoever may see the thing.
func (s *Server) listedFile(w http.ResponseWriter, r *http.Request, files []string, what string) error {
	hash := r.PathValue("hash")
	found := false
	for _, h := range files {
		found = found || h == hash
	}
	if !found {
		return datchuan.Errorf(datchuan.ENOTFOUND, "%s không có tệp này (no such file here)", what)
	}
	f, err := s.stores.Files.File(r.Context(), hash)
	if err != nil {
		return err
	}
	serveFile(w, f)
	return nil
}
