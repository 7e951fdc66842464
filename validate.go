package datchuan

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of what people type, counted in characters (a Vietnamese letter
// takes two or three bytes; a limit in bytes would refuse a shorter
// Vietnamese text than the message says).
const (
	MaxTitle  = 500  // a title, a trích yếu
	MaxText   = 2000 // a comment, notes, a reason, a note
	MaxNumber = 100  // a document number: "45/KH-BCĐ"
	MaxName   = 200  // a person's name, an issuer, a signer, an agency
	MaxLogin  = 64
	MaxEmail  = 254
	MaxSearch = 100 // words looked for: a name with its district and province is shorter

	MaxEvidenceFiles = 5  // files of one report
	MaxTaskFiles     = 5  // files of one task
	MaxPlanFiles     = 20 // files of one plan (the plan and its appendices)
	MaxApprovalFiles = 10 // files of one approval item
)

// Field names of Problems, shared with the forms that show them.
const (
	FieldValue    = "value"
	FieldAsOf     = "as_of"
	FieldComment  = "comment"
	FieldEvidence = "evidence"
	FieldReplace  = "replace_confirmed" // the reporter's yes to replacing a confirmed value
	FieldReason   = "reason"
	FieldDecision = "decision"
	FieldTitle    = "title"
	FieldNumber   = "number"
	FieldDate     = "date"
	FieldIssuer   = "issuer"
	FieldSigner   = "signer"
	FieldFiles    = "files"
	FieldFile     = "file"
	FieldCriteria = "criterion"
	FieldLead     = "lead"
	FieldSupports = "supports"
	FieldDeadline = "deadline"
	FieldNote     = "note"
	FieldUnits    = "units"
	FieldAssignee = "assignee"
	FieldDue      = "due"
	FieldNotes    = "notes"
	FieldStatus   = "status"
	FieldAgency   = "agency"
	FieldDecNum   = "decision_number"
	FieldDecDate  = "decision_date"
	FieldDecFile  = "decision_file"
	FieldPaper    = "paper" // the dossier paper an approval item serves
	FieldLogin    = "login"
	FieldName     = "name"
	FieldEmail    = "email"
	FieldLang     = "lang"
	FieldCode     = "code"
	FieldKind     = "kind"
)

// chars counts the characters of s.
func chars(s string) int { return utf8.RuneCountInString(s) }

// blank reports whether s has nothing but spaces.
func blank(s string) bool { return strings.TrimSpace(s) == "" }

// text checks a one-line text field (a title, a name, a number): required
// or not, at most max characters, nothing but characters people type.
func (p Problems) text(field, s string, required bool, max int, what string) {
	p.textOf(field, s, required, max, what, false)
}

// lines is text for a field of several lines (a comment, notes, a reason),
// where tabs and line breaks are text too.
func (p Problems) lines(field, s string, required bool, max int, what string) {
	p.textOf(field, s, required, max, what, true)
}

func (p Problems) textOf(field, s string, required bool, max int, what string, lines bool) {
	switch {
	case required && blank(s):
		p.Add(field, "Cần %s (%s required)", what, field)
	case chars(s) > max:
		p.Add(field, "%s dài %d ký tự, quá %d ký tự cho phép (%s longer than %d characters)",
			capital(what), chars(s), max, field, max)
	default:
		p.typed(field, s, lines, what)
	}
}

// typed checks that s holds only what people type (Typed), naming the
// character that is not.
func (p Problems) typed(field, s string, lines bool, what string) {
	switch r, notUTF8, found := untyped(s, lines); {
	case notUTF8:
		p.Add(field, "%s có byte không phải chữ UTF-8; hãy gõ lại hoặc dán dạng văn bản thường (%s is not valid UTF-8 text)", capital(what), field)
	case found:
		p.Add(field, "%s chứa ký tự điều khiển %U, không gõ được từ bàn phím; hãy xóa ký tự đó (%s contains the control character %U)", capital(what), r, field, r)
	}
}

// Typed reports whether s holds only what people type: no control
// character (a NUL byte, an escape; tabs and line breaks are text only
// where lines allows several lines) and nothing that is not UTF-8. Such
// bytes come from a program or a damaged paste, never from a keyboard,
// and PostgreSQL cannot store a NUL at all. Every Validate checks its
// texts so (Problems.text and lines), and so do the inputs that have no
// Validate: codes in a path and the words of a search (UnitFilter), a
// login looked up.
func Typed(s string, lines bool) bool {
	_, _, found := untyped(s, lines)
	return !found
}

// untyped finds the first character of s that nobody types; notUTF8 says
// it is a byte that is no UTF-8 at all.
func untyped(s string, lines bool) (r rune, notUTF8, found bool) {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return r, true, true
			}
		}
		if lines && (r == '\t' || r == '\n' || r == '\r') {
			continue
		}
		if unicode.IsControl(r) {
			return r, false, true
		}
	}
	return 0, false, false
}

