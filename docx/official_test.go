package docx

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/datchuan/datchuan/internal/office"
)

// sampleReport is a weekly synthesis report with a table of districts and
// the criteria their communes met, long enough to run onto a second page.
func sampleReport() Official {
	districts := []struct {
		name           string
		communes, done int
	}{
		{"Huyện Càng Long", 13, 13}, {"Huyện Cầu Kè", 10, 9}, {"Huyện Tiểu Cần", 9, 9},
		{"Huyện Châu Thành", 13, 13}, {"Huyện Cầu Ngang", 13, 11}, {"Huyện Trà Cú", 15, 10},
		{"Huyện Duyên Hải", 6, 5}, {"Thị xã Duyên Hải", 2, 2}, {"Thành phố Trà Vinh", 1, 1},
	}
	table := Table{
		Columns:    []Length{Cm(1.2), Cm(6.3), Cm(3), Cm(3), Cm(2.9)},
		Header:     []Row{{{Text: "TT"}, {Text: "Huyện, thị xã, thành phố"}, {Text: "Số xã"}, {Text: "Đạt chuẩn NTM"}, {Text: "Tỷ lệ (%)"}}},
		Borders:    true,
		HeaderFill: "D9D9D9",
	}
	total, done := 0, 0
	for i, d := range districts {
		table.Rows = append(table.Rows, Row{
			{Text: fmt.Sprint(i + 1), Align: AlignCenter}, {Text: d.name},
			{Text: fmt.Sprint(d.communes), Align: AlignCenter}, {Text: fmt.Sprint(d.done), Align: AlignCenter},
			{Text: fmt.Sprintf("%.1f", 100*float64(d.done)/float64(d.communes)), Align: AlignRight},
		})
		total += d.communes
		done += d.done
	}
	table.Rows = append(table.Rows, Row{
		{Text: "Toàn tỉnh", Span: 2, Bold: true, Align: AlignCenter},
		{Text: fmt.Sprint(total), Bold: true, Align: AlignCenter}, {Text: fmt.Sprint(done), Bold: true, Align: AlignCenter},
		{Text: fmt.Sprintf("%.1f", 100*float64(done)/float64(total)), Bold: true, Align: AlignRight},
	})
	body := []Block{
		Paragraph{Runs: []Run{{Text: "I. KẾT QUẢ THỰC HIỆN", Bold: true}}, Align: AlignJustify, After: Pt(6), KeepNext: true},
		BodyText("Trong tuần, Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh đã chỉ đạo các huyện, " +
			"thị xã, thành phố rà soát kết quả thực hiện các tiêu chí xã nông thôn mới & nông thôn mới nâng cao."),
		table,
	}
	for i := 1; i <= 12; i++ {
		body = append(body, BodyText(fmt.Sprintf("Nội dung %d: các cơ quan chủ trì tiêu chí tiếp tục hướng dẫn, "+
			"kiểm tra và đôn đốc các xã hoàn thiện hồ sơ minh chứng theo kế hoạch; kết quả được cập nhật "+
			"trên hệ thống theo dõi trước ngày thứ Sáu hằng tuần.", i)))
	}
	return Official{
		Issuer:          []string{"UBND tỉnh Trà Vinh", "Ban Chỉ đạo các Chương trình MTQG"},
		Number:          "Số: 12/BC-BCĐ",
		Place:           "Trà Vinh",
		Date:            time.Date(2022, 9, 9, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600)),
		Type:            "Báo cáo",
		Title:           "Tình hình thực hiện Chương trình MTQG xây dựng nông thôn mới\ntuần từ 05/09/2022 đến 09/09/2022",
		Body:            body,
		Recipients:      []string{"UBND tỉnh (b/c)", "Các thành viên BCĐ tỉnh", "UBND các huyện, thị xã, thành phố", "Lưu: VT"},
		SignerAuthority: []string{"TM. Ban Chỉ đạo", "KT. Trưởng ban", "Phó Trưởng ban"},
		SignerName:      "Nguyễn Văn Hòa",
	}
}

