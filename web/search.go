package web

import (
	"net/http"
	"strings"

	"github.com/datchuan/datchuan"
)

// searchView is the unit search: the form and what it found.
type searchView struct {
	base
	Q        string
	Searched bool
	Results  []searchResult
	More     bool // more units matched than are shown
}

type searchResult struct {
	Unit   *datchuan.Unit
	URL    string
	Parent *datchuan.Unit
	Ended  bool // the unit no longer exists today
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	page := searchView{base: s.pageBase(r, "Tìm đơn vị", "Find a unit"), Q: q}
	if datchuan.Fold(q) != "" {
		page.Searched = true
		found, more, err := s.svc.Search(r.Context(), viewerOf(r).caller, q)
		if err != nil {
			return err
		}
		page.More = more
		for _, f := range found {
			res := searchResult{Unit: f.Unit, URL: unitURL(f.Unit), Parent: f.Parent, Ended: f.Ended}
			if !f.On.IsZero() {
				// Without a date a page shows the code's latest version,
				// which may be another unit (codes are reused after mergers).
				res.URL += "?on=" + f.On.VN()
			}
			page.Results = append(page.Results, res)
		}
	}
	s.pages.render(w, http.StatusOK, "search", page)
	return nil
}
