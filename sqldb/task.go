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

var _ datchuan.TaskService = (*TaskService)(nil)

// NewTaskService returns the task service of db.
func NewTaskService(db *DB) *TaskService { return &TaskService{db: db} }

// validTask checks the title, assignee and status of t; an empty status
// becomes todo.
func validTask(t *datchuan.Task) error {
	switch t.Status {
	case "":
		t.Status = datchuan.TaskTodo
	case datchuan.TaskTodo, datchuan.TaskDoing, datchuan.TaskDone:
	default:
		return datchuan.Errorf(datchuan.EINVALID, "Trạng thái %q không hợp lệ (invalid task status)", t.Status)
	}
	switch {
	case blank(t.Title):
		return datchuan.Errorf(datchuan.EINVALID, "Nhiệm vụ chưa có tên (task without a title)")
	case t.AssigneeID == 0:
		return datchuan.Errorf(datchuan.EINVALID, "Nhiệm vụ chưa giao cho ai (task without an assignee)")
	}
	return nil
}

// CreateTask stores t with its files and sets t.ID; CreatedAt defaults to
// now and UpdatedAt is CreatedAt. A task needs a title, a unit and an
// assignee (EINVALID); an empty status is todo, an unknown one EINVALID, as
// is an unknown unit, assignee, creator or file.
func (s *TaskService) CreateTask(ctx context.Context, t *datchuan.Task) (err error) {
	defer wrap(&err, "sqldb: create task %q", t.Title)
	if t.UnitID == 0 {
		return datchuan.Errorf(datchuan.EINVALID, "Nhiệm vụ chưa có đơn vị (task without a unit)")
	}
	if err := validTask(t); err != nil {
		return err
	}
	db := s.db
	at := t.CreatedAt
	if at.IsZero() {
		at = db.now()
	}
	files := uniq(t.Files)
	var id int64
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			INSERT INTO tasks (unit_id, assignee_id, title, set_id, criterion_code, indicator_code, due, status, notes,
				created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			t.UnitID, t.AssigneeID, t.Title, t.SetID, t.CriterionCode, t.IndicatorCode, t.Due, string(t.Status), t.Notes,
			nullID(t.CreatedBy), db.ts(at), db.ts(at)).Scan(&id)
		if violationOf(err) == foreignKeyViolation {
			return datchuan.Errorf(datchuan.EINVALID, "Đơn vị %d, người được giao %d hoặc người tạo %d không tồn tại (unknown unit, assignee or creator)",
				t.UnitID, t.AssigneeID, t.CreatedBy)
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return putList(ctx, db, tx, taskFiles, id, files, unknownFile)
	})
	if err != nil {
		return err
	}
	t.ID, t.Files = id, files
	t.CreatedAt, t.UpdatedAt = truncTime(at), truncTime(at)
	return nil
}

// UpdateTask stores the title, assignee, set, criterion, indicator, due
// date, status, notes and files of t and sets UpdatedAt to now. The unit and
// the creation stamp stay; t gets them back. ENOTFOUND when there is no
// such task; EINVALID as CreateTask.
func (s *TaskService) UpdateTask(ctx context.Context, t *datchuan.Task) (err error) {
	defer wrap(&err, "sqldb: update task %d", t.ID)
	if err := validTask(t); err != nil {
		return err
	}
	db := s.db
	at := db.now()
	files := uniq(t.Files)
	stored := *t
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`
			UPDATE tasks SET title = ?, assignee_id = ?, set_id = ?, criterion_code = ?, indicator_code = ?, due = ?,
				status = ?, notes = ?, updated_at = ?
			WHERE id = ? RETURNING unit_id, created_by, created_at`),
			t.Title, t.AssigneeID, t.SetID, t.CriterionCode, t.IndicatorCode, t.Due, string(t.Status), t.Notes, db.ts(at), t.ID).
			Scan(&stored.UnitID, scanID{&stored.CreatedBy}, scanTime{&stored.CreatedAt})
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return taskNotFound(t.ID)
		case violationOf(err) == foreignKeyViolation:
			return datchuan.Errorf(datchuan.EINVALID, "Người được giao %d không tồn tại (unknown assignee)", t.AssigneeID)
		case err != nil:
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
	w := &where{db: s.db}
	w.add("t.id = ?", id)
	tasks, err := s.findTasks(ctx, w)
	if err != nil {
		return nil, err
	}
	if len(tasks) == 0 {
		return nil, taskNotFound(id)
	}
	return tasks[0], nil
}

// Tasks returns the tasks f selects by due date, those without one last,
// then by ID.
func (s *TaskService) Tasks(ctx context.Context, f datchuan.TaskFilter) (_ []*datchuan.Task, err error) {
	defer wrap(&err, "sqldb: tasks")
	w := &where{db: s.db}
	if f.UnitIDs != nil {
		w.in("t.unit_id", f.UnitIDs)
	}
	if f.AssigneeIDs != nil {
		w.in("t.assignee_id", f.AssigneeIDs)
	}
	if f.Open {
		w.add("t.status <> ?", string(datchuan.TaskDone))
	}
	if w.err != nil {
		return nil, w.err
	}
	return s.findTasks(ctx, w)
}

func (s *TaskService) findTasks(ctx context.Context, w *where) ([]*datchuan.Task, error) {
	db := s.db
	q := `SELECT t.id, t.unit_id, t.assignee_id, t.title, t.set_id, t.criterion_code, t.indicator_code, t.due, t.status,
			t.notes, ` + db.jsonList("hash", taskFiles.name, `task_id = t.id`) + `, t.created_by, t.created_at, t.updated_at
		FROM tasks t` + w.String() + ` ORDER BY t.due NULLS LAST, t.id`
	rows, err := db.ro.QueryContext(ctx, db.rebind(q), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tasks := []*datchuan.Task{}
	for rows.Next() {
		var t datchuan.Task
		if err := rows.Scan(&t.ID, &t.UnitID, &t.AssigneeID, &t.Title, &t.SetID, &t.CriterionCode, &t.IndicatorCode, &t.Due,
			&t.Status, &t.Notes, scanList[string]{&t.Files}, scanID{&t.CreatedBy}, scanTime{&t.CreatedAt}, scanTime{&t.UpdatedAt}); err != nil {
			return nil, err
		}
		tasks = append(tasks, &t)
	}
	return tasks, rows.Err()
}
