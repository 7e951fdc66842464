package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/catalog"
)

// Cầu Ngang's recognition dossier, as it might stand on the demo's clock
// (01/09/2022): the province's copy of the shipped template, the district's
// papers partly written, the public posting of its results running since
// 22/08/2022 for the template's 15 days (a figure not verified against
// Decision 18/2022/QĐ-TTg), and the recognition decisions of the communes
// the province's news says were recognised, with invented numbers and
// dates, marked as demo data.

// DossierDistrict is the district whose dossier the demo fills.
const DossierDistrict = "848"

// partyAgencies are the demo agencies each party of the template names
// for Cầu Ngang.
var partyAgencies = map[datchuan.DossierParty]string{
	datchuan.PartyDistrictPeoples:    "848-UBND",
	datchuan.PartyDistrictSteering:   "848-BCD",
	datchuan.PartyCoordination:       "84-VPDP",
	datchuan.PartyLeadDepartments:    "84-VPDP",
	datchuan.PartyProvincialPeoples:  "84-UBND",
	datchuan.PartyProvincialSteering: "84-BCD",
}

// demoPaper is where a paper of the dossier stands in the demo.
type demoPaper struct {
	state    datchuan.DossierItemState
	file     string // the name of an illustrative upload; "" for none
	postedOn datchuan.Date
	notes    string
}

var demoPapers = map[string]demoPaper{
	"H01": {state: datchuan.DossierDrafting, notes: "Đang hoàn thiện dự thảo tờ trình (minh họa)."},
	"H02": {state: datchuan.DossierReady, file: "bao-cao-ket-qua-NTM-Cau-Ngang (minh hoa).pdf"},
	"H04": {state: datchuan.DossierDrafting, postedOn: datchuan.NewDate(2022, 8, 22),
		notes: "Niêm yết tại trụ sở UBND huyện và các xã, thị trấn (minh họa)."},
	"H06": {state: datchuan.DossierReady, file: "bien-ban-hop-BCD-huyen (minh hoa).pdf"},
	"H07": {state: datchuan.DossierSubmitted, file: "bao-cao-no-dong-XDCB (minh hoa).pdf"},
	"T02": {state: datchuan.DossierDrafting, notes: "Chờ kết quả xác nhận của các sở (minh họa)."},
}

// demoDecisions are the invented decisions recognising Cầu Ngang's
// recognised communes: number, date, year recognised for.
var demoDecisions = map[string]struct {
	number string
	on     datchuan.Date
	year   int
}{
	"29425": {"2468/QĐ-UBND", datchuan.NewDate(2020, 12, 28), 2020},
	"29431": {"2471/QĐ-UBND", datchuan.NewDate(2020, 12, 28), 2020},
	"29443": {"1157/QĐ-UBND", datchuan.NewDate(2021, 6, 15), 2021},
	"29449": {"2890/QĐ-UBND", datchuan.NewDate(2021, 12, 24), 2021},
}

// pdfOf is a tiny PDF saying what the demo file stands for.
func pdfOf(title string) []byte {
	return fmt.Appendf(nil, "%%PDF-1.4\n%% %s — DU LIEU TRINH DIEN (demo)\n1 0 obj<<>>endobj\ntrailer<<>>\n%%%%EOF\n", title)
}

