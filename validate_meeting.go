package datchuan

import "time"

// Limits of meetings, in characters and items.
const (
	MaxMeetingText      = 8000 // the conclusions of a meeting: a page or two
	MaxMeetingAttendees = 100  // lines of one meeting's attendance
	MaxMeetingDecisions = 50   // decisions of one meeting
)

// Field names of the meeting forms. A line of a list is named with
// ItemField ("attendee_name-3"), so that its problem shows beside it.
const (
	FieldMeetingAt          = "at"
	FieldMeetingPlace       = "place"
	FieldMeetingChair       = "chair"
	FieldMeetingSecretary   = "secretary"
	FieldMeetingNote        = "note"
	FieldMeetingConclusions = "conclusions"
	FieldAttendeeName       = "attendee_name"
	FieldAttendeeRole       = "attendee_role"
	FieldAttendeeReason     = "attendee_reason"
	FieldDecisionText       = "decision_text"
	FieldDecisionOwner      = "decision_owner"
	FieldDecisionDue        = "decision_due"
)

// Validate checks a series: its committee and unit, a title, a weekday and
// an hour, and its texts.
func (ms *MeetingSeries) Validate() error {
	p := Problems{}
	if ms.ProvinceID == 0 || ms.UnitID == 0 || ms.AgencyID == 0 {
		p.Add(FieldAgency, "Chưa xác định được Ban Chỉ đạo họp (no committee for the series)")
	}
	p.text(FieldTitle, ms.Title, true, MaxTitle, "tên cuộc họp")
	if ms.Schedule.Weekday < time.Sunday || ms.Schedule.Weekday > time.Saturday {
		p.Add(FieldWeekday, "Chọn một ngày trong tuần (choose a weekday)")
	}
	if ms.Schedule.Hour < 0 || ms.Schedule.Hour > 23 {
		p.Add(FieldHour, "Giờ họp từ 0 đến 23 (the hour is 0 to 23)")
	}
	p.text(FieldMeetingPlace, ms.Place, false, MaxTitle, "địa điểm")
	p.text(FieldMeetingChair, ms.Chair, false, MaxName, "người chủ trì")
	return p.Err()
}

// Validate checks a meeting as planned, recorded, held or cancelled: its
// moment, its texts, each line of its attendance and each decision, the
// reason of a cancelled one, and the agenda a held one keeps.
func (m *Meeting) Validate() error {
	p := Problems{}
	if m.SeriesID == 0 {
		p.Add(FieldMeetingAt, "Cuộc họp chưa thuộc lịch họp nào (meeting without a series)")
	}
	if m.At.IsZero() {
		p.Add(FieldMeetingAt, "Cần ngày họp, dạng dd/mm/yyyy (the date is required)")
	} else if err := m.Day().CheckRange(); err != nil {
		p.Add(FieldMeetingAt, "%s", ErrorText(err).Vi)
	}
	if !m.State.Valid() {
		p.Add(FieldStatus, "Trạng thái cuộc họp không hợp lệ (unknown meeting state)")
	}
	p.text(FieldMeetingPlace, m.Place, false, MaxTitle, "địa điểm")
	p.text(FieldMeetingChair, m.Chair, false, MaxName, "người chủ trì")
	p.text(FieldMeetingSecretary, m.Secretary, false, MaxName, "thư ký")
	p.lines(FieldMeetingNote, m.Note, m.State == MeetingCancelled, MaxText, "lý do hủy")
	p.lines(FieldMeetingConclusions, m.Conclusions, false, MaxMeetingText, "kết luận")
	m.validateLists(p)
	if m.State == MeetingHeld && m.Agenda == nil {
		p.Add(FieldStatus, "Cuộc họp đã họp cần chương trình họp đã chốt (a held meeting keeps its agenda)")
	}
	return p.Err()
}

// validateLists checks the attendance and the decisions, line by line.
func (m *Meeting) validateLists(p Problems) {
	if len(m.Attendance) > MaxMeetingAttendees {
		p.Add(FieldAttendeeName, "Tối đa %d người dự họp (at most %d attendees)", MaxMeetingAttendees, MaxMeetingAttendees)
	}
	for i, a := range m.Attendance {
		p.text(ItemField(FieldAttendeeName, i), a.Name, true, MaxName, "họ tên người dự họp")
		p.text(ItemField(FieldAttendeeRole, i), a.Role, false, MaxName, "chức vụ, cơ quan")
		p.text(ItemField(FieldAttendeeReason, i), a.Reason, false, MaxTitle, "lý do vắng")
	}
	if len(m.Decisions) > MaxMeetingDecisions {
		p.Add(FieldDecisionText, "Tối đa %d nội dung giao việc (at most %d decisions)", MaxMeetingDecisions, MaxMeetingDecisions)
	}
	for i, d := range m.Decisions {
		p.lines(ItemField(FieldDecisionText, i), d.Text, true, MaxText, "nội dung giao việc")
		p.text(ItemField(FieldDecisionOwner, i), d.OwnerName, false, MaxName, "người thực hiện")
		if !d.Due.IsZero() {
			if err := d.Due.CheckRange(); err != nil {
				p.Add(ItemField(FieldDecisionDue, i), "%s", ErrorText(err).Vi)
			}
		}
	}
}
