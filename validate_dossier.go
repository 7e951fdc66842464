package datchuan

import (
	"regexp"
	"strings"
)

// Limits of dossier templates and dossiers.
const (
	MaxDossierCode     = 20  // an item's code: "H01"
	MaxDossierItems    = 100 // items of one template
	MaxDossierSteps    = 10  // steps of one template
	MaxPostingDays     = 365 // how long a public posting may run
	MaxDossierArticle  = 200 // "Điều 8, khoản 2"
	MinRecognitionYear = 2010
)

// Field names of the dossier forms.
const (
	FieldDossierCode     = "code"
	FieldDossierStep     = "step"
	FieldDossierTitleEn  = "title_en"
	FieldDossierKind     = "kind"
	FieldDossierDays     = "posting_days"
	FieldDossierParty    = "party"
	FieldDossierDocument = "document"
	FieldDossierArticle  = "article"
	FieldDossierProvNote = "provenance_note"
	FieldDossierState    = "state"
	FieldDossierPosted   = "posted_on"
	FieldDecisionUnit    = "unit"
	FieldDecisionTitle   = "title"
	FieldDecisionYear    = "year"
)

// dossierCode is what an item's code may look like: letters, digits, dots
// and dashes, as people number papers ("H01", "T-2", "3.1").
var dossierCode = regexp.MustCompile(`^[\pL\pN][\pL\pN.\-]*$`)

// Validate checks a template as shipped or stored: its key and names, a
// known tier and a period, its steps, and each item against the steps,
// codes unique.
func (t *DossierTemplate) Validate() error {
	p := Problems{}
	p.text(FieldDossierCode, t.Key, true, MaxName, "mã mẫu hồ sơ")
	p.text(FieldTitle, t.NameVi, true, MaxTitle, "tên mẫu hồ sơ")
	p.text(FieldDossierTitleEn, t.NameEn, false, MaxTitle, "tên tiếng Anh")
	if t.Tier == "" {
		p.Add(FieldKind, "Mẫu hồ sơ cần hạng chuẩn (tier) của bộ tiêu chí (the template needs a tier)")
	}
	if t.PeriodFrom < 2010 || t.PeriodTo < t.PeriodFrom {
		p.Add(FieldDate, "Giai đoạn của mẫu hồ sơ không hợp lệ: %d–%d (invalid period)", t.PeriodFrom, t.PeriodTo)
	}
	p.provenance(t.Basis)
	switch {
	case len(t.Steps) == 0:
		p.Add(FieldDossierStep, "Mẫu hồ sơ cần ít nhất một bước (the template needs a step)")
	case len(t.Steps) > MaxDossierSteps:
		p.Add(FieldDossierStep, "Mẫu hồ sơ có quá %d bước (more than %d steps)", MaxDossierSteps, MaxDossierSteps)
	}
	seen := map[string]bool{}
	for _, st := range t.Steps {
		if !dossierCode.MatchString(st.Code) || seen[st.Code] {
			p.Add(FieldDossierStep, "Mã bước %q trống, sai dạng hoặc trùng (step code blank, malformed or repeated)", st.Code)
		}
		seen[st.Code] = true
		p.text(FieldDossierStep, st.NameVi, true, MaxTitle, "tên bước")
	}
	if len(t.Items) > MaxDossierItems {
		p.Add(FieldDossierCode, "Mẫu hồ sơ có quá %d mục (more than %d items)", MaxDossierItems, MaxDossierItems)
	}
	codes := map[string]bool{}
	for _, it := range t.Items {
		if codes[it.Code] {
			p.Add(FieldDossierCode, "Mã mục %q trùng (item code %q repeated)", it.Code, it.Code)
		}
		codes[it.Code] = true
		if err := it.Validate(t.Steps); err != nil {
			if err := p.Merge(FieldDossierCode, err); err != nil {
				return err
			}
		}
	}
	return p.Err()
}

