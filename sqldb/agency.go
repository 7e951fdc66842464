package sqldb

import (
	"context"
	"strings"

	"github.com/datchuan/datchuan"
)

// AgencyService stores agencies, people, memberships and leads.
type AgencyService struct{ db *DB }

const agencyColumns = `id, code, name, short_name, kind, unit_id, parent_id, valid_from, valid_to`

// agencyFields are the columns of agencyColumns.
func agencyFields(a *datchuan.Agency) []any {
	return []any{&a.ID, &a.Code, &a.Name, &a.ShortName, &a.Kind, &a.UnitID, scanID{&a.ParentID}, &a.ValidFrom, &a.ValidTo}
}

// CreateAgency stores a and sets a.ID. A code already taken is ECONFLICT; a
// unit or parent that does not exist is EINVALID.
func (s *AgencyService) CreateAgency(ctx context.Context, a *datchuan.Agency) (err error) {
	defer wrap(&err, "sqldb: create agency %q", a.Code)
	switch {
	case strings.TrimSpace(a.Code) == "":
		return datchuan.Errorf(datchuan.EINVALID, "Cơ quan chưa có mã (agency without a code)")
	case strings.TrimSpace(a.Name) == "":
		return datchuan.Errorf(datchuan.EINVALID, "Cơ quan %s chưa có tên (agency without a name)", a.Code)
	case !a.Kind.Valid():
		return datchuan.Errorf(datchuan.EINVALID, "Cơ quan %s: loại %q không hợp lệ (invalid agency kind)", a.Code, a.Kind)
	}
	err = s.db.q().QueryRowContext(ctx, s.db.rebind(`
		INSERT INTO agencies (code, name, short_name, kind, unit_id, parent_id, valid_from, valid_to)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		a.Code, a.Name, a.ShortName, string(a.Kind), a.UnitID, orNull(a.ParentID), a.ValidFrom, a.ValidTo).Scan(&a.ID)
	switch violationOf(err) {
	case uniqueViolation:
		return datchuan.Errorf(datchuan.ECONFLICT, "Mã cơ quan %q đã tồn tại (duplicate agency code)", a.Code)
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Cơ quan %s: đơn vị hành chính hoặc cơ quan cấp trên không tồn tại (unknown unit or parent agency)", a.Code)
	}
	return err
}

// Agency returns the agency with the given ID, or ENOTFOUND.
func (s *AgencyService) Agency(ctx context.Context, id int64) (_ *datchuan.Agency, err error) {
	defer wrap(&err, "sqldb: agency %d", id)
	return queryOne(ctx, s.db.r(), agencyFields, agencyNotFound(id),
		s.db.rebind(`SELECT `+agencyColumns+` FROM agencies WHERE id = ?`), id)
}

func agencyNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy cơ quan %d (agency not found)", id)
}

// FindAgencies returns the matching agencies ordered by code.
func (s *AgencyService) FindAgencies(ctx context.Context, f datchuan.AgencyFilter) (_ []*datchuan.Agency, err error) {
	defer wrap(&err, "sqldb: find agencies")
	db := s.db
	w := &where{db: db}
	w.in("id", f.IDs)
	w.eq("code", f.Code)
	w.eq("kind", string(f.Kind))
	w.eq("unit_id", f.UnitID)
	if w.err != nil {
		return nil, w.err
	}
	return queryAll(ctx, db.r(), agencyFields, db.rebind(`SELECT `+agencyColumns+` FROM agencies`+w.String()+` ORDER BY code`), w.args...)
}

// CreatePerson stores p and sets p.ID.
func (s *AgencyService) CreatePerson(ctx context.Context, p *datchuan.Person) (err error) {
	defer wrap(&err, "sqldb: create person")
	if strings.TrimSpace(p.Name) == "" {
		return datchuan.Errorf(datchuan.EINVALID, "Chưa nhập họ tên (person without a name)")
	}
	return s.db.q().QueryRowContext(ctx, s.db.rebind(`
		INSERT INTO persons (name, title, email, phone) VALUES (?, ?, ?, ?) RETURNING id`),
		p.Name, p.Title, p.Email, p.Phone).Scan(&p.ID)
}

// Person returns the person with the given ID, or ENOTFOUND.
func (s *AgencyService) Person(ctx context.Context, id int64) (_ *datchuan.Person, err error) {
	defer wrap(&err, "sqldb: person %d", id)
	return queryOne(ctx, s.db.r(), personFields, datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy cán bộ %d (person not found)", id),
		s.db.rebind(`SELECT id, name, title, email, phone FROM persons WHERE id = ?`), id)
}

// personFields are the columns of a person: id, name, title, email, phone.
func personFields(p *datchuan.Person) []any {
	return []any{&p.ID, &p.Name, &p.Title, &p.Email, &p.Phone}
}

// AddMember stores m and sets m.ID. An unknown person or agency is EINVALID.
func (s *AgencyService) AddMember(ctx context.Context, m *datchuan.Membership) (err error) {
	defer wrap(&err, "sqldb: add member %d to agency %d", m.PersonID, m.AgencyID)
	err = s.db.q().QueryRowContext(ctx, s.db.rebind(`
		INSERT INTO memberships (person_id, agency_id, role, from_date, to_date)
		VALUES (?, ?, ?, ?, ?) RETURNING id`),
		m.PersonID, m.AgencyID, m.Role, m.From, m.To).Scan(&m.ID)
	if violationOf(err) == foreignKeyViolation {
		return datchuan.Errorf(datchuan.EINVALID, "Cán bộ %d hoặc cơ quan %d không tồn tại (unknown person or agency)", m.PersonID, m.AgencyID)
	}
	return err
}

// Members returns the memberships of an agency with Person filled, ordered by
// start date and ID, or ENOTFOUND when there is no such agency.
func (s *AgencyService) Members(ctx context.Context, agencyID int64) (_ []*datchuan.Membership, err error) {
	defer wrap(&err, "sqldb: members of agency %d", agencyID)
	db := s.db
	if err := db.requireRow(ctx, db.r(), "agencies", agencyID, agencyNotFound(agencyID)); err != nil {
		return nil, err
	}
	return queryAll(ctx, db.r(), memberFields, db.rebind(`
		SELECT m.id, m.person_id, m.agency_id, m.role, m.from_date, m.to_date,
			p.id, p.name, p.title, p.email, p.phone
		FROM memberships m JOIN persons p ON p.id = m.person_id
		WHERE m.agency_id = ?
		ORDER BY m.from_date NULLS FIRST, m.id`), agencyID)
}

// memberFields are the columns of a membership and, joined, its person,
// which it fills in.
func memberFields(m *datchuan.Membership) []any {
	m.Person = &datchuan.Person{}
	return append([]any{&m.ID, &m.PersonID, &m.AgencyID, &m.Role, &m.From, &m.To}, personFields(m.Person)...)
}

// SetLead records that an agency leads or supports a criterion (or one of
// its indicators) of a set in a province. The (province, set, criterion,
// indicator, agency) is unique: setting it again updates Supporting and keeps
// the ID. It sets l.ID.
func (s *AgencyService) SetLead(ctx context.Context, l *datchuan.Lead) (err error) {
	defer wrap(&err, "sqldb: set lead %s/%s/%s", l.SetID, l.CriterionCode, l.IndicatorCode)
	if l.SetID == "" || l.CriterionCode == "" {
		return datchuan.Errorf(datchuan.EINVALID, "Cần bộ tiêu chí và tiêu chí (set and criterion required)")
	}
	err = s.db.q().QueryRowContext(ctx, s.db.rebind(`
		INSERT INTO leads (province_id, set_id, criterion_code, indicator_code, agency_id, supporting)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (province_id, set_id, criterion_code, indicator_code, agency_id)
		DO UPDATE SET supporting = excluded.supporting
		RETURNING id`),
		l.ProvinceID, l.SetID, l.CriterionCode, l.IndicatorCode, l.AgencyID, l.Supporting).Scan(&l.ID)
	if violationOf(err) == foreignKeyViolation {
		return datchuan.Errorf(datchuan.EINVALID, "Tỉnh %d hoặc cơ quan %d không tồn tại (unknown province or agency)", l.ProvinceID, l.AgencyID)
	}
	return err
}

// Leads returns the leads of a set (every set when setID is "") in a
// province in the order they were first set.
func (s *AgencyService) Leads(ctx context.Context, provinceID int64, setID string) (_ []*datchuan.Lead, err error) {
	defer wrap(&err, "sqldb: leads of province %d, set %s", provinceID, setID)
	return queryAll(ctx, s.db.r(), leadFields, s.db.rebind(`
		SELECT id, province_id, set_id, criterion_code, indicator_code, agency_id, supporting
		FROM leads WHERE province_id = ? AND (? = '' OR set_id = ?) ORDER BY id`), provinceID, setID, setID)
}

// leadFields are the columns Leads selects.
func leadFields(l *datchuan.Lead) []any {
	return []any{&l.ID, &l.ProvinceID, &l.SetID, &l.CriterionCode, &l.IndicatorCode, &l.AgencyID, &l.Supporting}
}