// files checks the number of files of a field.
func (p Problems) files(field string, n, max int) {
	if n > max {
		p.Add(field, "Tối đa %d tệp; đã chọn %d (at most %d files)", max, n, max)
	}
}

// notAfter checks that a date is not after today.
func (p Problems) notAfter(field string, d, today Date, what string) {
	if !d.IsZero() && !today.IsZero() && today.Before(d) {
		p.Add(field, "%s không được sau hôm nay (%s cannot be in the future)", capital(what), field)
	}
}

func capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return strings.ToUpper(string(r)) + s[n:]
}

// ParseDate reads a date field written dd/mm/yyyy (or yyyy-mm-dd): a zero
// date and a problem when it is not one; a blank field is a problem only
// when required.
func (p Problems) ParseDate(field, s string, required bool) Date {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			p.Add(field, "Cần ngày, dạng dd/mm/yyyy (date required, dd/mm/yyyy)")
		}
		return Date{}
	}
	d, err := ParseDate(s)
	if err != nil {
		p.put(field, ErrorText(err)) // a wrong shape, or a day not in the calendar
		return Date{}
	}
	return d
}

// Validate checks a report before it is stored: the measure fits the
// indicator, the as-of date is given and not in the future, the comment
// and the evidence are within their limits, and evidence is there when
// the indicator's set requires it for every report. cur is the value the
// report takes the place of (the latest report of the indicator for the
// unit; nil for none): a confirmed value counts as met, so replacing it is
// never silent. The reporter must say so (replace), having been shown the
// value and the day it was confirmed, and the new report needs evidence
// (new files, or the earlier ones kept).
func (v *Value) Validate(ind *Indicator, cur *Value, replace bool, today Date) error {
	p := Problems{}
	if ind == nil {
		p.Add(FieldValue, "Không có chỉ tiêu %s (no such indicator)", v.IndicatorCode)
	} else if err := v.Measure.Fits(ind.Kind); err != nil {
		p.put(FieldValue, ErrorText(err))
	}
	if v.AsOf.IsZero() {
		p.Add(FieldAsOf, "Cần ngày số liệu, dạng dd/mm/yyyy (the as-of date is required)")
	}
	p.notAfter(FieldAsOf, v.AsOf, today, "ngày số liệu")
	p.lines(FieldComment, v.Comment, false, MaxText, "ghi chú")
	p.files(FieldEvidence, len(v.Evidence), MaxEvidenceFiles)
	if v.Supersedes(cur) && cur.State == StateConfirmed {
		if !replace {
			p.put(FieldReplace, ReplaceQuestion(cur))
		}
		if len(v.Evidence) == 0 {
			p.Add(FieldEvidence, "Thay số liệu đã xác nhận cần minh chứng: đính kèm tệp mới hoặc giữ minh chứng cũ (Replacing a confirmed value needs evidence: attach new files or keep the earlier evidence)")
		}
	}
	if ind != nil && ind.EvidenceRequired && len(v.Evidence) == 0 {
		p.Add(FieldEvidence, "Chỉ tiêu này cần minh chứng cho mỗi lần báo cáo: đính kèm ít nhất một tệp (This indicator needs evidence with every report: attach at least one file)")
	}
	return p.Err()
}

