package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

func taskTitles(tasks []*datchuan.Task) []string {
	return field(tasks, func(t *datchuan.Task) string { return t.Title })
}

func TestTasks(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		ts := db.Stores().Tasks

		// Created two days ago, so that an update shows in UpdatedAt.
		task := &datchuan.Task{UnitID: w.c1, AssigneeID: w.member, Title: "Rà soát tiêu chí 17 về môi trường",
			SetID: testSet, CriterionCode: "17", IndicatorCode: "17.8", Due: datchuan.NewDate(2022, 7, 10),
			Notes: "Phối hợp Hội Nông dân", Files: []string{w.file, w.file}, CreatedBy: w.user, CreatedAt: at(20, 9)}
		must(t, ts.CreateTask(ctx, task))
		created := at(20, 9).UTC()
		if task.ID == 0 || task.Status != datchuan.TaskTodo || !task.CreatedAt.Equal(created) || !task.UpdatedAt.Equal(created) || task.Version != 1 {
			t.Errorf("after CreateTask: %+v", task)
		}
		wantEqual(t, []string{w.file}, task.Files, "a repeated file is stored once")
		got, err := ts.Task(ctx, task.ID)
		must(t, err)
		wantEqual(t, task, got, "Task")

		// UpdateTask changes the work, not the unit nor the creation stamp.
		other := mustPerson(t, db, "Kiên Thị Phol")
		change := *task
		change.UnitID, change.CreatedBy, change.CreatedAt = w.c2, 0, at(1, 1)
		change.AssigneeID, change.Title, change.Status, change.Due, change.Files, change.Notes = other.ID, "Thu gom rác thải", datchuan.TaskDoing, datchuan.Date{}, nil, ""
		must(t, ts.UpdateTask(ctx, &change))
		want := *task
		want.AssigneeID, want.Title, want.Status, want.Due, want.Files, want.Notes, want.UpdatedAt = other.ID, "Thu gom rác thải", datchuan.TaskDoing, datchuan.Date{}, []string{}, "", utcNow
		want.Version = 2
		wantEqual(t, &want, &change, "after UpdateTask")
		got, err = ts.Task(ctx, task.ID)
		must(t, err)
		wantEqual(t, &want, got, "Task after UpdateTask")

		missing := want
		missing.ID = 1 << 40
		wantCode(t, ts.UpdateTask(ctx, &missing), datchuan.ENOTFOUND)
		_, err = ts.Task(ctx, 1<<40)
		wantCode(t, err, datchuan.ENOTFOUND)
		bad := want
		bad.Status = "later"
		wantCode(t, ts.UpdateTask(ctx, &bad), datchuan.EINVALID)
		bad = want
		bad.AssigneeID = 1 << 40
		wantCode(t, ts.UpdateTask(ctx, &bad), datchuan.EINVALID)
		bad = want
		bad.Files = []string{strings.Repeat("f", 64)}
		wantCode(t, ts.UpdateTask(ctx, &bad), datchuan.EINVALID)
		got, err = ts.Task(ctx, task.ID)
		must(t, err)
		wantEqual(t, &want, got, "refused updates changed the task")
	})
}

func TestTasksOrderAndFilter(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		ts := db.Stores().Tasks
		other := mustPerson(t, db, "Sơn Văn Kha")
		for _, task := range []*datchuan.Task{
			{UnitID: w.c1, AssigneeID: w.member, Title: "a: no due date"},
			{UnitID: w.c1, AssigneeID: w.member, Title: "b: 10/7", Due: datchuan.NewDate(2022, 7, 10)},
			{UnitID: w.c1, AssigneeID: other.ID, Title: "c: 1/7", Due: datchuan.NewDate(2022, 7, 1), Status: datchuan.TaskDone},
			{UnitID: w.c2, AssigneeID: other.ID, Title: "d: 1/7", Due: datchuan.NewDate(2022, 7, 1), Status: datchuan.TaskDoing},
			{UnitID: w.c2, AssigneeID: other.ID, Title: "e: no due date"},
		} {
			must(t, ts.CreateTask(ctx, task))
		}
		for name, tc := range map[string]struct {
			f    datchuan.TaskFilter
			want []string
		}{
			"all":       {datchuan.TaskFilter{}, []string{"c: 1/7", "d: 1/7", "b: 10/7", "a: no due date", "e: no due date"}},
			"unit":      {datchuan.TaskFilter{UnitIDs: []int64{w.c2}}, []string{"d: 1/7", "e: no due date"}},
			"no units":  {datchuan.TaskFilter{UnitIDs: []int64{}}, []string{}},
			"assignee":  {datchuan.TaskFilter{AssigneeIDs: []int64{w.member}}, []string{"b: 10/7", "a: no due date"}},
			"open":      {datchuan.TaskFilter{Open: true}, []string{"d: 1/7", "b: 10/7", "a: no due date", "e: no due date"}},
			"open of c": {datchuan.TaskFilter{UnitIDs: []int64{w.c1}, AssigneeIDs: []int64{other.ID}, Open: true}, []string{}},
		} {
			wantEqual(t, tc.want, taskTitles(mustFind(t, ts.Tasks, tc.f)), "%s", name)
		}
	})
}

func TestCreateTaskRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := mustPlanWorld(t, db)
		ts := db.Stores().Tasks
		for name, change := range map[string]func(t *datchuan.Task){
			"no title":         func(t *datchuan.Task) { t.Title = "" },
			"no unit":          func(t *datchuan.Task) { t.UnitID = 0 },
			"no assignee":      func(t *datchuan.Task) { t.AssigneeID = 0 },
			"unknown status":   func(t *datchuan.Task) { t.Status = "blocked" },
			"unknown unit":     func(t *datchuan.Task) { t.UnitID = 1 << 40 },
			"unknown assignee": func(t *datchuan.Task) { t.AssigneeID = 1 << 40 },
			"unknown file":     func(t *datchuan.Task) { t.Files = []string{strings.Repeat("0", 64)} },
		} {
			task := &datchuan.Task{UnitID: w.c1, AssigneeID: w.member, Title: "Tuyên truyền"}
			change(task)
			wantCode(t, ts.CreateTask(ctx, task), datchuan.EINVALID)
			if task.ID != 0 {
				t.Errorf("%s: refused task got ID %d", name, task.ID)
			}
		}
		if got := mustFind(t, ts.Tasks, datchuan.TaskFilter{}); len(got) != 0 {
			t.Errorf("%d tasks after refused creations", len(got))
		}
	})
}
