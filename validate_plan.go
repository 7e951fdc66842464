package datchuan

import "fmt"

// What a plan, its assignments, member tasks, guidance and approval items
// may hold: their Validate, beside the general rules and limits of
// validate.go.

// Validate checks what a plan document cannot lack.
func (pl *Plan) Validate() error {
	p := Problems{}
	p.text(FieldNumber, pl.Number, true, MaxNumber, "số, ký hiệu")
	if pl.Date.IsZero() {
		p.Add(FieldDate, "Cần ngày ban hành, dạng dd/mm/yyyy (the date is required)")
	}
	p.text(FieldTitle, pl.Title, true, MaxTitle, "trích yếu")
	p.text(FieldIssuer, pl.Issuer, false, MaxName, "cơ quan ban hành")
	p.text(FieldSigner, pl.Signer, false, MaxName, "người ký")
	if pl.ProvinceID == 0 {
		p.Add(FieldUnits, "Kế hoạch chưa có tỉnh (plan without a province)")
	}
	p.files(FieldFiles, len(pl.Files), MaxPlanFiles)
	return p.Err()
}

// Validate checks one assignment: a unit, a criterion of a set, a lead that
// does not also support, a deadline, known outputs, a note within its
// limit.
func (a *Assignment) Validate() error {
	p := Problems{}
	if a.UnitID == 0 {
		p.Add(FieldUnits, "Chọn một huyện (mọi xã) hoặc từng xã (choose a district or communes)")
	}
	if blank(a.SetID) || blank(a.CriterionCode) {
		p.Add(FieldCriteria, "Chọn một tiêu chí hoặc chỉ tiêu của bộ tiêu chí (choose a criterion or indicator)")
	}
	if a.LeadID == 0 {
		p.Add(FieldLead, "Chọn cơ quan chủ trì (choose the lead agency)")
	}
	for _, id := range a.SupportIDs {
		if id == a.LeadID && id != 0 {
			p.Add(FieldSupports, "Cơ quan chủ trì không đồng thời là cơ quan phối hợp (the lead cannot also support)")
		}
	}
	if a.Deadline.IsZero() {
		p.Add(FieldDeadline, "Cần hạn hoàn thành, dạng dd/mm/yyyy (the deadline is required)")
	}
	for _, o := range a.Outputs {
		if !o.Valid() {
			p.Add(FieldCriteria, "Sản phẩm %q không hợp lệ (invalid output)", o)
		}
	}
	p.lines(FieldNote, a.Note, false, MaxText, "ghi chú")
	return p.Err()
}

// ValidateAssignments checks a batch written together (a bulk assignment,
// an imported table): each row as Validate, and no two rows for the same
// unit and criterion. A problem names its row, counted from 1.
func ValidateAssignments(as []*Assignment) error {
	type key struct {
		unit           int64
		set, crit, ind string
	}
	first := make(map[key]int, len(as))
	for i, a := range as {
		n := i + 1
		if a == nil {
			return rowProblem(n, "dòng trống", "empty row")
		}
		if err := a.Validate(); err != nil {
			t := ErrorText(err)
			return rowProblem(n, t.Vi, t.In("en"))
		}
		k := key{a.UnitID, a.SetID, a.CriterionCode, a.IndicatorCode}
		if m, ok := first[k]; ok {
			return rowProblem(n, fmt.Sprintf("trùng đơn vị và tiêu chí với dòng %d", m), fmt.Sprintf("same unit and criterion as row %d", m))
		}
		first[k] = n
	}
	return nil
}

func rowProblem(n int, vi, en string) error {
	return NewError(EINVALID, Text{fmt.Sprintf("Dòng %d: %s", n, vi), fmt.Sprintf("Row %d: %s", n, en)})
}

// Validate checks a member task.
func (t *Task) Validate() error {
	p := Problems{}
	p.text(FieldTitle, t.Title, true, MaxTitle, "tên nhiệm vụ")
	if t.AssigneeID == 0 {
		p.Add(FieldAssignee, "Chọn người được giao trong danh sách (choose a member from the list)")
	}
	if t.UnitID == 0 {
		p.Add(FieldUnits, "Nhiệm vụ chưa có xã (task without a commune)")
	}
	switch t.Status {
	case TaskTodo, TaskDoing, TaskDone:
	default:
		p.Add(FieldStatus, "Chọn một trạng thái (choose a status)")
	}
	p.lines(FieldNotes, t.Notes, false, MaxText, "ghi chú")
	p.files(FieldFiles, len(t.Files), MaxTaskFiles)
	return p.Err()
}