// createDossier writes Cầu Ngang's dossier and its communes' decisions.
func (sd *seeder) createDossier(ctx context.Context) error {
	ts, err := catalog.DossierTemplates()
	if err != nil {
		return err
	}
	var tpl *datchuan.DossierTemplate
	for _, t := range ts {
		if t.Key == "district-ntm-2021-2025" {
			tpl = t
		}
	}
	if tpl == nil {
		return fmt.Errorf("demo dossier: the shipped district template is missing")
	}
	at := time.Date(2022, 8, 15, 9, 0, 0, 0, datchuan.Vietnam())
	tpl.ProvinceID, tpl.CreatedAt = sd.province.ID, at
	if err := sd.Dossiers.CreateDossierTemplate(ctx, tpl); err != nil {
		return fmt.Errorf("demo dossier template: %w", err)
	}
	district, target, err := sd.dossierTarget(ctx)
	if err != nil {
		return err
	}
	d := &datchuan.Dossier{TargetID: target, ProvinceID: sd.province.ID, UnitID: district.ID, TemplateID: tpl.ID, CreatedAt: at.Add(24 * time.Hour)}
	var items []*datchuan.DossierItem
	for _, it := range tpl.Active() {
		row := &datchuan.DossierItem{TemplateItemID: it.ID, UpdatedAt: d.CreatedAt, Due: datchuan.NewDate(2022, 9, 15)}
		if it.Step != "district" {
			row.Due = datchuan.NewDate(2022, 10, 15)
		}
		if it.Step == "centre" {
			row.Due = datchuan.Date{}
		}
		if a := sd.agencies[partyAgencies[it.Party]]; a != nil {
			row.ResponsibleID = a.ID
		}
		items = append(items, row)
	}
	if err := sd.Dossiers.CreateDossier(ctx, d, items); err != nil {
		return fmt.Errorf("demo dossier: %w", err)
	}
	for i, it := range tpl.Active() {
		if err := sd.fillPaper(ctx, it, items[i]); err != nil {
			return err
		}
	}
	return sd.createDecisions(ctx)
}

// dossierTarget is the demo district of the dossier and its target.
func (sd *seeder) dossierTarget(ctx context.Context) (*datchuan.Unit, int64, error) {
	for _, d := range sd.districts {
		if d.Code != DossierDistrict {
			continue
		}
		ts, err := sd.Targets.FindTargets(ctx, datchuan.TargetFilter{UnitIDs: []int64{d.ID}, SetID: DistrictSet})
		if err != nil || len(ts) != 1 {
			return nil, 0, fmt.Errorf("demo dossier: the target of %s: %v", d.Code, err)
		}
		return d, ts[0].ID, nil
	}
	return nil, 0, fmt.Errorf("demo dossier: no district %s", DossierDistrict)
}

// fillPaper sets a paper where the demo has it: its state, posting date,
// notes and an illustrative file.
func (sd *seeder) fillPaper(ctx context.Context, it *datchuan.DossierTemplateItem, row *datchuan.DossierItem) error {
	p, ok := demoPapers[it.Code]
	if !ok {
		return nil
	}
	at := time.Date(2022, 8, 25, 10, 0, 0, 0, datchuan.Vietnam())
	if p.file != "" {
		a := &datchuan.Attachment{Name: p.file, ContentType: "application/pdf", Data: pdfOf(it.Title), UploadedAt: at}
		if err := sd.Files.PutAttachment(ctx, a); err != nil {
			return fmt.Errorf("demo dossier file %s: %w", it.Code, err)
		}
		if err := sd.Dossiers.AddDossierFile(ctx, row.ID, &datchuan.DossierFile{Attachment: a.ID, UploadedAt: at}); err != nil {
			return fmt.Errorf("demo dossier file %s: %w", it.Code, err)
		}
	}
	row.State, row.PostedOn, row.Notes, row.UpdatedAt = p.state, p.postedOn, p.notes, at
	if err := sd.Dossiers.UpdateDossierItem(ctx, row); err != nil {
		return fmt.Errorf("demo dossier paper %s: %w", it.Code, err)
	}
	return nil
}

// createDecisions records the invented decisions of Cầu Ngang's
// recognised communes.
func (sd *seeder) createDecisions(ctx context.Context) error {
	for _, c := range sd.communes[DossierDistrict] {
		dec, ok := demoDecisions[c.Code]
		if !ok || !recognised[c.Code] {
			continue
		}
		d := &datchuan.RecognitionDecision{ProvinceID: sd.province.ID, UnitID: c.ID, Title: datchuan.RecognisedNTM, Year: dec.year,
			Number: dec.number, Date: dec.on, Issuer: "Chủ tịch UBND tỉnh Trà Vinh", Demo: true,
			Note: "Số, ngày quyết định là dữ liệu trình diễn", CreatedAt: time.Date(2022, 8, 16, 9, 0, 0, 0, datchuan.Vietnam())}
		if err := sd.Decisions.CreateRecognition(ctx, d); err != nil {
			return fmt.Errorf("demo decision of %s: %w", c.Code, err)
		}
	}
	return nil
}
