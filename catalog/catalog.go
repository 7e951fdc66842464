package catalog

import (
	"embed"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

//go:embed sets/*.yaml
var embeddedSets embed.FS

// embeddedPrefix names the shipped files in errors and in CriteriaSet.File:
// their place in the source tree.
const embeddedPrefix = "catalog/sets/"

// maxSetProblems is how many problems one load reports before it stops
// listing them.
const maxSetProblems = 50

// Catalog is a validated, immutable collection of criteria sets. The sets
// it returns are shared: callers must not modify them.
type Catalog struct {
	sets []*datchuan.CriteriaSet // sorted by id
	byID map[string]*datchuan.CriteriaSet
	raws map[string]*rawSet // the sets as read, with their places, when loaded by this package
}

var _ datchuan.CriteriaCatalog = (*Catalog)(nil)

func newCatalog(sets []*datchuan.CriteriaSet, raws map[string]*rawSet) *Catalog {
	c := &Catalog{sets: sets, byID: make(map[string]*datchuan.CriteriaSet, len(sets)), raws: raws}
	sort.Slice(c.sets, func(i, j int) bool { return c.sets[i].ID < c.sets[j].ID })
	for _, s := range c.sets {
		c.byID[s.ID] = s
	}
	return c
}

// Sets returns the sets sorted by id.
func (c *Catalog) Sets() []*datchuan.CriteriaSet {
	return append([]*datchuan.CriteriaSet(nil), c.sets...)
}

// Set returns the set with the given id, or an ENOTFOUND *datchuan.Error.
func (c *Catalog) Set(id string) (*datchuan.CriteriaSet, error) {
	if s := c.byID[id]; s != nil {
		return s, nil
	}
	return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Không có bộ tiêu chí %q (criteria set not found)", id)
}

// Of returns a catalogue of the given sets, for instance one read with
// LoadFile. The sets are not copied. Of a repeated id, the last set wins.
func Of(sets ...*datchuan.CriteriaSet) *Catalog {
	byID := make(map[string]*datchuan.CriteriaSet, len(sets))
	for _, s := range sets {
		byID[s.ID] = s
	}
	list := make([]*datchuan.CriteriaSet, 0, len(byID))
	for _, s := range byID {
		list = append(list, s)
	}
	return newCatalog(list, nil)
}

// Embedded returns the criteria sets shipped with datchuan (catalog/sets).
// It parses them on every call, which takes under 10 ms.
func Embedded() (*Catalog, error) {
	return loadFS(embeddedSets, "sets", embeddedPrefix, nil)
}

// Load reads every *.yaml and *.yml file at the root of fsys, each one
// criteria set, and checks them all: any problem refuses the whole load,
// with a *LoadError listing up to 50 problems as "file:line: reason".
// derived_from may name a set of the same load or, failing that, one of the
// embedded sets. The result holds the sets of fsys only: add them to the
// embedded ones with Merge.
func Load(fsys fs.FS) (*Catalog, error) {
	base, err := Embedded()
	if err != nil {
		return nil, err
	}
	return LoadWith(base, fsys)
}

// LoadWith is Load with derived_from resolved, after the sets of fsys, among
// the sets of base (an operator's directory over the embedded sets and
// others already loaded). The result holds the sets of fsys only.
func LoadWith(base *Catalog, fsys fs.FS) (*Catalog, error) {
	return loadFS(fsys, ".", "", base)
}

// LoadDir is Load over the directory dir; file names in problems and in
// CriteriaSet.File are relative to dir.
func LoadDir(dir string) (*Catalog, error) {
	base, err := Embedded()
	if err != nil {
		return nil, err
	}
	return LoadDirWith(base, dir)
}

// LoadDirWith is LoadWith over the directory dir.
func LoadDirWith(base *Catalog, dir string) (*Catalog, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, &LoadError{Problems: []Problem{{File: dir, Message: "không đọc được thư mục bộ tiêu chí (cannot read the directory): " + err.Error()}}}
	}
	return LoadWith(base, os.DirFS(dir))
}

// LoadFile reads and checks one criteria set file on its own. A
// derived_from in it is resolved against the embedded sets.
func LoadFile(name string) (*datchuan.CriteriaSet, error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return nil, &LoadError{Problems: []Problem{{File: name, Message: "không đọc được tệp (cannot read the file): " + err.Error()}}}
	}
	base, err := Embedded()
	if err != nil {
		return nil, err
	}
	ps := newProblems(maxSetProblems)
	l := newLoader(ps, base)
	if rs := decodeSet(name, src, ps); rs != nil {
		l.add(rs)
	}
	sets := l.finish()
	if err := ps.err(); err != nil {
		return nil, err
	}
	return sets[0], nil
}

