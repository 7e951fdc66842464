package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/datchuan/datchuan"
)

// MeetingService stores the weekly steering-committee meetings: each
// committee's series and its meetings, with their attendance and
// decisions in child tables and the agenda frozen as JSON (see the 0012
// migration).
type MeetingService struct{ db *DB }

var _ datchuan.MeetingService = (*MeetingService)(nil)

var (
	versionedSeries   = versioned{"meeting_series", "Lịch họp", "the meeting series", seriesNotFound}
	versionedMeetings = versioned{"meetings", "Cuộc họp", "the meeting", meetingNotFound}
)

func seriesNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy lịch họp %d (meeting series not found)", id)
}

func meetingNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy cuộc họp %d (meeting not found)", id)
}

// meetingRefused turns the constraint a series or a meeting broke into an
// error: a second series of a unit (ECONFLICT: someone made it
// meanwhile), an unknown unit, agency, series, user, task or assignment,
// or (the CHECKs) an empty title, name or decision, an unknown state, a
// held meeting without its agenda (EINVALID). What a meeting may say is
// the domain's to check; these are the last guard of the tables.
func meetingRefused(err error) error {
	switch violationOf(err) {
	case uniqueViolation:
		return datchuan.Errorf(datchuan.ECONFLICT, "Đơn vị này đã có lịch họp Ban Chỉ đạo; hãy tải lại trang (the unit has a meeting series already; reload the page)")
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Đơn vị, cơ quan, lịch họp, người dùng, nhiệm vụ hoặc phân công không tồn tại (unknown unit, agency, series, user, task or assignment)")
	case checkViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Cuộc họp cần nội dung, trạng thái hợp lệ và chương trình họp khi đã họp (a meeting needs its texts, a known state, and its agenda once held)")
	}
	return nil
}

