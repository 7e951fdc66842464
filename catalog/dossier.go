package catalog

import (
	"embed"
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/datchuan/datchuan"
)

// The recognition dossier templates shipped with datchuan, one file per
// kind of target (catalog/dossiers). They are the starting point of each
// province's own templates, which the service copies into the database on
// first use; a province's edits live there and are never overwritten by a
// later version of these files.

//go:embed dossiers/*.yaml
var embeddedDossiers embed.FS

// dossierPrefix names the shipped template files in errors and in
// DossierTemplate.Source.
const dossierPrefix = "catalog/dossiers/"

type rawDossier struct {
	Key    string `yaml:"key"`
	NameVi string `yaml:"name_vi"`
	NameEn string `yaml:"name_en"`
	Tier   string `yaml:"tier"`
	Period struct {
		From int `yaml:"from"`
		To   int `yaml:"to"`
	} `yaml:"period"`
	Basis rawProvenance `yaml:"basis"`
	Steps []struct {
		Code   string `yaml:"code"`
		NameVi string `yaml:"name_vi"`
		NameEn string `yaml:"name_en"`
	} `yaml:"steps"`
	Items []rawDossierItem `yaml:"items"`
}

type rawProvenance struct {
	Document string `yaml:"document"`
	Article  string `yaml:"article"`
	Verified bool   `yaml:"verified"`
	Note     string `yaml:"note"`
}

type rawDossierItem struct {
	Code        string        `yaml:"code"`
	Step        string        `yaml:"step"`
	Title       string        `yaml:"title"`
	TitleEn     string        `yaml:"title_en"`
	Required    bool          `yaml:"required"`
	Kind        string        `yaml:"kind"`
	PostingDays int           `yaml:"posting_days"`
	Party       string        `yaml:"party"`
	Provenance  rawProvenance `yaml:"provenance"`
}

// DossierTemplates reads the shipped templates, each checked, sorted by
// key. It parses them on every call, so the caller owns what it gets.
func DossierTemplates() ([]*datchuan.DossierTemplate, error) {
	return LoadDossierTemplates(embeddedDossiers, "dossiers", dossierPrefix)
}

// LoadDossierTemplates reads every *.yaml file in dir of fsys as a dossier
// template, naming the files prefix+name; any problem refuses the whole
// load with a *LoadError naming the file (and line, where the YAML reader
// gives one).
func LoadDossierTemplates(fsys fs.FS, dir, prefix string) ([]*datchuan.DossierTemplate, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, &LoadError{Problems: []Problem{{File: prefix + dir, Message: "không đọc được thư mục mẫu hồ sơ (cannot read the directory): " + err.Error()}}}
	}
	var out []*datchuan.DossierTemplate
	var problems []Problem
	keys := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.ToLower(path.Ext(name)) != ".yaml" {
			continue
		}
		file := prefix + name
		src, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			problems = append(problems, Problem{File: file, Message: "không đọc được tệp (cannot read the file): " + err.Error()})
			continue
		}
		t, p := decodeDossier(file, src)
		if p != nil {
			problems = append(problems, *p)
			continue
		}
		if other, dup := keys[t.Key]; dup {
			problems = append(problems, Problem{File: file, Message: "mã mẫu hồ sơ " + t.Key + " đã có trong " + other + " (duplicate key)"})
			continue
		}
		keys[t.Key] = file
		out = append(out, t)
	}
	if len(problems) > 0 {
		return nil, &LoadError{Problems: problems}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// decodeDossier reads one template file strictly (an unknown key is a
// mistake, not something to ignore) and checks it with the domain's
// Validate.
func decodeDossier(file string, src []byte) (*datchuan.DossierTemplate, *Problem) {
	var raw rawDossier
	if err := yaml.UnmarshalWithOptions(src, &raw, yaml.Strict()); err != nil {
		p := &Problem{File: file, Message: "YAML không hợp lệ (invalid YAML): " + err.Error()}
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil && ye.GetToken().Position != nil {
			pos := ye.GetToken().Position
			p.Line, p.Column, p.Message = pos.Line, pos.Column, "YAML không hợp lệ (invalid YAML): "+ye.GetMessage()
		}
		return nil, p
	}
	if !validTier(datchuan.Tier(raw.Tier)) {
		return nil, &Problem{File: file, Message: "tier " + raw.Tier + " không có trong " + tierList() + " (unknown tier)"}
	}
	t := &datchuan.DossierTemplate{Key: raw.Key, NameVi: raw.NameVi, NameEn: raw.NameEn, Tier: datchuan.Tier(raw.Tier),
		PeriodFrom: raw.Period.From, PeriodTo: raw.Period.To, Basis: raw.Basis.provenance(), Source: file}
	for _, st := range raw.Steps {
		t.Steps = append(t.Steps, datchuan.DossierStep{Code: st.Code, NameVi: st.NameVi, NameEn: st.NameEn})
	}
	for i, it := range raw.Items {
		t.Items = append(t.Items, &datchuan.DossierTemplateItem{Code: it.Code, Step: it.Step, Pos: i + 1, Title: it.Title,
			TitleEn: it.TitleEn, Required: it.Required, Kind: datchuan.DossierKind(it.Kind), PostingDays: it.PostingDays,
			Party: datchuan.DossierParty(it.Party), Provenance: it.Provenance.provenance(), Version: 1})
	}
	if err := t.Validate(); err != nil {
		return nil, &Problem{File: file, Message: datchuan.ErrorText(err).Vi}
	}
	return t, nil
}

func (r rawProvenance) provenance() datchuan.DossierProvenance {
	return datchuan.DossierProvenance{Document: r.Document, Article: r.Article, Verified: r.Verified, Note: r.Note}
}