// Merge returns a catalogue with the sets of base and those of extra (an
// operator's directory). A set id present in both is an error: a corrected
// set takes a new id (see docs/criteria-sets.md).
func Merge(base, extra *Catalog) (*Catalog, error) {
	ps := newProblems(maxSetProblems)
	all := base.Sets()
	raws := map[string]*rawSet{}
	for _, c := range []*Catalog{base, extra} {
		for id, r := range c.raws {
			raws[id] = r
		}
	}
	for _, s := range extra.sets {
		if b := base.byID[s.ID]; b != nil {
			ps.addf(s.File, 0, 0, "mã bộ tiêu chí %q đã có trong %s; bộ bổ sung cần mã khác (duplicate set id)", s.ID, b.File)
			continue
		}
		all = append(all, s)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	return newCatalog(all, raws), nil
}

// loadFS loads the set files in dir of fsys, naming them prefix+name;
// derived_from may also name a set of base (which may be nil).
func loadFS(fsys fs.FS, dir, prefix string, base *Catalog) (*Catalog, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, &LoadError{Problems: []Problem{{File: prefix + dir, Message: "không đọc được thư mục bộ tiêu chí (cannot read the directory): " + err.Error()}}}
	}
	ps := newProblems(maxSetProblems)
	l := newLoader(ps, base)
	for _, e := range entries {
		name := e.Name()
		ext := strings.ToLower(path.Ext(name))
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") || strings.HasPrefix(name, ".") {
			continue
		}
		src, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			ps.addf(prefix+name, 0, 0, "không đọc được tệp (cannot read the file): %v", err)
			continue
		}
		if rs := decodeSet(prefix+name, src, ps); rs != nil {
			l.add(rs)
		}
	}
	sets := l.finish()
	if err := ps.err(); err != nil {
		return nil, err
	}
	return newCatalog(sets, l.sets), nil
}

// rawBase returns set id of c, as read, for a derived set to copy.
func (c *Catalog) rawBase(id string) *rawSet {
	if c == nil {
		return nil
	}
	if r := c.raws[id]; r != nil {
		return r
	}
	if s := c.byID[id]; s != nil {
		return rawFromSet(s)
	}
	return nil
}

// rawFromSet turns a built set back into a rawSet, so that a set built
// elsewhere (Of) can be a base. Its parts have no line: problems in them
// name the set's file only.
func rawFromSet(s *datchuan.CriteriaSet) *rawSet {
	at := pos{file: s.File}
	rs := &rawSet{file: s.File, pos: at, idPos: at, present: map[string]bool{}, set: *s,
		periodPos: at, overridePos: at, groupPos: map[string]pos{}, condPos: make([]pos, len(s.Conditions))}
	rs.set.Criteria = nil
	for i := range rs.condPos {
		rs.condPos[i] = at
	}
	for _, g := range s.Groups {
		rs.groupPos[g.Code] = at
	}
	for _, c := range s.Criteria {
		rc := rawCriterion{c: c, pos: at, groupPos: at}
		rc.c.Indicators = nil
		for _, ind := range c.Indicators {
			ri := rawIndicator{ind: ind, pos: at, labelPos: at}
			ri.ind.Thresholds = nil
			for _, th := range ind.Thresholds {
				rt := rawThreshold{th: th, pos: at, classPos: at, yearPos: at, valuePos: at, hasValue: true, null: !th.Known}
				switch {
				case !th.Known:
				case ind.Kind == datchuan.KindPassFail:
					rt.value = "Đạt"
				case ind.Kind == datchuan.KindNoneAllowed:
					rt.value = "Không"
				default:
					rt.value = strconv.FormatFloat(th.Value, 'g', -1, 64)
				}
				ri.thresholds = append(ri.thresholds, rt)
			}
			rc.indicators = append(rc.indicators, ri)
		}
		rs.criteria = append(rs.criteria, rc)
	}
	return rs
}

// finish materialises, checks and builds the sets added; the result is
// only meaningful when no problem was reported.
func (l *loader) finish() []*datchuan.CriteriaSet {
	l.materialise()
	for _, rs := range l.order {
		l.check(rs)
	}
	if !l.ps.empty() {
		return nil
	}
	sets := make([]*datchuan.CriteriaSet, 0, len(l.order))
	for _, rs := range l.order {
		sets = append(sets, build(rs))
	}
	return sets
}
