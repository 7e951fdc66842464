package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/docx"
	"github.com/datchuan/datchuan/service"
)

// The whole dossier as one ZIP: a folder per step holding the current
// version of each uploaded paper and the papers made from the data, and
// at the root "00-muc-luc-ho-so.docx", the index of the dossier.

// dossierIndexName is the index's name in the ZIP.
const dossierIndexName = "00-muc-luc-ho-so.docx"

// dossierZipFile is one file of the ZIP: where it goes and what makes it.
type dossierZipFile struct {
	path string
	data func(ctx context.Context) ([]byte, error)
}

// dossierIndexRow is one paper of the index: its files' names in the ZIP.
type dossierIndexRow struct {
	line  service.DossierLine
	files []string
}

// dossierPapers lays the dossier out as files, by step, with the rows of
// its index.
func (s *Server) dossierPapers(h paperHead) (files []dossierZipFile, steps [][]dossierIndexRow) {
	for i, st := range h.v.Steps {
		folder := fmt.Sprintf("%d-%s/", i+1, dossierSlug(dossierStepWords(st.Step.NameVi)))
		var rows []dossierIndexRow
		for _, l := range st.Lines {
			row := dossierIndexRow{line: l}
			add := func(name string, data func(ctx context.Context) ([]byte, error)) {
				files = append(files, dossierZipFile{path: folder + name, data: data})
				row.files = append(row.files, name)
			}
			code := l.Item.Code
			switch l.Item.Kind {
			case datchuan.DossierCriteriaTable:
				add(code+"-bang-tong-hop-tieu-chi.docx", paperData(criteriaTableDocument(h)))
			case datchuan.DossierCommunes:
				add(code+"-danh-sach-xa-cong-nhan.docx", paperData(communesDocument(h)))
			case datchuan.DossierConfirmations:
				for j := range h.v.Data.Confirmations {
					dc := &h.v.Data.Confirmations[j]
					add(code+"-xac-nhan/"+dossierFileName(strings.ToLower(dc.Agency.Code))+".docx", paperData(confirmationDocument(h, dc)))
				}
			default:
				if l.Row == nil || l.Row.Current() == nil {
					break
				}
				f := l.Row.Current()
				add(code+"-"+dossierFileName(f.Name), func(ctx context.Context) ([]byte, error) {
					a, err := s.stores.Files.Attachment(ctx, f.Attachment)
					if err != nil {
						return nil, err
					}
					return a.Data, nil
				})
			}
			rows = append(rows, row)
		}
		steps = append(steps, rows)
	}
	return files, steps
}

// paperData writes a document when the ZIP asks for it.
func paperData(d *docx.Document) func(context.Context) ([]byte, error) {
	return func(context.Context) ([]byte, error) {
		var buf bytes.Buffer
		err := d.Write(&buf)
		return buf.Bytes(), err
	}
}

// dossierStepWords is the short name of a step: the words before its colon
// ("Cấp huyện" of "Cấp huyện: UBND huyện lập hồ sơ …").
func dossierStepWords(name string) string {
	short, _, _ := strings.Cut(name, ":")
	return short
}

// dossierSlug is Vietnamese words as a folder name: "Cấp huyện" is "cap-huyen".
func dossierSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range datchuan.Fold(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "buoc"
	}
	return b.String()
}

// dossierFileName keeps an uploaded file's name as a name inside the ZIP: no
// folders, nothing a file system refuses.
func dossierFileName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '-'
		}
		return r
	}, name)
	if strings.Trim(name, ".- ") == "" {
		return "tep"
	}
	return name
}

// dossierIndexDocument is the index of the dossier: each paper with who prepares
// it, where it stands and its files in the ZIP, by step.
func dossierIndexDocument(h paperHead, steps [][]dossierIndexRow) *docx.Document {
	v := h.v
	o := docx.Official{Issuer: []string{"UBND tỉnh " + v.Province.ShortName(), "Văn phòng Điều phối nông thôn mới"}, Place: v.Province.ShortName(),
		Date: h.at, Type: "MỤC LỤC HỒ SƠ", Title: v.Template.NameVi + " — " + v.Unit.Name + ", mục tiêu năm " + strconv.Itoa(v.Target.Year)}
	pct, _ := v.Overall.Percent()
	o.Body = append(o.Body, docx.BodyText(fmt.Sprintf("Mức sẵn sàng: %d/%d giấy tờ bắt buộc đã xong hoặc đã gửi (%d%%), ngày %s. Danh mục hồ sơ theo mẫu của tỉnh; các mục ghi \"chưa kiểm chứng\" chưa được đối chiếu với văn bản chính thức.",
		v.Overall.Ready, v.Overall.Required, pct, v.On.VN())))
	var rows []docx.Row
	n := 0
	for i, st := range v.Steps {
		rows = append(rows, docx.Row{{Text: st.Step.NameVi, Bold: true, Size: 11, Span: 5, Fill: "EEF3F8"}})
		for _, r := range steps[i] {
			n++
			l := r.line
			title := l.Item.Code + ". " + l.Item.Title
			if !l.Item.Required {
				title += " (không bắt buộc)"
			}
			if !l.Item.Provenance.Verified {
				title += " (chưa kiểm chứng)"
			}
			owner := l.Item.Party.LabelVi()
			if l.Owner != nil {
				owner = l.Owner.Name
			}
			state := l.State.LabelVi()
			if l.ProgressVi != "" {
				state += ": " + l.ProgressVi
			}
			files := strings.Join(r.files, "\n")
			if files == "" {
				files = "–"
			}
			rows = append(rows, paperCells(strconv.Itoa(n), title, owner, state, files))
		}
	}
	o.Body = append(o.Body, paperTable([]string{"TT", "Giấy tờ", "Cơ quan chịu trách nhiệm", "Tình trạng", "Tên tệp"},
		[]float64{0.8, 5, 2.6, 2.2, 3}, rows), h.note())
	return o.Document()
}

func (s *Server) dossierIndexDOCX(w http.ResponseWriter, r *http.Request) error {
	h, err := s.paperOf(r)
	if err != nil {
		return err
	}
	_, steps := s.dossierPapers(h)
	return sendDOCX(w, "muc-luc-ho-so-"+h.v.Unit.Code+".docx", dossierIndexDocument(h, steps))
}

// dossierZIP sends the whole dossier: the index, then each step's folder.
func (s *Server) dossierZIP(w http.ResponseWriter, r *http.Request) error {
	h, err := s.paperOf(r)
	if err != nil {
		return err
	}
	files, steps := s.dossierPapers(h)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, data []byte) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: h.at})
		if err == nil {
			_, err = f.Write(data)
		}
		return err
	}
	index, err := paperData(dossierIndexDocument(h, steps))(r.Context())
	if err != nil {
		return err
	}
	if err := put(dossierIndexName, index); err != nil {
		return err
	}
	for _, f := range files {
		data, err := f.data(r.Context())
		if err != nil {
			return err
		}
		if err := put(f.path, data); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	download(w, "ho-so-"+dossierSlug(h.v.Unit.Name)+"-"+strconv.Itoa(h.v.Target.Year)+".zip", "application/zip", buf.Bytes())
	return nil
}