// CreateSeries stores ms and sets its ID, Version (1) and CreatedAt (now
// when zero). A second series of the unit is ECONFLICT.
func (s *MeetingService) CreateSeries(ctx context.Context, ms *datchuan.MeetingSeries) (err error) {
	defer wrap(&err, "sqldb: create meeting series of unit %d", ms.UnitID)
	db := s.db
	at := db.orNow(ms.CreatedAt)
	var id int64
	var version int
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO meeting_series (province_id, unit_id, agency_id, prepared_by, title, weekday, hour, place, chair, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
			ms.ProvinceID, ms.UnitID, ms.AgencyID, orNull(ms.PreparedBy), ms.Title, int(ms.Schedule.Weekday), ms.Schedule.Hour,
			ms.Place, ms.Chair, orNull(ms.CreatedBy), db.ts(at)).Scan(&id, &version)
		if refused := meetingRefused(err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	ms.ID, ms.Version, ms.CreatedAt = id, version, truncTime(at)
	return nil
}

// UpdateSeries stores the title, preparer, schedule, place and chair of
// ms if it is still at ms.Version, which moves on. ECONFLICT when someone
// changed it since, ENOTFOUND when it is gone.
func (s *MeetingService) UpdateSeries(ctx context.Context, ms *datchuan.MeetingSeries) (err error) {
	defer wrap(&err, "sqldb: update meeting series %d", ms.ID)
	db := s.db
	err = db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE meeting_series SET prepared_by = ?, title = ?, weekday = ?, hour = ?, place = ?, chair = ?, version = version + 1
			WHERE id = ? AND version = ?`),
			orNull(ms.PreparedBy), ms.Title, int(ms.Schedule.Weekday), ms.Schedule.Hour, ms.Place, ms.Chair, ms.ID, ms.Version)
		if refused := meetingRefused(err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		return db.staleOrGone(ctx, tx, versionedSeries, ms.ID)
	})
	if err != nil {
		return err
	}
	ms.Version++
	return nil
}

// Series returns the series id, or ENOTFOUND.
func (s *MeetingService) Series(ctx context.Context, id int64) (_ *datchuan.MeetingSeries, err error) {
	defer wrap(&err, "sqldb: meeting series %d", id)
	return s.oneSeries(ctx, "id = ?", id, seriesNotFound(id))
}

// SeriesOf returns the series of the unit, or ENOTFOUND.
func (s *MeetingService) SeriesOf(ctx context.Context, unitID int64) (_ *datchuan.MeetingSeries, err error) {
	defer wrap(&err, "sqldb: meeting series of unit %d", unitID)
	return s.oneSeries(ctx, "unit_id = ?", unitID,
		datchuan.Errorf(datchuan.ENOTFOUND, "Đơn vị chưa có lịch họp Ban Chỉ đạo (the unit has no meeting series)"))
}

func (s *MeetingService) oneSeries(ctx context.Context, cond string, arg any, notFound error) (*datchuan.MeetingSeries, error) {
	q := `SELECT id, province_id, unit_id, agency_id, prepared_by, title, weekday, hour, place, chair, created_by, created_at, version
		FROM meeting_series WHERE ` + cond
	return queryOne(ctx, s.db.r(), seriesFields, notFound, s.db.rebind(q), arg)
}

// seriesFields are the columns oneSeries selects.
func seriesFields(ms *datchuan.MeetingSeries) []any {
	return []any{&ms.ID, &ms.ProvinceID, &ms.UnitID, &ms.AgencyID, scanID{&ms.PreparedBy}, &ms.Title, scanWeekday{&ms.Schedule.Weekday},
		&ms.Schedule.Hour, &ms.Place, &ms.Chair, scanID{&ms.CreatedBy}, scanTime{&ms.CreatedAt}, &ms.Version}
}

// scanWeekday scans a weekday column (0 Sunday … 6 Saturday).
type scanWeekday struct{ d *time.Weekday }

func (s scanWeekday) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*s.d = time.Weekday(n.Int64)
	return nil
}

// CreateMeeting stores m with its attendance and decisions and sets its
// ID, Version (1), CreatedAt and UpdatedAt (now when zero).
func (s *MeetingService) CreateMeeting(ctx context.Context, m *datchuan.Meeting) (err error) {
	defer wrap(&err, "sqldb: create meeting of series %d", m.SeriesID)
	db := s.db
	at := db.orNow(m.CreatedAt)
	agenda, err := agendaJSON(m.Agenda)
	if err != nil {
		return err
	}
	var id int64
	var version int
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO meetings (series_id, at, place, chair, secretary, state, note, conclusions, agenda, held_at, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
			m.SeriesID, db.tsOrNull(m.At), m.Place, m.Chair, m.Secretary, string(m.State), m.Note, m.Conclusions, agenda,
			db.tsOrNull(m.HeldAt), orNull(m.CreatedBy), db.ts(at), db.ts(at)).Scan(&id, &version)
		if refused := meetingRefused(err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return s.putLists(ctx, tx, id, m)
	})
	if err != nil {
		return err
	}
	m.ID, m.Version, m.CreatedAt, m.UpdatedAt = id, version, truncTime(at), truncTime(at)
	m.At, m.HeldAt = truncTime(m.At), truncTime(m.HeldAt)
	return nil
}

// UpdateMeeting stores every field of m but its series and creator, with
// its lists, if it is still at m.Version: m gets the next version and
// UpdatedAt now (or m.UpdatedAt). ECONFLICT when someone changed it
// since, ENOTFOUND when it is gone; nothing is written then.
func (s *MeetingService) UpdateMeeting(ctx context.Context, m *datchuan.Meeting) (err error) {
	defer wrap(&err, "sqldb: update meeting %d", m.ID)
	db := s.db
	at := db.orNow(m.UpdatedAt)
	agenda, err := agendaJSON(m.Agenda)
	if err != nil {
		return err
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE meetings SET at = ?, place = ?, chair = ?, secretary = ?, state = ?, note = ?, conclusions = ?, agenda = ?,
				held_at = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`),
			db.tsOrNull(m.At), m.Place, m.Chair, m.Secretary, string(m.State), m.Note, m.Conclusions, agenda,
			db.tsOrNull(m.HeldAt), db.ts(at), m.ID, m.Version)
		if refused := meetingRefused(err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return db.staleOrGone(ctx, tx, versionedMeetings, m.ID)
		}
		return s.putLists(ctx, tx, m.ID, m)
	})
	if err != nil {
		return err
	}
	m.Version, m.UpdatedAt = m.Version+1, truncTime(at)
	m.At, m.HeldAt = truncTime(m.At), truncTime(m.HeldAt)
	return nil
}

