package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/datchuan/datchuan"
)

// TaskService stores the tasks commune committees give their members.
type TaskService struct{ db *DB }

// taskRefused turns the constraint a task broke into EINVALID: an unknown
// unit, assignee or creator, or (the CHECKs of the table) an empty title
// or an unknown status. Whether a task is complete is Task.Validate's to
// say; these are the last guard of the table.
func taskRefused(t *datchuan.Task, err error) error {
	switch violationOf(err) {
	case foreignKeyViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Đơn vị %d, người được giao %d hoặc người tạo %d không tồn tại (unknown unit, assignee or creator)",
			t.UnitID, t.AssigneeID, t.CreatedBy)
	case checkViolation:
		return datchuan.Errorf(datchuan.EINVALID, "Nhiệm vụ cần có tên và một trạng thái hợp lệ, không phải %q (a task needs a title and a known status)", t.Status)
	}
	return nil
}

// defaultStatus is the status of a task that names none: todo, as the
// column's default.
func defaultStatus(status datchuan.TaskStatus) datchuan.TaskStatus {
	if status == "" {
		return datchuan.TaskTodo
	}
	return status
}

// CreateTask stores t with its files and sets t.ID and t.Version (1);
// CreatedAt defaults to now and UpdatedAt is CreatedAt, an empty status is
// todo. An unknown unit, assignee, creator or file, or a task the table
// refuses (taskRefused), is EINVALID.
func (s *TaskService) CreateTask(ctx context.Context, t *datchuan.Task) (err error) {
	defer wrap(&err, "sqldb: create task %q", t.Title)
	t.Status = defaultStatus(t.Status)
	db := s.db
	at := db.orNow(t.CreatedAt)
	files := uniq(t.Files)
	var id int64
	var version int
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO tasks (unit_id, assignee_id, title, set_id, criterion_code, indicator_code, due, status, notes,
				created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`),
			t.UnitID, t.AssigneeID, t.Title, t.SetID, t.CriterionCode, t.IndicatorCode, t.Due, string(t.Status), t.Notes,
			orNull(t.CreatedBy), db.ts(at), db.ts(at)).Scan(&id, &version)
		if refused := taskRefused(t, err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return putList(ctx, db, tx, taskFiles, id, files, unknownFile)
	})
	if err != nil {
		return err
	}
	t.ID, t.Files, t.Version = id, files, version
	t.CreatedAt, t.UpdatedAt = truncTime(at), truncTime(at)
	return nil
}

// UpdateTask stores the title, assignee, set, criterion, indicator, due
// date, status, notes and files of t if the task is still at t.Version,
// sets UpdatedAt to now and t.Version to the next one. The unit and the
// creation stamp stay; t gets them back. ECONFLICT when someone changed
// the task since t.Version, ENOTFOUND when there is no such task; EINVALID
// as CreateTask.
func (s *TaskService) UpdateTask(ctx context.Context, t *datchuan.Task) (err error) {
	defer wrap(&err, "sqldb: update task %d", t.ID)
	t.Status = defaultStatus(t.Status)
	db := s.db
	at := db.now()
	files := uniq(t.Files)
	stored := *t
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			UPDATE tasks SET title = ?, assignee_id = ?, set_id = ?, criterion_code = ?, indicator_code = ?, due = ?,
				status = ?, notes = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ? RETURNING unit_id, created_by, created_at, version`),
			t.Title, t.AssigneeID, t.SetID, t.CriterionCode, t.IndicatorCode, t.Due, string(t.Status), t.Notes, db.ts(at),
			t.ID, t.Version).
			Scan(&stored.UnitID, scanID{&stored.CreatedBy}, scanTime{&stored.CreatedAt}, &stored.Version)
		if errors.Is(err, sql.ErrNoRows) {
			return db.staleOrGone(ctx, tx, versionedTasks, t.ID)
		}
		if refused := taskRefused(&stored, err); refused != nil {
			return refused
		}
		if err != nil {
			return fmt.Errorf("update: %w", err)
		}
		return putList(ctx, db, tx, taskFiles, t.ID, files, unknownFile)
	})
	if err != nil {
		return err
	}
	*t = stored
	t.Files, t.UpdatedAt = files, truncTime(at)
	return nil
}

func taskNotFound(id int64) error {
	return datchuan.Errorf(datchuan.ENOTFOUND, "Không tìm thấy nhiệm vụ %d (task not found)", id)
}

// Task returns the task with the given ID, or ENOTFOUND.
func (s *TaskService) Task(ctx context.Context, id int64) (_ *datchuan.Task, err error) {
	defer wrap(&err, "sqldb: task %d", id)
	tasks, err := s.findTasks(ctx, whereOf(s.db, "t.id = ?", id))
	return only(tasks, err, taskNotFound(id))
}

// Tasks returns the tasks f selects by due date, those without one last,
// then by ID.
func (s *TaskService) Tasks(ctx context.Context, f datchuan.TaskFilter) (_ []*datchuan.Task, err error) {
	defer wrap(&err, "sqldb: tasks")
	w := &where{db: s.db}
	w.in("t.unit_id", f.UnitIDs)
	w.in("t.assignee_id", f.AssigneeIDs)
	if f.Open {
		w.add("t.status <> ?", string(datchuan.TaskDone))
	}
	return s.findTasks(ctx, w)
}

func (s *TaskService) findTasks(ctx context.Context, w *where) ([]*datchuan.Task, error) {
	if w.err != nil {
		return nil, w.err
	}
	db := s.db
	q := `SELECT t.id, t.unit_id, t.assignee_id, t.title, t.set_id, t.criterion_code, t.indicator_code, t.due, t.status,
			t.notes, ` + db.jsonList(taskFiles.value, taskFiles.name, `task_id = t.id`) + `, t.created_by, t.created_at, t.updated_at,
			t.version
		FROM tasks t` + w.String() + ` ORDER BY t.due NULLS LAST, t.id`
	return queryAll(ctx, db.r(), taskFields, db.rebind(q), w.args...)
}

// taskFields are the columns findTasks selects.
func taskFields(t *datchuan.Task) []any {
	return []any{&t.ID, &t.UnitID, &t.AssigneeID, &t.Title, &t.SetID, &t.CriterionCode, &t.IndicatorCode, &t.Due,
		&t.Status, &t.Notes, scanList[string]{&t.Files}, scanID{&t.CreatedBy}, scanTime{&t.CreatedAt}, scanTime{&t.UpdatedAt}, &t.Version}
}