// Validate checks a guidance document before it is published.
func (g *Guidance) Validate(today Date) error {
	p := Problems{}
	p.text(FieldNumber, g.Number, true, MaxNumber, "số, ký hiệu văn bản")
	p.text(FieldTitle, g.Title, true, MaxTitle, "trích yếu")
	if g.Date.IsZero() {
		p.Add(FieldDate, "Cần ngày ban hành, dạng dd/mm/yyyy (the date is required)")
	}
	p.notAfter(FieldDate, g.Date, today, "ngày ban hành")
	if blank(g.SetID) || blank(g.CriterionCode) {
		p.Add(FieldCriteria, "Chọn tiêu chí hoặc chỉ tiêu (choose a criterion or indicator)")
	}
	if g.AgencyID == 0 {
		p.Add(FieldAgency, "Chọn cơ quan ban hành (choose the publishing agency)")
	}
	if g.File == "" {
		p.Add(FieldFile, "Cần tệp văn bản hướng dẫn (PDF, Word…) (the document file is required)")
	}
	return p.Err()
}

// Validate checks an approval item in its state: a title and an agency
// always; the decision number and date once approved; the reason once
// returned.
func (a *Approval) Validate(today Date) error {
	p := Problems{}
	p.text(FieldTitle, a.Title, true, MaxTitle, "tên nội dung trình phê duyệt")
	if a.AgencyID == 0 {
		p.Add(FieldAgency, "Chọn cơ quan chuẩn bị hồ sơ (choose the preparing agency)")
	}
	p.files(FieldFiles, len(a.Files), MaxApprovalFiles)
	switch a.State {
	case ApprovalApproved:
		p.text(FieldDecNum, a.DecisionNumber, true, MaxNumber, "số quyết định phê duyệt")
		if a.DecisionDate.IsZero() {
			p.Add(FieldDecDate, "Cần ngày quyết định, dạng dd/mm/yyyy (decision date required)")
		}
		p.notAfter(FieldDecDate, a.DecisionDate, today, "ngày quyết định")
	case ApprovalReturned:
		p.noDecisionFile(a)
		if blank(a.Reason) {
			p.Add(FieldReason, "Cần nêu lý do trả lại để cơ quan biết phải sửa gì (a reason is required)")
		}
		p.lines(FieldReason, a.Reason, false, MaxText, "lý do")
	case ApprovalDraft, ApprovalSubmitted:
		p.noDecisionFile(a)
	default:
		p.Add(FieldStatus, "Trạng thái %q không hợp lệ (invalid state)", a.State)
	}
	return p.Err()
}

// noDecisionFile refuses a signed decision on an item the committee has
// not approved: the scan is the proof of an approval, nothing else.
func (p Problems) noDecisionFile(a *Approval) {
	if a.DecisionFile != "" {
		p.Add(FieldDecFile, "Chỉ hồ sơ đã được phê duyệt mới có bản quyết định đã ký (only an approved item has a signed decision)")
	}
}

// CanMoveTo reports whether an item in state s may move to state to: draft
// → submitted → approved | returned, and returned → submitted.
func (s ApprovalState) CanMoveTo(to ApprovalState) bool {
	switch s {
	case ApprovalDraft, ApprovalReturned:
		return to == ApprovalSubmitted
	case ApprovalSubmitted:
		return to == ApprovalApproved || to == ApprovalReturned
	}
	return false
}

// LabelVi names the state in messages.
func (s ApprovalState) LabelVi() string {
	switch s {
	case ApprovalDraft:
		return "dự thảo"
	case ApprovalSubmitted:
		return "đã trình"
	case ApprovalApproved:
		return "đã phê duyệt"
	case ApprovalReturned:
		return "bị trả lại"
	}
	return string(s)
}
