package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
)

// The checks of a race (TestConcurrentEdits): what each request was
// answered, against the change log replayed over the row as it was before
// the race, against the row as it is stored after it.

// rowCheck checks one row of a race, counting what it finds in tl.
type rowCheck struct {
	t    *testing.T
	w    *raceWorld
	rc   race
	id   int64
	tl   *tally
	said int // problems told, a few per row
}

func (c *rowCheck) fail(count *int, format string, args ...any) {
	*count++
	if c.said < 5 {
		c.said++
		c.t.Logf("%s %d: "+format, append([]any{c.rc.entity, c.id}, args...)...)
	}
}

// check checks the answers (mine) and the row, which was initial before
// the race, whose change log starts after entry first; it reports whether
// the row was deleted.
func (c *rowCheck) check(ctx context.Context, mine []*attempt, initial map[string]any, first int64) (deleted bool) {
	log, err := c.entries(ctx, first)
	if err != nil {
		c.t.Errorf("%s %d: the change log: %v", c.rc.entity, c.id, err)
		c.tl.wrong++
		return false
	}
	deleted = slices.ContainsFunc(log, func(e *entry) bool { return e.after == nil })
	c.answers(mine, deleted)
	c.claim(mine, log)
	if err := c.final(ctx, mine, c.replay(initial, log), deleted); err != nil {
		c.t.Errorf("%s %d: the row after the race: %v", c.rc.entity, c.id, err)
		c.tl.wrong++
	}
	return deleted
}

// entry is a change-log entry of a row: the row before and after as JSON
// objects (nil: none), and the names of the files the change added.
type entry struct {
	*datchuan.Change
	before, after map[string]any
	added         []string
	claimed       bool
}

// entries is the change log of the row after entry first, oldest first.
func (c *rowCheck) entries(ctx context.Context, first int64) ([]*entry, error) {
	chs, err := c.w.a.stores.Changes.Changes(ctx, datchuan.ChangeFilter{Entity: c.rc.entity, EntityID: c.id})
	if err != nil {
		return nil, err
	}
	var log []*entry
	var files []string
	for _, ch := range slices.Backward(chs) {
		if ch.ID <= first {
			continue
		}
		e := &entry{Change: ch}
		if err := decode(ch.Before, &e.before); err != nil {
			return nil, err
		}
		if err := decode(ch.After, &e.after); err != nil {
			return nil, err
		}
		log = append(log, e)
		files = append(files, stringList(e.after["files"])...)
	}
	names, err := c.w.fileNames(ctx, files)
	for _, e := range log {
		had := stringList(e.before["files"])
		for _, f := range stringList(e.after["files"]) {
			if !slices.Contains(had, f) {
				e.added = append(e.added, names[f])
			}
		}
	}
	return log, err
}

// answers sorts the answers: 303 made, 409 stale (saying why, and keeping
// what the form typed), 404 only for a deleted row, 422 only for a file
// over the limit; anything else is wrong.
func (c *rowCheck) answers(mine []*attempt, deleted bool) {
	tl := c.tl
	for _, a := range mine {
		switch {
		case a.err != nil:
			c.fail(&tl.wrong, "%s: %v", a.path, a.err)
		case a.status == http.StatusSeeOther:
			tl.won++
		case a.status == http.StatusConflict:
			tl.stale++
			if !strings.Contains(a.body, "tải lại") && !strings.Contains(a.body, "reload") {
				c.fail(&tl.wrong, "a 409 of %s does not say to reload: %s", a.path, gist(a.body))
			}
			if a.form && !strings.Contains(a.body, a.marker) {
				c.fail(&tl.wrong, "the refused form of %s drops %q", a.path, a.marker)
			}
		case a.status == http.StatusNotFound && deleted:
			tl.gone++
		case a.status == http.StatusUnprocessableEntity && a.file != "" && strings.Contains(a.body, "ối đa"):
			tl.full++ // "Tối đa 5 tệp", "Quá số tệp cho phép: tối đa 0 tệp"
		default:
			c.fail(&tl.wrong, "%s from version %d answered %d: %s", a.path, a.version, a.status, gist(a.body))
		}
	}
}

// claim pairs every 303 with its entry of the log: one it owns, made from
// the version it named. A 303 without one was not made (lost); one whose
// change was made from another version than the form named slipped in
// (wrong: replay finds what it overwrote); an entry without a 303 is a
// change nobody was told of. Of the forms that named one version, one
// only is answered 303.
func (c *rowCheck) claim(mine []*attempt, log []*entry) {
	won := map[int]bool{} // the versions a 303 named: one winner each
	for _, a := range mine {
		if a.status != http.StatusSeeOther {
			continue
		}
		if a.version != 0 && won[a.version] {
			c.fail(&c.tl.wrong, "two requests from version %d answered 303", a.version)
		}
		won[a.version] = true
		fromIt := func(e *entry) bool { return a.version == 0 || version(e.before) == a.version }
		i := slices.IndexFunc(log, func(e *entry) bool { return !e.claimed && a.owns(e) && fromIt(e) })
		if i < 0 {
			i = slices.IndexFunc(log, func(e *entry) bool { return !e.claimed && a.owns(e) })
			if i >= 0 {
				c.fail(&c.tl.wrong, "%s named version %d, but its change %d was made from version %d",
					a.path, a.version, log[i].ID, version(log[i].before))
			}
		}
		if i < 0 {
			c.fail(&c.tl.lost, "%s from version %d answered 303, but its change is not in the log", a.path, a.version)
			continue
		}
		log[i].claimed = true
	}
	for _, e := range log {
		if !e.claimed {
			c.fail(&c.tl.wrong, "change %d (%s) answers no request", e.ID, e.Summary)
		}
	}
}

