package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/datchuan/datchuan"
)

// PlanService stores plans and their assignments (assignment.go).
type PlanService struct{ db *DB }

// planRefused turns the constraint a plan broke into EINVALID: an unknown
// province or creator, or (the CHECK and NOT NULL of the table) a missing
// number, date or title. Whether a plan is complete is Plan.Validate's to
// say; these are the last guard of the table, as the CHECKs of the
// schedule (weekday 0–6, hour 0–23) are.
func planRefused(p *datchuan.Plan, err error) error {
	switch violationOf(err) {
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Tỉnh %d hoặc người tạo %d không tồn tại (unknown province or creator)", p.ProvinceID, p.CreatedBy)
	case checkViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Kế hoạch cần số, ký hiệu, ngày ban hành, trích yếu và lịch báo cáo hợp lệ (a plan needs a number, a date, a title and a valid report schedule)")
	}
	return nil
}

// CreatePlan stores p with its targets and files and sets p.ID and
// p.Version (1); CreatedAt defaults to now, the zero Schedule is
// DefaultSchedule (reportSchedule). An unknown province, creator,
// target or file, or a plan the table refuses (planRefused), is EINVALID.
func (s *PlanService) CreatePlan(ctx context.Context, p *datchuan.Plan) (err error) {
	defer wrap(&err, "sqldb: create plan %q", p.Number)
	db := s.db
	at := db.orNow(p.CreatedAt)
	targets, files := uniq(p.TargetIDs), uniq(p.Files)
	schedule := reportSchedule(p.Schedule)
	var id int64
	var version int
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO plans (province_id, number, issued_on, issuer, signer, title, report_weekday, report_hour,
				created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
			p.ProvinceID, p.Number, p.Date, p.Issuer, p.Signer, p.Title, int(schedule.Weekday), schedule.Hour,
			orNull(p.CreatedBy), db.ts(at)).Scan(&id, &version)
		if refused := planRefused(p, err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return s.putPlanLists(ctx, tx, id, targets, files)
	})
	if err != nil {
		return err
	}
	p.ID, p.CreatedAt, p.TargetIDs, p.Files, p.Schedule, p.Version = id, truncTime(at), targets, files, schedule, version
	return nil
}

// reportSchedule is the schedule a plan is stored with: s, or
// DefaultSchedule for the zero Schedule, which stands for it (see
// datchuan.Plan.Schedule).
func reportSchedule(s datchuan.Schedule) datchuan.Schedule {
	if s == (datchuan.Schedule{}) {
		return datchuan.DefaultSchedule
	}
	return s
}

// UpdatePlan stores the province, number, date, issuer, signer, title,
// schedule (reportSchedule), targets and files of p if the plan is still
// at p.Version, and sets p.Version to the next one; the creator and
// creation time stay, and p gets them back. ECONFLICT when someone changed the plan since p.Version,
// ENOTFOUND when there is no such plan; EINVALID as CreatePlan.
func (s *PlanService) UpdatePlan(ctx context.Context, p *datchuan.Plan) (err error) {
	defer wrap(&err, "sqldb: update plan %d", p.ID)
	db := s.db
	targets, files := uniq(p.TargetIDs), uniq(p.Files)
	schedule := reportSchedule(p.Schedule)
	var createdBy int64
	var createdAt time.Time
	var version int
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			UPDATE plans SET province_id = ?, number = ?, issued_on = ?, issuer = ?, signer = ?, title = ?,
				report_weekday = ?, report_hour = ?, version = version + 1
			WHERE id = ? AND version = ? RETURNING created_by, created_at, version`),
			p.ProvinceID, p.Number, p.Date, p.Issuer, p.Signer, p.Title, int(schedule.Weekday), schedule.Hour,
			p.ID, p.Version).
			Scan(scanID{&createdBy}, scanTime{&createdAt}, &version)
		if errors.Is(err, sql.ErrNoRows) {
			return db.staleOrGone(ctx, tx, versionedPlans, p.ID)
		}
		if refused := planRefused(p, err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		return s.putPlanLists(ctx, tx, p.ID, targets, files)
	})
	if err != nil {
		return err
	}
	p.CreatedBy, p.CreatedAt, p.TargetIDs, p.Files, p.Schedule, p.Version = createdBy, createdAt, targets, files, schedule, version
	return nil
}

func planNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy kế hoạch %d (plan not found)", id)
}

func (s *PlanService) putPlanLists(ctx context.Context, tx *sql.Tx, id int64, targets []int64, files []string) error {
	err := putList(ctx, s.db, tx, planTargets, id, targets, func(t int64) error {
		return datchuan.Errorf(datchuan.EINVALID, "Mục tiêu %d không tồn tại (unknown target)", t)
	})
	if err != nil {
		return err
	}
	return putList(ctx, s.db, tx, planFiles, id, files, unknownFile)
}

// Plan returns the plan with the given ID, or ENOTFOUND.
func (s *PlanService) Plan(ctx context.Context, id int64) (_ *datchuan.Plan, err error) {
	defer wrap(&err, "sqldb: plan %d", id)
	plans, err := s.findPlans(ctx, `p.id = ?`, id)
	return only(plans, err, planNotFound(id))
}

// Plans returns the plans issued for a province, newest first: by date,
// then by ID for plans of one day.
func (s *PlanService) Plans(ctx context.Context, provinceID int64) (_ []*datchuan.Plan, err error) {
	defer wrap(&err, "sqldb: plans of province %d", provinceID)
	return s.findPlans(ctx, `p.province_id = ?`, provinceID)
}

func (s *PlanService) findPlans(ctx context.Context, cond string, args ...any) ([]*datchuan.Plan, error) {
	db := s.db
	q := `SELECT p.id, p.province_id, p.number, p.issued_on, p.issuer, p.signer, p.title, p.created_by, p.created_at, ` +
		db.jsonList("target_id", planTargets.name, `plan_id = p.id`) + `, ` +
		db.jsonList(planFiles.value, planFiles.name, `plan_id = p.id`) + `, p.report_weekday, p.report_hour, p.version
		FROM plans p WHERE ` + cond + ` ORDER BY p.issued_on DESC, p.id DESC`
	return queryAll(ctx, db.r(), planFields, db.rebind(q), args...)
}

// planFields are the columns findPlans selects.
func planFields(p *datchuan.Plan) []any {
	return []any{&p.ID, &p.ProvinceID, &p.Number, &p.Date, &p.Issuer, &p.Signer, &p.Title, scanID{&p.CreatedBy},
		scanTime{&p.CreatedAt}, scanList[int64]{&p.TargetIDs}, scanList[string]{&p.Files}, &p.Schedule.Weekday,
		&p.Schedule.Hour, &p.Version}
}
