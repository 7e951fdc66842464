package datchuan

import (
	"fmt"
	"strconv"
)

// Notice is something a person is told at once, caused by a change and
// written in its transaction: a line in the app and, when mail is on, an
// e-mail to each of the person's accounts.
type Notice struct {
	PersonID      int64
	Text, Link    string // the in-app line and where it leads
	Subject, Body string // the mail; the link is appended to the body
	Key           string // makes the mail unique: "returned:<value>"
}

// Mail returns the e-mail of the notice to one account; baseURL makes the
// link absolute.
func (n Notice) Mail(to *User, baseURL string) *Mail {
	return &Mail{To: to.Email, Key: n.Key + ":" + strconv.FormatInt(to.ID, 10), Subject: "[datchuan] " + n.Subject,
		Body: fmt.Sprintf("Kính gửi %s,\n\n%s\n\nXem: %s%s\n\n-- \nThư tự động của datchuan.\n", to.Name, n.Body, baseURL, n.Link)}
}

// ReportLink is the report form of an indicator of a unit.
func ReportLink(unitCode, setID, indicator string) string {
	return "/don-vi/" + unitCode + "/bao-cao/" + setID + "/" + indicator
}

// ReturnedNotice tells the reporter of a returned value why.
func ReturnedNotice(v *Value, u *Unit, reason string) Notice {
	return Notice{
		PersonID: v.ReportedBy,
		Text:     fmt.Sprintf("Số liệu chỉ tiêu %s của %s bị trả lại: %s", v.IndicatorCode, u.Name, reason),
		Link:     ReportLink(u.Code, v.SetID, v.IndicatorCode),
		Subject:  fmt.Sprintf("Số liệu bị trả lại: %s — chỉ tiêu %s", u.Name, v.IndicatorCode),
		Body: fmt.Sprintf("Số liệu chỉ tiêu %s của %s (giá trị %s, ngày số liệu %s) đã bị trả lại.\nLý do: %s\n\nSửa và gửi lại theo đường dẫn dưới đây.",
			v.IndicatorCode, u.Name, v.Measure.String(), v.AsOf.VN(), reason),
		Key: "returned:" + strconv.FormatInt(v.ID, 10),
	}
}

// TaskNotice tells a committee member of the task given to them by the
// actor; ok is false for a task one gives oneself.
func TaskNotice(t *Task, u *Unit, by Actor) (n Notice, ok bool) {
	if t.AssigneeID == by.PersonID {
		return Notice{}, false
	}
	due := "không có hạn"
	if !t.Due.IsZero() {
		due = "hạn " + t.Due.VN()
	}
	return Notice{
		PersonID: t.AssigneeID,
		Text:     fmt.Sprintf("%s giao nhiệm vụ: %s (%s, %s)", by.Name, t.Title, u.Name, due),
		Link:     "/don-vi/" + u.Code + "/nhiem-vu#t-" + strconv.FormatInt(t.ID, 10),
		Subject:  "Nhiệm vụ mới: " + t.Title,
		Body:     fmt.Sprintf("%s giao cho bạn nhiệm vụ \"%s\" của %s, %s.", by.Name, t.Title, u.Name, due),
		Key:      "task:" + strconv.FormatInt(t.ID, 10),
	}, true
}

// ApprovalNotice tells the person who drafted an approval item (creator)
// of the decision on it; ok is false for a move that is no decision.
func ApprovalNotice(a *Approval, creator int64) (n Notice, ok bool) {
	if a.State != ApprovalApproved && a.State != ApprovalReturned || creator == 0 {
		return Notice{}, false
	}
	what := "đã được phê duyệt, quyết định số " + a.DecisionNumber + " ngày " + a.DecisionDate.VN()
	if a.State == ApprovalReturned {
		what = "bị trả lại: " + a.Reason
	}
	return Notice{
		PersonID: creator,
		Text:     fmt.Sprintf("Hồ sơ \"%s\" %s", a.Title, what),
		Link:     "/phe-duyet/" + strconv.FormatInt(a.ID, 10),
		Subject:  "Hồ sơ trình phê duyệt: " + a.Title,
		Body:     fmt.Sprintf("Hồ sơ \"%s\" %s.", a.Title, what),
		Key:      "approval:" + strconv.FormatInt(a.ID, 10) + ":v" + strconv.Itoa(a.Version),
	}, true
}