// Validate checks an item of a template: its code, a step of steps, a
// title, a known kind and party, the number of days of a posting, and its
// provenance.
func (it *DossierTemplateItem) Validate(steps []DossierStep) error {
	p := Problems{}
	switch {
	case blank(it.Code):
		p.Add(FieldDossierCode, "Cần mã mục, ví dụ H10 (code required)")
	case chars(it.Code) > MaxDossierCode || !dossierCode.MatchString(it.Code):
		p.Add(FieldDossierCode, "Mã mục %q: chỉ chữ, số, dấu chấm, gạch ngang, tối đa %d ký tự (code: letters, digits, dots, dashes, at most %d)",
			it.Code, MaxDossierCode, MaxDossierCode)
	}
	if !hasStep(steps, it.Step) {
		p.Add(FieldDossierStep, "Chọn một bước của hồ sơ (choose a step)")
	}
	p.text(FieldTitle, it.Title, true, MaxTitle, "tên giấy tờ")
	p.text(FieldDossierTitleEn, it.TitleEn, false, MaxTitle, "tên tiếng Anh")
	if !it.Kind.Valid() {
		p.Add(FieldDossierKind, "Chọn loại giấy tờ (choose a kind)")
	}
	if !it.Party.Valid() {
		p.Add(FieldDossierParty, "Chọn cơ quan chịu trách nhiệm mặc định (choose who prepares it)")
	}
	switch {
	case it.Kind == DossierPosting && (it.PostingDays < 1 || it.PostingDays > MaxPostingDays):
		p.Add(FieldDossierDays, "Số ngày niêm yết, đăng tải từ 1 đến %d (posting days from 1 to %d)", MaxPostingDays, MaxPostingDays)
	case it.Kind != DossierPosting && it.PostingDays != 0:
		p.Add(FieldDossierDays, "Chỉ giấy tờ niêm yết, đăng tải công khai mới có số ngày (only a posting has days)")
	}
	p.provenance(it.Provenance)
	return p.Err()
}

func hasStep(steps []DossierStep, code string) bool {
	for _, st := range steps {
		if st.Code == code {
			return true
		}
	}
	return false
}

// provenance checks the source of an item or template: a document, an
// article and a note within their limits.
func (p Problems) provenance(pr DossierProvenance) {
	p.text(FieldDossierDocument, pr.Document, true, MaxNumber, "văn bản căn cứ")
	p.text(FieldDossierArticle, pr.Article, false, MaxDossierArticle, "điều, khoản")
	p.lines(FieldDossierProvNote, pr.Note, false, MaxText, "ghi chú nguồn")
}

// Validate checks a dossier item as edited: a known state (an item made
// from the data has none of its own), its notes, its due date, and the day
// a posting was posted, which only a posting has.
func (it *DossierItem) Validate(kind DossierKind) error {
	p := Problems{}
	switch {
	case !it.State.Valid():
		p.Add(FieldDossierState, "Chọn một tình trạng (choose a state)")
	case kind.Generated() && it.State != DossierNotStarted:
		p.Add(FieldDossierState, "Giấy tờ tạo từ số liệu: tình trạng theo số liệu, không đặt tay (a paper made from the data follows the data)")
	}
	p.lines(FieldNotes, it.Notes, false, MaxText, "ghi chú")
	if !it.Due.IsZero() {
		if err := it.Due.CheckRange(); err != nil {
			p.Add(FieldDue, "%s", ErrorText(err).Vi)
		}
	}
	if !it.PostedOn.IsZero() {
		if kind != DossierPosting {
			p.Add(FieldDossierPosted, "Chỉ giấy tờ niêm yết, đăng tải công khai mới có ngày niêm yết (only a posting is posted)")
		} else if err := it.PostedOn.CheckRange(); err != nil {
			p.Add(FieldDossierPosted, "%s", ErrorText(err).Vi)
		}
	}
	return p.Err()
}

// Validate checks a recognition decision: the unit, a known title, a
// number, a date not after today, an issuer, a plausible year.
func (d *RecognitionDecision) Validate(today Date) error {
	p := Problems{}
	if d.UnitID == 0 || d.ProvinceID == 0 {
		p.Add(FieldDecisionUnit, "Chọn xã, thị trấn được công nhận (choose the commune)")
	}
	if !d.Title.Valid() {
		p.Add(FieldDecisionTitle, "Chọn danh hiệu được công nhận (choose the title)")
	}
	p.text(FieldNumber, d.Number, true, MaxNumber, "số quyết định")
	if d.Date.IsZero() {
		p.Add(FieldDate, "Cần ngày quyết định, dạng dd/mm/yyyy (the date is required)")
	} else if err := d.Date.CheckRange(); err != nil {
		p.Add(FieldDate, "%s", ErrorText(err).Vi)
	}
	p.notAfter(FieldDate, d.Date, today, "ngày quyết định")
	p.text(FieldIssuer, d.Issuer, true, MaxName, "người, cơ quan ký quyết định")
	if d.Year != 0 && (d.Year < MinRecognitionYear || !d.Date.IsZero() && d.Year > d.Date.Year) {
		p.Add(FieldDecisionYear, "Năm đạt chuẩn từ %d đến năm của quyết định (year from %d to the decision's year)", MinRecognitionYear, MinRecognitionYear)
	}
	p.lines(FieldNote, d.Note, false, MaxText, "ghi chú")
	if d.File != "" && !IsAttachmentID(d.File) {
		p.Add(FieldFile, "Tệp quyết định không hợp lệ (invalid file)")
	}
	return p.Err()
}

// CleanCode is an item code as typed, without spaces around it and in
// capitals: "h10 " is "H10".
func CleanCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
