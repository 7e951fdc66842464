package datchuan

import (
	"fmt"
	"strconv"
	"time"
)

// RoundLink is the page of a round.
func RoundLink(roundID int64) string { return "/dot-bao-cao/" + strconv.FormatInt(roundID, 10) }

// ReportFormLink is an agency's report in a round.
func ReportFormLink(roundID, agencyID int64) string {
	return RoundLink(roundID) + "/co-quan/" + strconv.FormatInt(agencyID, 10)
}

// deadlineVN is a deadline as people say it: "16:00 thứ Sáu 09/09/2022".
func deadlineVN(t time.Time) string {
	t = t.In(Vietnam())
	return fmt.Sprintf("%s %s %s", t.Format("15:04"), weekdaysVi[t.Weekday()], DateOf(t).VN())
}

// DeadlineVN is the round's deadline in words.
func (r *Round) DeadlineVN() string { return deadlineVN(r.Deadline) }

// RoundOpenedNotice tells an officer (person) of an expected reporter that
// a round is open (in the app and the digest).
func RoundOpenedNotice(person int64, r *Round, plan *Plan, agencyID int64, agency string) Notice {
	return Notice{
		PersonID: person,
		Text:     fmt.Sprintf("Mở %s, Kế hoạch %s: %s báo cáo trước %s", r.Label(), plan.Number, agency, r.DeadlineVN()),
		Link:     ReportFormLink(r.ID, agencyID),
		Digest:   true,
	}
}

// ReportDueNotice reminds an officer (person) of a reporter that has not
// sent its report yet; on the deadline's day, or the day before.
func ReportDueNotice(person int64, r *Round, agencyID int64, agency string, today Date) Notice {
	when := "ngày mai"
	if DateOf(r.Deadline.In(Vietnam())) == today {
		when = "hôm nay"
	}
	return Notice{
		PersonID: person,
		Text:     fmt.Sprintf("%s chưa gửi báo cáo của %s; hạn %s (%s)", agency, r.Label(), r.DeadlineVN(), when),
		Link:     ReportFormLink(r.ID, agencyID),
		Digest:   true,
	}
}

// ReportSentNotice tells an officer (person) of the coordination office
// that an agency sent its report.
func ReportSentNotice(person int64, r *Round, rep *Report, agency string) Notice {
	late := ""
	if TimelinessOf(rep, r.Deadline) == Late {
		late = " (trễ hạn)"
	}
	what := "gửi báo cáo"
	if rep.Revision > 1 {
		what = fmt.Sprintf("gửi lại báo cáo (lần %d)", rep.Revision)
	}
	return Notice{
		PersonID: person,
		Text:     fmt.Sprintf("%s đã %s, %s%s", agency, what, r.Label(), late),
		Link:     ReportFormLink(r.ID, rep.AgencyID),
		Digest:   true,
	}
}

// ReportReturnedNotice tells an officer (person) of a reporter that its
// report was sent back: mailed at once, since it asks them to act.
func ReportReturnedNotice(person int64, r *Round, rep *Report) Notice {
	return Notice{
		PersonID: person,
		Text:     fmt.Sprintf("Báo cáo %s bị trả lại: %s", r.Label(), rep.ReturnReason),
		Link:     ReportFormLink(r.ID, rep.AgencyID),
		Subject:  "Báo cáo tuần bị trả lại",
		Body:     fmt.Sprintf("Văn phòng Điều phối trả lại báo cáo %s với lý do:\n\n%s\n\nVui lòng sửa và gửi lại.", r.Label(), rep.ReturnReason),
		Key:      fmt.Sprintf("report-returned:%d:%d", rep.ID, rep.Version),
	}
}
