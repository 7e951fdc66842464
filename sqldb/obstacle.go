package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/datchuan/datchuan"
)

// ObstacleService stores the obstacles and recommendations register.
type ObstacleService struct{ db *DB }

var _ datchuan.ObstacleService = (*ObstacleService)(nil)

var versionedObstacles = versioned{"obstacles", "Vướng mắc", "the obstacle", obstacleNotFound}

func obstacleNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy vướng mắc %d (obstacle not found)", id)
}

// obstacleRefused turns the constraint an obstacle broke into an error:
// an unknown unit, agency or user, or (the CHECKs) an empty title, an
// unknown state or source. What an obstacle may say is the domain's to
// check; these are the last guard of the table.
func obstacleRefused(err error) error {
	switch violationOf(err) {
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Đơn vị, cơ quan hoặc người dùng không tồn tại (unknown unit, agency or user)")
	case checkViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Vướng mắc cần nội dung, trạng thái và nguồn hợp lệ (an obstacle needs a title, a known state and source)")
	}
	return nil
}

// RaiseObstacle stores o and sets its ID, Version (1), RaisedAt and
// UpdatedAt (now when zero).
func (s *ObstacleService) RaiseObstacle(ctx context.Context, o *datchuan.Obstacle) (err error) {
	defer wrap(&err, "sqldb: raise obstacle of unit %d", o.UnitID)
	db := s.db
	at := db.orNow(o.RaisedAt)
	var id int64
	var version int
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO obstacles (province_id, unit_id, set_id, criterion_code, indicator_code, title, detail, owner_id, due,
				state, source, source_id, resolution, raised_by, raised_at, updated_at, resolved_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
			o.ProvinceID, o.UnitID, o.SetID, o.CriterionCode, o.IndicatorCode, o.Title, o.Detail, o.OwnerID, o.Due,
			string(o.State), string(o.Source), orNull(o.SourceID), o.Resolution, orNull(o.RaisedBy), db.ts(at), db.ts(at), db.tsOrNull(o.ResolvedAt)).
			Scan(&id, &version)
		if refused := obstacleRefused(err); refused != nil {
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
	o.ID, o.Version, o.RaisedAt, o.UpdatedAt = id, version, truncTime(at), truncTime(at)
	o.ResolvedAt = truncTime(o.ResolvedAt)
	return nil
}

// UpdateObstacle stores o's fields but who raised it and when, if it is
// still at o.Version: o gets the next version and UpdatedAt now.
// ECONFLICT when someone changed it since, ENOTFOUND when it is gone.
func (s *ObstacleService) UpdateObstacle(ctx context.Context, o *datchuan.Obstacle) (err error) {
	defer wrap(&err, "sqldb: update obstacle %d", o.ID)
	db := s.db
	at := db.orNow(o.UpdatedAt)
	err = db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE obstacles SET unit_id = ?, set_id = ?, criterion_code = ?, indicator_code = ?, title = ?, detail = ?, owner_id = ?,
				due = ?, state = ?, resolution = ?, updated_at = ?, resolved_at = ?, version = version + 1
			WHERE id = ? AND version = ?`),
			o.UnitID, o.SetID, o.CriterionCode, o.IndicatorCode, o.Title, o.Detail, o.OwnerID, o.Due, string(o.State),
			o.Resolution, db.ts(at), db.tsOrNull(o.ResolvedAt), o.ID, o.Version)
		if refused := obstacleRefused(err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		return db.staleOrGone(ctx, tx, versionedObstacles, o.ID)
	})
	if err != nil {
		return err
	}
	o.Version, o.UpdatedAt, o.ResolvedAt = o.Version+1, truncTime(at), truncTime(o.ResolvedAt)
	return nil
}

// Obstacle returns the obstacle id, or ENOTFOUND.
func (s *ObstacleService) Obstacle(ctx context.Context, id int64) (_ *datchuan.Obstacle, err error) {
	defer wrap(&err, "sqldb: obstacle %d", id)
	list, err := s.find(ctx, whereOf(s.db, "o.id = ?", id))
	return only(list, err, obstacleNotFound(id))
}

// Obstacles returns the obstacles f selects: the open ones first, each
// group the oldest first.
func (s *ObstacleService) Obstacles(ctx context.Context, f datchuan.ObstacleFilter) (_ []*datchuan.Obstacle, err error) {
	defer wrap(&err, "sqldb: obstacles")
	w := &where{db: s.db}
	w.in("o.id", f.IDs)
	w.eq("o.province_id", f.ProvinceID)
	w.in("o.unit_id", f.UnitIDs)
	w.in("o.owner_id", f.OwnerIDs)
	if f.States != nil {
		states := make([]string, len(f.States))
		for i, st := range f.States {
			states[i] = string(st)
		}
		w.in("o.state", states)
	}
	w.eq("o.set_id", f.SetID)
	w.eq("o.criterion_code", f.Criterion)
	return s.find(ctx, w)
}

func (s *ObstacleService) find(ctx context.Context, w *where) ([]*datchuan.Obstacle, error) {
	if w.err != nil {
		return nil, w.err
	}
	q := `SELECT o.id, o.province_id, o.unit_id, o.set_id, o.criterion_code, o.indicator_code, o.title, o.detail, o.owner_id,
			o.due, o.state, o.source, o.source_id, o.resolution, o.raised_by, o.raised_at, o.updated_at, o.resolved_at, o.version
		FROM obstacles o` + w.String() + ` ORDER BY CASE WHEN o.state = 'resolved' THEN 1 ELSE 0 END, o.raised_at, o.id`
	return queryAll(ctx, s.db.r(), obstacleFields, s.db.rebind(q), w.args...)
}

// obstacleFields are the columns find selects.
func obstacleFields(o *datchuan.Obstacle) []any {
	return []any{&o.ID, &o.ProvinceID, &o.UnitID, &o.SetID, &o.CriterionCode, &o.IndicatorCode, &o.Title, &o.Detail, &o.OwnerID,
		&o.Due, &o.State, &o.Source, scanID{&o.SourceID}, &o.Resolution, scanID{&o.RaisedBy}, scanTime{&o.RaisedAt},
		scanTime{&o.UpdatedAt}, scanTime{&o.ResolvedAt}, &o.Version}
}
