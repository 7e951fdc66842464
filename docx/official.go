package docx

import (
	"strings"
	"time"
)

// Official is an administrative document laid out as Decree 30/2020/NĐ-CP
// shows: issuer and number top left, national name and motto top right,
// place and date, type and title, body, then recipients bottom left and
// the signature bottom right.
type Official struct {
	Issuer          []string  // parent bodies first, the issuing body last: "UBND TỈNH TRÀ VINH", "BAN CHỈ ĐẠO CÁC CHƯƠNG TRÌNH MTQG"
	Number          string    // "Số: 12/BC-BCĐ"
	Place           string    // "Trà Vinh"
	Date            time.Time // date of issue; also the file's creation time
	Type            string    // "BÁO CÁO"; empty for an official letter
	Title           string    // "Tình hình thực hiện ... tuần từ 05/09/2022 đến 09/09/2022"
	Body            []Block   // see BodyText
	Recipients      []string  // "Như trên", "Lưu: VT"; dashes and end punctuation are added
	SignerAuthority []string  // "TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"
	SignerName      string    // "Nguyễn Văn A"
}

// Widths of the layout, chosen for Times New Roman: the right header
// column holds "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in bold 13 pt (9.6 cm)
// on one line. The motto's rule is as long as the motto (6.0 cm), as
// Decree 30 asks; the issuer's and the title's are short centred lines of
// a fixed length, since their text's length varies.
const (
	headerRight    = 10.4 // cm
	signatureRight = 9.0  // cm
	cellPadding    = 1.0  // mm
	issuerRule     = 2.5  // cm
	mottoRule      = 6.0  // cm
	titleRule      = 4.0  // cm
)

// Document lays out the official document on a Decree 30 page.
func (o Official) Document() *Document {
	d := &Document{Title: strings.TrimSpace(o.Type + " " + o.Title), Created: o.Date}
	if n := len(o.Issuer); n > 0 {
		d.Creator = o.Issuer[n-1]
	}
	d.Blocks = append(d.Blocks, o.heading(d.TextWidth()))
	if o.Type != "" {
		d.Blocks = append(d.Blocks, Paragraph{
			Runs:  []Run{{Text: strings.ToUpper(o.Type), Bold: true}},
			Align: AlignCenter, Before: Pt(18), KeepNext: true,
		})
	}
	if o.Title != "" {
		title := Paragraph{Runs: []Run{{Text: o.Title, Bold: true}}, Align: AlignCenter, KeepNext: true}
		if o.Type == "" {
			title.Before = Pt(18)
		}
		rule := Rule(Cm(titleRule), d.TextWidth())
		rule.After = Pt(12)
		d.Blocks = append(d.Blocks, title, rule)
	}
	d.Blocks = append(d.Blocks, o.Body...)
	d.Blocks = append(d.Blocks, o.signature(d.TextWidth()))
	return d
}

// heading is the borderless table at the top: issuer and number on the
// left, national name, motto, place and date on the right.
func (o Official) heading(textWidth Length) Table {
	right := Cm(headerRight)
	left := textWidth - right
	pad := Mm(cellPadding)
	center := func(text string, bold, italic bool, size float64) Paragraph {
		return Paragraph{Runs: []Run{{Text: text, Bold: bold, Italic: italic, Size: size}}, Align: AlignCenter}
	}
	var issuer []Paragraph
	for i, line := range o.Issuer {
		last := i == len(o.Issuer)-1
		issuer = append(issuer, center(strings.ToUpper(line), last, false, 13))
	}
	if len(issuer) > 0 {
		issuer = append(issuer, Rule(Cm(issuerRule), left-2*pad))
	}
	number := center(o.Number, false, false, 13)
	number.Before = Pt(6)
	issuer = append(issuer, number)

	date := center(PlaceDate(o.Place, o.Date), false, true, 14)
	date.Before = Pt(6)
	nation := []Paragraph{
		center("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true, false, 13),
		center("Độc lập - Tự do - Hạnh phúc", true, false, 14),
		Rule(Cm(mottoRule), right-2*pad),
		date,
	}
	return Table{
		Columns: []Length{left, right},
		Rows:    []Row{{{Paragraphs: issuer}, {Paragraphs: nation}}},
		Padding: pad,
	}
}

// signature is the borderless table at the end: recipients on the left,
// the signer's authority, room to sign and the name on the right.
func (o Official) signature(textWidth Length) Table {
	right := Cm(signatureRight)
	left := textWidth - right
	var recipients []Paragraph
	if len(o.Recipients) > 0 {
		recipients = append(recipients, Paragraph{
			Runs: []Run{{Text: "Nơi nhận:", Bold: true, Italic: true, Size: 12}}, Before: Pt(12),
		})
	}
	for i, r := range o.Recipients {
		recipients = append(recipients, Paragraph{
			Runs: []Run{{Text: recipientLine(r, i == len(o.Recipients)-1), Size: 11}},
		})
	}
	if len(recipients) == 0 {
		recipients = []Paragraph{{}}
	}
	var signer []Paragraph
	for _, line := range o.SignerAuthority {
		signer = append(signer, Paragraph{Runs: []Run{{Text: strings.ToUpper(line), Bold: true}}, Align: AlignCenter})
	}
	if len(signer) > 0 {
		signer[0].Before = Pt(12)
	}
	// About five lines of room for the signature and the seal.
	signer = append(signer, Paragraph{Runs: []Run{{Text: o.SignerName, Bold: true}}, Align: AlignCenter, Before: Pt(80)})
	return Table{
		Columns: []Length{left, right},
		Rows:    []Row{{{Paragraphs: recipients}, {Paragraphs: signer}}},
		Padding: Mm(cellPadding),
	}
}

// recipientLine writes a recipient as the decree lists them: "- Như trên;"
// and, for the last, "- Lưu: VT.". Dashes and end punctuation the caller
// already typed are not doubled.
func recipientLine(r string, last bool) string {
	r = strings.TrimSpace(r)
	r = strings.TrimSpace(strings.TrimPrefix(r, "-"))
	r = strings.TrimRight(r, ";.,")
	end := ";"
	if last {
		end = "."
	}
	return "- " + r + end
}
