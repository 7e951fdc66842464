package work

import (
	"testing"

	"github.com/datchuan/datchuan"
)

func TestDueDates(t *testing.T) {
	today := datchuan.NewDate(2022, 9, 23)
	for _, c := range []struct {
		due           datchuan.Date
		done          bool
		overdue, soon bool
	}{
		{due: datchuan.NewDate(2022, 9, 22), overdue: true}, // yesterday
		{due: today, soon: true},                            // due today is not late yet
		{due: datchuan.NewDate(2022, 9, 30), soon: true},    // the 7th day ahead
		{due: datchuan.NewDate(2022, 10, 1)},                // the 8th
		{due: datchuan.NewDate(2022, 9, 1), done: true},     // done work is never late
		{}, // no deadline
	} {
		a := &datchuan.Assignment{Deadline: c.due, Done: c.done}
		st := datchuan.TaskTodo
		if c.done {
			st = datchuan.TaskDone
		}
		task := &datchuan.Task{Due: c.due, Status: st}
		if got := a.Overdue(today); got != c.overdue {
			t.Errorf("assignment due %s (done %v): overdue %v, want %v", c.due.VN(), c.done, got, c.overdue)
		}
		if got := TaskOverdue(task, today); got != c.overdue {
			t.Errorf("task due %s: overdue %v, want %v", c.due.VN(), got, c.overdue)
		}
		if got := TaskDueSoon(task, today); got != c.soon && !c.done {
			t.Errorf("task due %s: soon %v, want %v", c.due.VN(), got, c.soon)
		}
	}
}