func TestOfficialMarkup(t *testing.T) {
	_, parts := mustWrite(t, sampleReport().Document())
	text := bodyText(t, parts["word/document.xml"])
	for _, want := range []string{
		"UBND TỈNH TRÀ VINH\nBAN CHỈ ĐẠO CÁC CHƯƠNG TRÌNH MTQG\n\nSố: 12/BC-BCĐ\n",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nTrà Vinh, ngày 09 tháng 9 năm 2022\n",
		"BÁO CÁO\nTình hình thực hiện Chương trình MTQG xây dựng nông thôn mới\ntuần từ 05/09/2022 đến 09/09/2022\n",
		"nông thôn mới & nông thôn mới nâng cao.",
		"Nơi nhận:\n- UBND tỉnh (b/c);\n- Các thành viên BCĐ tỉnh;\n- UBND các huyện, thị xã, thành phố;\n- Lưu: VT.\n",
		"TM. BAN CHỈ ĐẠO\nKT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\nNguyễn Văn Hòa\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("document text lacks %q:\n%s", want, text)
		}
	}
	core := string(parts["docProps/core.xml"])
	if !strings.Contains(core, "<dc:creator>Ban Chỉ đạo các Chương trình MTQG</dc:creator>") ||
		!strings.Contains(core, ">2022-09-09T01:00:00Z</dcterms:created>") {
		t.Errorf("core.xml: %s", core)
	}
}

// TestOfficialInLibreOffice prints the report with LibreOffice and reads
// the PDF, as a person opening the file would see it.
func TestOfficialInLibreOffice(t *testing.T) {
	var buf bytes.Buffer
	if err := sampleReport().Document().Write(&buf); err != nil {
		t.Fatal(err)
	}
	pdf := office.Convert(t, "bao-cao.docx", buf.Bytes())
	flat := strings.Join(strings.Fields(pdf.Text), " ")
	for _, want := range []string{
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "Độc lập - Tự do - Hạnh phúc", "Số: 12/BC-BCĐ", "Trà Vinh, ngày 09 tháng 9 năm 2022",
		"BÁO CÁO", "Tình hình thực hiện Chương trình MTQG xây dựng nông thôn mới",
		"tuần từ 05/09/2022 đến 09/09/2022", "Huyện Cầu Ngang 13 11 84.6", "Toàn tỉnh 82 73 89.0",
		"Nơi nhận:", "- Lưu: VT.", "PHÓ TRƯỞNG BAN", "Nguyễn Văn Hòa",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, pdf.Text)
		}
	}
	if !pdf.A4() {
		t.Errorf("page is %.1f × %.1f pt, want A4 (595.3 × 841.9)", pdf.Width, pdf.Height)
	}
	if pdf.Pages < 2 {
		t.Fatalf("the report has %d page, want 2 or more to see page numbers", pdf.Pages)
	}
	for i, page := range pdf.PageTexts() {
		top := strings.TrimSpace(strings.SplitN(strings.TrimLeft(page, " \n"), "\n", 2)[0])
		if i == 0 && top == "1" {
			t.Error("page 1 shows its number; Decree 30 numbers pages from 2")
		}
		if i > 0 && top != fmt.Sprint(i+1) {
			t.Errorf("page %d starts with %q, want its number centred at the top", i+1, top)
		}
	}
}

// TestLongTableInLibreOffice checks what a long dossier index needs: a
// landscape page, the header row repeated on every page the table runs
// onto, and a page break that starts a new page.
func TestLongTableInLibreOffice(t *testing.T) {
	d := &Document{Landscape: true}
	table := Table{
		Columns: []Length{Cm(1.5), d.TextWidth() - Cm(1.5) - Cm(4), Cm(4)},
		Header:  []Row{{{Text: "TT"}, {Text: "Tên tài liệu trong hồ sơ"}, {Text: "Số trang"}}},
		Borders: true,
	}
	for i := 1; i <= 60; i++ {
		table.Rows = append(table.Rows, Row{{Text: fmt.Sprint(i)}, {Text: fmt.Sprintf("Tài liệu số %d", i)}, {Text: "3"}})
	}
	d.Blocks = []Block{table, PageBreak{}, Text("Trang cuối")}
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		t.Fatal(err)
	}
	pdf := office.Convert(t, "muc-luc.docx", buf.Bytes())
	if pdf.Width < pdf.Height {
		t.Errorf("page is %.1f × %.1f pt, want landscape", pdf.Width, pdf.Height)
	}
	pages := pdf.PageTexts()
	if len(pages) < 3 {
		t.Fatalf("%d pages, want the table over two or more and a last page:\n%s", len(pages), pdf.Text)
	}
	for i, page := range pages[:len(pages)-1] {
		if !strings.Contains(page, "Tên tài liệu trong hồ sơ") {
			t.Errorf("page %d lacks the repeated header row:\n%s", i+1, page)
		}
	}
	last := pages[len(pages)-1]
	if !strings.Contains(last, "Trang cuối") || strings.Contains(last, "Tài liệu số") {
		t.Errorf("the page break did not start a new page; last page:\n%s", last)
	}
	if !strings.Contains(pdf.Text, "Tài liệu số 60") {
		t.Error("the last row is missing")
	}
}
