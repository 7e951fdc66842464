package xlsx

import (
	"fmt"
	"strings"

	"github.com/datchuan/datchuan"
)

// Problem is one thing wrong with an upload, where the user can find it.
type Problem struct {
	Row       int    `json:"row,omitempty"`    // Excel row number, 1-based; 0: the whole sheet
	Column    string `json:"column,omitempty"` // Excel column letter, "E"
	Field     string `json:"field,omitempty"`  // the column's header, "Cơ quan chủ trì"
	Message   string `json:"message"`          // Vietnamese
	MessageEn string `json:"message_en"`       // English
}

// String is the problem in both languages, for logs and the command line.
func (p Problem) String() string {
	return p.at("vi", datchuan.Text{Vi: p.Message, En: p.MessageEn}.String())
}

// In is the problem in lang ("en" or Vietnamese), as a page shows it.
func (p Problem) In(lang string) string {
	return p.at(lang, datchuan.Text{Vi: p.Message, En: p.MessageEn}.In(lang))
}

// at places msg at the problem's row and column, in lang.
func (p Problem) at(lang, msg string) string {
	row, col := "dòng", "cột"
	if lang == "en" {
		row, col = "row", "column"
	}
	switch {
	case p.Row > 0 && p.Column != "":
		return fmt.Sprintf("%s %d, %s %s (%s): %s", row, p.Row, col, p.Column, p.Field, msg)
	case p.Row > 0:
		return fmt.Sprintf("%s %d: %s", row, p.Row, msg)
	}
	return msg
}

// ImportError is the problems of a rejected upload: all of them, or the
// first MaxProblems when More says there were others. Nothing of the upload
// is usable when Read returns one.
type ImportError struct {
	problems []Problem
	more     bool
	// Cause is what the workbook reader said of a file it could not open
	// ("zip: not a valid zip file"): for the log, never for the user.
	Cause error
}

// MaxProblems is how many problems Read reports before it stops reading: a
// file with more is wrong from top to bottom (a wrong sheet, codes of
// another province), and listing 250,000 of them took seconds and made a
// page of tens of megabytes that helped nobody.
const MaxProblems = 200

// maxRows bounds the rows of a table: the largest province's communes
// times every indicator of a set is well under it.
const maxRows = 50_000

// maxListed bounds Error(): a wrong file can have thousands of problems, and
// a message that long helps nobody. Problems() has them all.
const maxListed = 50

func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Tệp có %s lỗi, chưa nhập dòng nào (%s problems, nothing imported):", e.count("vi"), e.count("en"))
	for i, p := range e.problems {
		if i == maxListed {
			fmt.Fprintf(&b, "\n… và %d lỗi khác (and %d more)", len(e.problems)-i, len(e.problems)-i)
			break
		}
		b.WriteString("\n")
		b.WriteString(p.String())
	}
	if e.more {
		b.WriteString("\n" + MoreText.String())
	}
	if e.Cause != nil {
		fmt.Fprintf(&b, "\n(%v)", e.Cause)
	}
	return b.String()
}

// Problems returns the problems in sheet order, for the web layer to show
// as a table beside the upload form: at most MaxProblems.
func (e *ImportError) Problems() []Problem { return e.problems }

// More reports whether the file had problems past those listed: Read
// stopped reading at the first one past MaxProblems.
func (e *ImportError) More() bool { return e.more }

// MoreText ends a list of problems that More cut short.
var MoreText = datchuan.Textf("… và còn lỗi khác không hiển thị: sửa các lỗi trên rồi nhập lại (… and more errors not shown: fix those above and import again)")

// count is the number of problems as the message says it, in lang.
func (e *ImportError) count(lang string) string {
	switch {
	case !e.more:
		return fmt.Sprint(len(e.problems))
	case lang == "en":
		return fmt.Sprintf("more than %d", len(e.problems))
	}
	return fmt.Sprintf("hơn %d", len(e.problems))
}

// Unwrap makes an upload's problems an EINVALID domain error, so that
// datchuan.ErrorCode and ErrorMessage treat it as the user's to fix.
func (e *ImportError) Unwrap() error {
	return &datchuan.Error{Code: datchuan.EINVALID, Message: e.list("vi"), MessageEn: e.list("en")}
}

// list is every problem in lang, the first maxListed of them one a line.
func (e *ImportError) list(lang string) string {
	var b strings.Builder
	if lang == "en" {
		fmt.Fprintf(&b, "The file has %s problems; nothing was imported:", e.count(lang))
	} else {
		fmt.Fprintf(&b, "Tệp có %s lỗi, chưa nhập dòng nào:", e.count(lang))
	}
	for i, p := range e.problems {
		if i == maxListed {
			fmt.Fprintf(&b, "\n%s", datchuan.Text{Vi: fmt.Sprintf("… và %d lỗi khác", len(e.problems)-i), En: fmt.Sprintf("… and %d more", len(e.problems)-i)}.In(lang))
			break
		}
		b.WriteString("\n")
		b.WriteString(p.In(lang))
	}
	if e.more {
		b.WriteString("\n" + MoreText.In(lang))
	}
	return b.String()
}