// ReplaceQuestion is what a reporter is asked before a report replaces
// cur, a confirmed value: the value, its as-of date and the day it was
// confirmed, and what replacing it does.
func ReplaceQuestion(cur *Value) Text {
	on := DateOf(cur.ReviewedAt.In(Vietnam())).VN()
	return Textf("Số liệu hiện tại %s, tính đến ngày %s, đã được xác nhận ngày %s. Báo cáo mới sẽ thay thế số liệu đã xác nhận và chỉ tiêu phải chờ xác nhận lại. Nếu đúng ý bạn, hãy xác nhận thay thế rồi gửi lại (The current value %s, as of %s, was confirmed on %s. A new report replaces the confirmed value, and the indicator waits for confirmation again. If that is what you mean, confirm the replacement and send again)",
		cur.Measure, cur.AsOf.VN(), on, cur.Measure, cur.AsOf.VN(), on)
}

// Fits checks that a measure is a possible value of an indicator of kind:
// the right shape, no negative number, no percentage above 100, a ratio
// with a positive denominator and, for percentages, a numerator within it.
func (m Measure) Fits(kind IndicatorKind) error {
	bad := func(vi, en string) error { return NewError(EINVALID, Text{vi, en}) }
	switch m.Kind {
	case MeasureBool:
		if kind.Numeric() {
			return bad("Chỉ tiêu này cần một số hoặc tỷ lệ, không phải đạt/không đạt", "this indicator needs a number or a ratio")
		}
		return nil
	case MeasureNumber, MeasureRatio:
		if kind == KindPassFail {
			return bad("Chỉ tiêu này cần đạt hoặc không đạt", "this indicator needs đạt/không đạt")
		}
		// "There must be none" is answered có/không or by a count; a share
		// cannot say whether any is left, and would never count.
		if kind == KindNoneAllowed && m.Kind == MeasureRatio {
			return bad("Chỉ tiêu này cần có/không hoặc một số đếm, không phải tỷ lệ", "this indicator needs yes/no or a count, not a ratio")
		}
	default:
		return bad("Chưa nhập giá trị", "no value entered")
	}
	percent := kind == KindPercentMin || kind == KindPercentMax
	if m.Kind == MeasureRatio {
		switch {
		case m.Denominator <= 0 || m.Numerator < 0:
			return bad("Mẫu số phải lớn hơn 0 và tử số không âm", "denominator must be positive")
		case percent && m.Numerator > m.Denominator:
			return bad("Tử số lớn hơn mẫu số", "numerator exceeds denominator")
		}
		return nil
	}
	switch {
	case m.Number < 0:
		return bad("Giá trị không được âm", "negative value")
	case percent && m.Number > 100:
		return bad("Phần trăm lớn hơn 100", "percentage above 100")
	}
	return nil
}

// Validate checks a decision on a value: confirm, or return with a reason.
func (r *Review) Validate() error {
	p := Problems{}
	switch r.Decision {
	case StateConfirmed:
	case StateReturned:
		if blank(r.Reason) {
			p.Add(FieldReason, "Cần ghi lý do trả lại để đơn vị biết phải sửa gì (a reason is required to return a value)")
		}
	default:
		p.Add(FieldDecision, "Quyết định %q không hợp lệ: xác nhận hoặc trả lại (invalid decision)", r.Decision)
	}
	p.lines(FieldReason, r.Reason, false, MaxText, "lý do")
	return p.Err()
}

