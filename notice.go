package datchuan

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Notice is something a person is told, caused by a change and written in
// its transaction: a line in the app at once and, when mail is on, either
// an e-mail to each of the person's accounts at once (what asks them to act
// now: a value returned, a task given, an approval decided) or, for a
// Digest notice, a line in their next daily digest (what they should know:
// new assignments, a value waiting for them, a value confirmed, an item
// submitted), so that a busy day is one mail, not dozens.
type Notice struct {
	PersonID      int64
	Text, Link    string // the in-app line and where it leads; a digest shows them too
	Subject, Body string // the mail; the link is appended to the body
	Key           string // makes the mail unique: "returned:<value>"
	Digest        bool   // told in the daily digest, never mailed on its own
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

// The notices below are Digest notices: a line in the app and in the
// person's next daily digest, no mail of their own.

// AssignedNotice tells an officer (person) of an agency of the rows of a
// plan newly given to the agency: those it now leads and those it now
// supports. unitName names the unit of a row. ok is false when there is
// none.
func AssignedNotice(person int64, agency string, plan *Plan, lead, support []*Assignment, unitName func(int64) string) (n Notice, ok bool) {
	var parts []string
	if len(lead) > 0 {
		parts = append(parts, "chủ trì "+assignedWhat(lead, unitName))
	}
	if len(support) > 0 {
		parts = append(parts, "phối hợp "+assignedWhat(support, unitName))
	}
	if len(parts) == 0 {
		return Notice{}, false
	}
	return Notice{
		PersonID: person,
		Text:     fmt.Sprintf("%s được giao %s (kế hoạch %s)", agency, strings.Join(parts, "; "), plan.Number),
		Link:     "/viec-cua-toi",
		Digest:   true,
	}, true
}

// assignedWhat says what rows ask for, where and by when: "tiêu chí 17
// của Xã Nhị Trường, hạn 30/09/2022", "tiêu chí 17 ở 13 đơn vị, hạn sớm
// nhất 30/09/2022".
func assignedWhat(rows []*Assignment, unitName func(int64) string) string {
	var what []string
	units := map[int64]bool{}
	first, same := rows[0].Deadline, true
	for _, a := range rows {
		w := "tiêu chí " + a.CriterionCode
		if a.IndicatorCode != "" {
			w = "chỉ tiêu " + a.IndicatorCode
		}
		if !slices.Contains(what, w) {
			what = append(what, w)
		}
		units[a.UnitID] = true
		same = same && a.Deadline == first
		if a.Deadline.Before(first) {
			first = a.Deadline
		}
	}
	if len(what) > 3 {
		what = append(what[:3], "…")
	}
	where := "của " + unitName(rows[0].UnitID)
	if len(units) > 1 {
		where = fmt.Sprintf("ở %d đơn vị", len(units))
	}
	due := "hạn " + first.VN()
	if !same {
		due = "hạn sớm nhất " + first.VN()
	}
	return strings.Join(what, ", ") + " " + where + ", " + due
}

// WaitingNotice tells an officer (person) of a department leading the
// indicator that a reported value waits for their confirmation.
func WaitingNotice(person int64, v *Value, u *Unit) Notice {
	return Notice{
		PersonID: person,
		Text:     fmt.Sprintf("Số liệu chỉ tiêu %s của %s chờ xác nhận: %s, ngày số liệu %s", v.IndicatorCode, u.Name, v.Measure, v.AsOf.VN()),
		Link:     "/xac-nhan",
		Digest:   true,
	}
}

// ConfirmedNotice tells the reporter of a value that it was confirmed.
func ConfirmedNotice(v *Value, u *Unit) Notice {
	return Notice{
		PersonID: v.ReportedBy,
		Text:     fmt.Sprintf("Số liệu chỉ tiêu %s của %s đã được xác nhận: %s, ngày số liệu %s", v.IndicatorCode, u.Name, v.Measure, v.AsOf.VN()),
		Link:     "/don-vi/" + u.Code,
		Digest:   true,
	}
}

// SubmittedNotice tells an officer (person) of the coordination office
// that an agency submitted an approval item.
func SubmittedNotice(person int64, a *Approval, agency string) Notice {
	return Notice{
		PersonID: person,
		Text:     fmt.Sprintf("%s trình phê duyệt hồ sơ \"%s\"", agency, a.Title),
		Link:     "/phe-duyet/" + strconv.FormatInt(a.ID, 10),
		Digest:   true,
	}
}