// replay applies the log to the row as it was before the race. Each change
// must have been made to the row as it then stood (its "before" is what
// the changes before it left), else the change before it was overwritten
// (lost); nothing follows a delete.
func (c *rowCheck) replay(state map[string]any, log []*entry) map[string]any {
	for i, e := range log {
		if i > 0 && log[i-1].after == nil {
			c.fail(&c.tl.resurrected, "change %d (%s) comes after the row was deleted", e.ID, e.Summary)
		}
		whole := e.before["version"] != nil
		if d := differs(e.before, state, !whole); d != "" {
			c.fail(&c.tl.lost, "change %d (%s) was made over a row it did not see (%s)", e.ID, e.Summary, d)
		}
		switch {
		case e.after == nil: // deleted: the row as it was, for twin
		case whole:
			state = e.after
		default: // a preference saved without a form (the language): the next version
			state = maps.Clone(state)
			maps.Copy(state, e.after)
			state["version"] = float64(version(state) + 1)
		}
	}
	return state
}

// final compares the stored row with the replayed one: no change the log
// holds lost, no file of a 303 missing, the file limit kept, and a
// deleted row not back, under its ID or another.
func (c *rowCheck) final(ctx context.Context, mine []*attempt, state map[string]any, deleted bool) error {
	row, err := c.w.row(c.rc, c.id)
	if err != nil {
		return err
	}
	if deleted {
		if row != nil {
			c.fail(&c.tl.resurrected, "the deleted row is back")
		}
		back, err := c.rc.twin(ctx, state)
		if back {
			c.fail(&c.tl.resurrected, "the deleted row is back under another ID")
		}
		return err
	}
	if row == nil {
		c.fail(&c.tl.lost, "the row is gone, and no delete is in the log")
		return nil
	}
	if d := differs(row, state, false); d != "" {
		c.fail(&c.tl.lost, "the stored row is not what the log says (%s)", d)
	}
	files := stringList(row["files"])
	names, err := c.w.fileNames(ctx, files)
	kept := slices.Collect(maps.Values(names))
	for _, a := range mine {
		if a.status == http.StatusSeeOther && a.file != "" && !slices.Contains(kept, a.file) {
			c.fail(&c.tl.lost, "%s was attached (303) but is not among the files", a.file)
		}
	}
	if len(files) > c.rc.files {
		c.fail(&c.tl.wrong, "%d files, more than the %d allowed", len(files), c.rc.files)
	}
	return err
}

// row is the stored row id as a JSON object, as the change log writes it;
// nil when it is gone.
func (w *raceWorld) row(rc race, id int64) (map[string]any, error) {
	v, err := rc.load(context.Background(), id)
	if datchuan.ErrorCode(err) == datchuan.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	return m, json.Unmarshal(b, &m)
}

// fileNames maps attachment IDs to the names they were uploaded under.
func (w *raceWorld) fileNames(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	infos, err := w.a.stores.Files.Attachments(ctx, ids)
	for id, a := range infos {
		out[id] = a.Name
	}
	return out, err
}

// decode reads the JSON of a change-log entry ("" for none: nil).
func decode(s string, m *map[string]any) error {
	if s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), m)
}

// version is the "version" of a row as JSON (0 when it has none).
func version(row map[string]any) int {
	v, _ := row["version"].(float64)
	return int(v)
}

// differs names the first field, timestamps aside, where a and b differ:
// the fields of a only, or of both.
func differs(a, b map[string]any, onlyA bool) string {
	keys := slices.Collect(maps.Keys(a))
	if !onlyA {
		keys = append(keys, slices.Collect(maps.Keys(b))...)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if k != "created_at" && k != "updated_at" && !same(a[k], b[k]) {
			if x, ok := a[k].([]any); ok {
				if y, ok := b[k].([]any); ok {
					return fmt.Sprintf("%s: %d ≠ %d items", k, len(x), len(y))
				}
			}
			return fmt.Sprintf("%s: %v ≠ %v", k, a[k], b[k])
		}
	}
	return ""
}

// same compares two JSON values, an absent one equal to an empty one (the
// log omits empty fields).
func same(x, y any) bool {
	empty := func(v any) bool {
		switch v := v.(type) {
		case nil:
			return true
		case string:
			return v == ""
		case []any:
			return len(v) == 0
		}
		return false
	}
	if empty(x) || empty(y) {
		return empty(x) && empty(y)
	}
	return reflect.DeepEqual(x, y)
}

// stringList is a JSON list of strings.
func stringList(v any) []string {
	var out []string
	l, _ := v.([]any)
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// gist is the text of a page, without its markup, for a message.
func gist(page string) string {
	text := strings.Join(strings.Fields(tags.ReplaceAllString(page, " ")), " ")
	if i := strings.Index(text, "Đăng xuất"); i >= 0 {
		text = text[i:] // after the navigation
	}
	return fmt.Sprintf("%.300s", text)
}

var tags = regexp.MustCompile(`<[^>]*>`)
