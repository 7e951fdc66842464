package web

import (
	"cmp"
	"context"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

// names looks up, for one page, the names of the persons and agencies it
// shows, each once. One that cannot be found shows as its number rather
// than failing the page.
type names struct {
	s        *Server
	ctx      context.Context
	people   map[int64]string
	agencies map[int64]*datchuan.Agency
}

func (s *Server) namesFor(ctx context.Context) *names {
	return &names{s: s, ctx: ctx, people: map[int64]string{}, agencies: map[int64]*datchuan.Agency{}}
}

// person names a reporter, reviewer or assignee; "" for 0 (imported data).
func (n *names) person(id int64) string {
	if id == 0 {
		return ""
	}
	if name, ok := n.people[id]; ok {
		return name
	}
	name := "#" + strconv.FormatInt(id, 10)
	if p, err := n.s.stores.Agencies.Person(n.ctx, id); err == nil {
		name = p.Name
	} else if datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
		n.s.deps.Log.Error("look up person", "id", id, "err", err)
	}
	n.people[id] = name
	return name
}

// know adds agencies the page has loaded already (a province's).
func (n *names) know(ags map[int64]*datchuan.Agency) {
	for id, a := range ags {
		n.agencies[id] = a
	}
}

// agency gives an agency's short name.
func (n *names) agency(id int64) (string, error) {
	a, ok := n.agencies[id]
	if !ok {
		var err error
		if a, err = n.s.stores.Agencies.Agency(n.ctx, id); err != nil {
			return "", err
		}
		n.agencies[id] = a
	}
	return cmp.Or(a.ShortName, a.Name), nil
}

// assignment names the lead and the supporting agencies of an assignment.
func (n *names) assignment(a *datchuan.Assignment) (lead, supports string, err error) {
	if lead, err = n.agency(a.LeadID); err != nil {
		return "", "", err
	}
	sup := make([]string, 0, len(a.SupportIDs))
	for _, id := range a.SupportIDs {
		name, err := n.agency(id)
		if err != nil {
			return "", "", err
		}
		sup = append(sup, name)
	}
	return lead, strings.Join(sup, ", "), nil
}
