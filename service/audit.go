package service

import (
	"context"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
)

// Field names of the audit filter: the query parameters of the audit page,
// so that each problem shows beside its field.
const (
	AuditUnit   = "don-vi"
	AuditPerson = "nguoi"
	AuditFrom   = "tu"
	AuditTo     = "den"
	AuditBefore = "truoc"
)

// AuditQuery is a filter of the change log as typed.
type AuditQuery struct {
	Unit     string // a unit code: the entries about it and the units under it
	Person   string // a login, or a user ID: the entries this user made
	From, To string // dd/mm/yyyy, whole days in Vietnam time, both included
	Before   string // an entry ID: only older entries (the next page)
	Limit    int    // at most this many entries; 0 for all
}

// AuditEntry is an entry of the change log with the unit it is about.
type AuditEntry struct {
	*datchuan.Change
	Unit *datchuan.Unit // nil when the entry is about no unit
}

// Audit returns the change-log entries q selects among those the caller
// reads (the coordination office: its province's; an administrator:
// every entry), newest first, and whether older ones are left beyond
// q.Limit. A filter that cannot be read is EINVALID, by field.
func (s *Service) Audit(ctx context.Context, c Caller, q AuditQuery) ([]AuditEntry, bool, error) {
	if err := c.CheckAudit(""); err != nil {
		return nil, false, err
	}
	f, err := s.auditFilter(ctx, c, q)
	if err != nil {
		return nil, false, err
	}
	if q.Limit > 0 {
		f.Limit = q.Limit + 1 // one more says whether there is a next page
	}
	chs, err := s.cfg.Stores.Changes.Changes(ctx, f)
	if err != nil {
		return nil, false, err
	}
	more := q.Limit > 0 && len(chs) > q.Limit
	if more {
		chs = chs[:q.Limit]
	}
	out := make([]AuditEntry, 0, len(chs))
	for _, ch := range chs {
		e := AuditEntry{Change: ch}
		if ch.UnitID != 0 {
			u, err := c.Tree.Unit(ctx, ch.UnitID)
			if err != nil && datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
				return nil, false, err
			}
			e.Unit = u
		}
		out = append(out, e)
	}
	return out, more, nil
}

// auditFilter turns a query into the filter of the store, limited to the
// provinces the caller reads.
func (s *Service) auditFilter(ctx context.Context, c Caller, q AuditQuery) (datchuan.ChangeFilter, error) {
	var f datchuan.ChangeFilter
	if all, provs := c.AuditProvinces(); !all {
		f.Provinces = append([]string{}, provs...) // never nil: nil would not filter
	}
	p := datchuan.Problems{}
	if code := strings.TrimSpace(q.Unit); code != "" {
		ids, err := s.auditUnits(ctx, c, code)
		switch datchuan.ErrorCode(err) {
		case "":
			f.UnitIDs = ids
		case datchuan.ENOTFOUND:
			p.Add(AuditUnit, "Không có đơn vị mã %s (no unit with this code)", code)
		default:
			return f, err
		}
	}
	if who := strings.TrimSpace(q.Person); who != "" {
		if id, err := strconv.ParseInt(who, 10, 64); err == nil && id > 0 {
			f.UserID = id
		} else if u, err := s.cfg.Stores.Users.UserByLogin(ctx, who); err == nil {
			f.UserID = u.ID
		} else if datchuan.ErrorCode(err) == datchuan.ENOTFOUND {
			p.Add(AuditPerson, "Không có tài khoản %q (no such account)", who)
		} else {
			return f, err
		}
	}
	vn := datchuan.Vietnam()
	from := p.ParseDate(AuditFrom, q.From, false)
	to := p.ParseDate(AuditTo, q.To, false)
	if !from.IsZero() {
		f.From = from.Time(vn)
	}
	if !to.IsZero() {
		f.To = to.AddDays(1).Time(vn) // the whole last day
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		p.Add(AuditTo, "Ngày cuối %s trước ngày đầu %s (the end is before the start)", to.VN(), from.VN())
	}
	if b := strings.TrimSpace(q.Before); b != "" {
		id, err := strconv.ParseInt(b, 10, 64)
		if err != nil || id <= 0 {
			p.Add(AuditBefore, "Trang %q không hợp lệ (invalid page)", b)
		}
		f.BeforeID = id
	}
	return f, p.Err()
}

// auditUnits are the IDs of every version of the unit of code and of the
// units under it today: a district's entries include its communes'.
func (s *Service) auditUnits(ctx context.Context, c Caller, code string) ([]int64, error) {
	level := datchuan.LevelOfCode(code)
	vs, err := c.Tree.Versions(ctx, level, code)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, datchuan.Errorf(datchuan.ENOTFOUND, "Không có đơn vị mã %s (no unit with this code)", code)
	}
	var ids []int64
	for _, v := range vs {
		ids = append(ids, v.ID)
	}
	p, err := c.Tree.Path(ctx, vs[len(vs)-1])
	if err != nil {
		return nil, err
	}
	under, err := c.Tree.InScope(ctx, p, s.Today())
	if err != nil && datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
		return nil, err
	}
	for _, u := range under {
		ids = append(ids, u.ID)
	}
	return ids, nil
}