// Validate checks an account: a login without spaces, a name, an e-mail
// that looks like one, a known language.
func (u *User) Validate() error {
	p := Problems{}
	switch {
	case blank(u.Login) || strings.ContainsFunc(u.Login, isSpace):
		p.Add(FieldLogin, "Tên đăng nhập không được trống hay chứa dấu cách (login required, no spaces)")
	case chars(u.Login) > MaxLogin:
		p.Add(FieldLogin, "Tên đăng nhập quá %d ký tự (login longer than %d characters)", MaxLogin, MaxLogin)
	default:
		p.typed(FieldLogin, u.Login, false, "tên đăng nhập")
	}
	p.text(FieldName, u.Name, true, MaxName, "họ và tên")
	p.typed(FieldEmail, u.Email, false, "địa chỉ e-mail")
	if u.Email != "" && (!strings.Contains(u.Email, "@") || strings.ContainsFunc(u.Email, isSpace) || chars(u.Email) > MaxEmail) {
		p.Add(FieldEmail, "Địa chỉ e-mail %q không hợp lệ (invalid e-mail address)", u.Email)
	}
	if u.Lang != "vi" && u.Lang != "en" {
		p.Add(FieldLang, "Ngôn ngữ %q không hỗ trợ: vi hoặc en (unsupported language)", u.Lang)
	}
	return p.Err()
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// Validate checks an agency: a code, a name, a known kind, a unit.
func (a *Agency) Validate() error {
	p := Problems{}
	p.text(FieldCode, a.Code, true, MaxNumber, "mã cơ quan")
	p.text(FieldName, a.Name, true, MaxName, "tên cơ quan")
	p.text("short", a.ShortName, false, MaxName, "tên viết tắt")
	if !a.Kind.Valid() {
		p.Add(FieldKind, "Chọn loại cơ quan (choose a kind)")
	}
	if a.UnitID == 0 {
		p.Add("unit", "Chọn đơn vị hành chính của cơ quan (choose the agency's unit)")
	}
	return p.Err()
}

// Validate checks a search of units built from a path or a query string
// (/api/units/{code}, ?parent=, ?q=): codes and words hold only typed
// characters, and the words are at most MaxSearch characters — a longer
// text names no unit, and SQLite refuses a LIKE pattern of 50,000.
func (f UnitFilter) Validate() error {
	p := Problems{}
	p.text(FieldCode, f.Code, false, MaxNumber, "mã đơn vị")
	p.text("parent", f.ParentCode, false, MaxNumber, "mã đơn vị cấp trên")
	for _, c := range f.Codes {
		p.text(FieldCode, c, false, MaxNumber, "mã đơn vị")
	}
	p.text("q", f.Query, false, MaxSearch, "nội dung tìm")
	if f.Level != "" && !f.Level.Valid() {
		p.Add("level", "Cấp đơn vị %q không hợp lệ (invalid level)", f.Level)
	}
	return p.Err()
}

// Validate checks a list of agencies asked for by a query string.
func (f AgencyFilter) Validate() error {
	p := Problems{}
	p.text(FieldCode, f.Code, false, MaxNumber, "mã cơ quan")
	if f.Kind != "" && !f.Kind.Valid() {
		p.Add(FieldKind, "Loại cơ quan %q không hợp lệ (invalid kind)", f.Kind)
	}
	return p.Err()
}

// CheckReports refuses a report for u of an indicator of s when s does not
// judge u (Measures): a commune reports the commune sets, a district the
// district set; a value of another level would never count, and would
// only mislead whoever reads it.
func (s *CriteriaSet) CheckReports(u *Unit) error {
	if s.Measures(u) {
		return nil
	}
	return Errorf(EINVALID, "Bộ tiêu chí %q dành cho %s, không áp dụng cho %s; hãy báo cáo chỉ tiêu của bộ tiêu chí dành cho đơn vị này (this criteria set is for %s units, not for %s)",
		s.NameVi, s.judgesVi(), u.Name, s.Level, u.Name)
}

// judgesVi names the units s judges, for messages: "xã", "thị trấn",
// "cấp huyện".
func (s *CriteriaSet) judgesVi() string {
	if t := s.Tier.UnitType(); t != "" {
		return strings.ToLower(t)
	}
	return "cấp " + s.Level.LabelVi()
}
