package catalog

import (
	"fmt"
	"sort"
	"strings"

	"github.com/datchuan/datchuan"
)

// Problem is one thing wrong with a reference file, at a place in it.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`   // 1-based; 0 when the problem concerns the whole file
	Column  int    `json:"column"` // 1-based; 0 when unknown
	Message string `json:"message"`
}

// String formats the problem as "file:line: message" (or "file: message").
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Message)
}

// LoadError reports every problem found in a catalogue or a data file; the
// whole load was refused. It unwraps to a *datchuan.Error with code
// EINVALID, so datchuan.ErrorCode and datchuan.ErrorMessage work on it.
type LoadError struct {
	Problems []Problem `json:"problems"`
}

// Error lists the problems, one "file:line: message" a line.
func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems as an EINVALID domain error.
func (e *LoadError) Unwrap() error {
	return &datchuan.Error{Code: datchuan.EINVALID, Message: e.Error()}
}

// problems collects the problems of one load, up to a limit.
type problems struct {
	list    []Problem
	seen    map[Problem]bool
	limit   int
	dropped int
}

func newProblems(limit int) *problems { return &problems{limit: limit, seen: map[Problem]bool{}} }

// add records p once: a problem of a base set inherited by a derived one is
// not listed twice.
func (ps *problems) add(p Problem) {
	if ps.seen[p] {
		return
	}
	ps.seen[p] = true
	if len(ps.list) >= ps.limit {
		ps.dropped++
		return
	}
	ps.list = append(ps.list, p)
}

func (ps *problems) addf(file string, line, col int, format string, args ...any) {
	ps.add(Problem{File: file, Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
}

func (ps *problems) empty() bool { return len(ps.list) == 0 }

// err returns nil when nothing was found, else a *LoadError; when the limit
// was reached a last line says how many more problems were left out.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	list := append([]Problem(nil), ps.list...)
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].File != list[j].File {
			return list[i].File < list[j].File
		}
		return list[i].Line < list[j].Line
	})
	if ps.dropped > 0 {
		last := list[len(list)-1]
		list = append(list, Problem{File: last.File, Message: fmt.Sprintf(
			"còn %d lỗi khác không liệt kê; sửa các lỗi trên rồi kiểm tra lại (%d more problems not listed)", ps.dropped, ps.dropped)})
	}
	return &LoadError{Problems: list}
}