// agendaJSON is the frozen agenda as stored: JSON, or NULL for none.
func agendaJSON(a *datchuan.Agenda) (any, error) {
	if a == nil {
		return nil, nil
	}
	b, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("agenda as JSON: %w", err)
	}
	return string(b), nil
}

// putLists makes m's attendance and decisions the lists of meeting id, in
// the transaction that writes it.
func (s *MeetingService) putLists(ctx context.Context, tx *sql.Tx, id int64, m *datchuan.Meeting) error {
	db := s.db
	for _, table := range []string{"meeting_attendees", "meeting_decisions"} {
		if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM `+table+` WHERE meeting_id = ?`), id); err != nil {
			return fmt.Errorf("clear %s: %w", table, err)
		}
	}
	insert := db.rebind(`INSERT INTO meeting_attendees (meeting_id, pos, name, role, present, reason) VALUES (?, ?, ?, ?, ?, ?)`)
	for i, a := range m.Attendance {
		_, err := tx.ExecContext(ctx, insert, id, i, a.Name, a.Role, a.Present, a.Reason)
		if refused := meetingRefused(err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("insert attendee: %w", err)
		}
	}
	insert = db.rebind(`INSERT INTO meeting_decisions (meeting_id, pos, text, owner_id, owner_name, due, task_id, assignment_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	for i, d := range m.Decisions {
		_, err := tx.ExecContext(ctx, insert, id, i, d.Text, orNull(d.OwnerID), d.OwnerName, d.Due, orNull(d.TaskID), orNull(d.AssignmentID))
		if refused := meetingRefused(err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("insert decision: %w", err)
		}
	}
	return nil
}

// Meeting returns the meeting id with its lists, or ENOTFOUND.
func (s *MeetingService) Meeting(ctx context.Context, id int64) (_ *datchuan.Meeting, err error) {
	defer wrap(&err, "sqldb: meeting %d", id)
	list, err := s.findMeetings(ctx, whereOf(s.db, "m.id = ?", id), 0)
	return only(list, err, meetingNotFound(id))
}

// Meetings returns the meetings f selects with their lists, the latest
// first (then the later ID), at most f.Limit of them when it is not 0. A
// nil list of f does not filter; an empty, non-nil one matches nothing.
func (s *MeetingService) Meetings(ctx context.Context, f datchuan.MeetingFilter) (_ []*datchuan.Meeting, err error) {
	defer wrap(&err, "sqldb: meetings")
	w := &where{db: s.db}
	w.in("m.id", f.IDs)
	w.in("m.series_id", f.SeriesIDs)
	if f.States != nil {
		states := make([]string, len(f.States))
		for i, st := range f.States {
			states[i] = string(st)
		}
		w.in("m.state", states)
	}
	if !f.Before.IsZero() {
		w.add("m.at < ?", s.db.ts(f.Before))
	}
	return s.findMeetings(ctx, w, f.Limit)
}

// findMeetings reads the meetings with their lists in one statement, so
// that a meeting and its lists are consistent.
func (s *MeetingService) findMeetings(ctx context.Context, w *where, limit int) ([]*datchuan.Meeting, error) {
	if w.err != nil {
		return nil, w.err
	}
	db := s.db
	q := `SELECT m.id, m.series_id, m.at, m.place, m.chair, m.secretary, m.state, m.note, m.conclusions, m.agenda, m.held_at,
			m.created_by, m.created_at, m.updated_at, m.version, ` +
		db.jsonObjects("meeting_attendees", `meeting_id = m.id`, "name", "role", "present", "reason") + `, ` +
		db.jsonObjects("meeting_decisions", `meeting_id = m.id`, "text", "owner_id", "owner_name", "due", "task_id", "assignment_id") + `
		FROM meetings m` + w.String() + ` ORDER BY m.at DESC, m.id DESC`
	args := w.args
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := queryAll(ctx, db.r(), meetingFields, db.rebind(q), args...)
	if err != nil {
		return nil, err
	}
	out := make([]*datchuan.Meeting, len(rows))
	for i, r := range rows {
		out[i] = r.meeting()
	}
	return out, nil
}

// meetingRow is a meeting as findMeetings reads it: its lists as the
// JSON rows of their tables.
type meetingRow struct {
	datchuan.Meeting
	attendees []attendeeRow
	decisions []decisionRow
}

// attendeeRow and decisionRow read the JSON objects of jsonObjects,
// whose keys are the column names.
type attendeeRow struct {
	Name    string   `json:"name"`
	Role    string   `json:"role"`
	Present jsonFlag `json:"present"`
	Reason  string   `json:"reason"`
}

type decisionRow struct {
	Text         string        `json:"text"`
	OwnerID      int64         `json:"owner_id"`
	OwnerName    string        `json:"owner_name"`
	Due          datchuan.Date `json:"due"`
	TaskID       int64         `json:"task_id"`
	AssignmentID int64         `json:"assignment_id"`
}

// jsonFlag reads a flag as either engine writes it in JSON: SQLite's 0 or
// 1, PostgreSQL's false or true.
type jsonFlag bool

func (f *jsonFlag) UnmarshalJSON(b []byte) error {
	*f = jsonFlag(string(b) == "true" || string(b) == "1")
	return nil
}

func (r *meetingRow) meeting() *datchuan.Meeting {
	m := r.Meeting
	m.Attendance = make([]datchuan.Attendee, len(r.attendees))
	for i, a := range r.attendees {
		m.Attendance[i] = datchuan.Attendee{Name: a.Name, Role: a.Role, Present: bool(a.Present), Reason: a.Reason}
	}
	m.Decisions = make([]datchuan.Decision, len(r.decisions))
	for i, d := range r.decisions {
		m.Decisions[i] = datchuan.Decision(d)
	}
	return &m
}

// meetingFields are the columns findMeetings selects.
func meetingFields(r *meetingRow) []any {
	m := &r.Meeting
	return []any{&m.ID, &m.SeriesID, scanTime{&m.At}, &m.Place, &m.Chair, &m.Secretary, &m.State, &m.Note, &m.Conclusions,
		scanAgenda{&m.Agenda}, scanTime{&m.HeldAt}, scanID{&m.CreatedBy}, scanTime{&m.CreatedAt}, scanTime{&m.UpdatedAt}, &m.Version,
		scanList[attendeeRow]{&r.attendees}, scanList[decisionRow]{&r.decisions}}
}

// scanAgenda scans the frozen agenda; NULL is none.
type scanAgenda struct{ a **datchuan.Agenda }

func (s scanAgenda) Scan(src any) error {
	var text string
	switch v := src.(type) {
	case nil:
		*s.a = nil
		return nil
	case string:
		text = v
	case []byte:
		text = string(v)
	default:
		return fmt.Errorf("scan agenda: unsupported type %T", src)
	}
	a := new(datchuan.Agenda)
	if err := json.Unmarshal([]byte(text), a); err != nil {
		return fmt.Errorf("scan agenda: %w", err)
	}
	*s.a = a
	return nil
}
