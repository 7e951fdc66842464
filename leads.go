package datchuan

// LeadBook answers "which department leads this criterion or indicator"
// in one province: the one reading of the standing division of labour
// (Lead rows) that permissions, blockers and guidance all use.
//
// A lead named for an indicator beats the lead of its criterion; the
// supporting agencies of an indicator are those named for it when it has
// rows of its own, else those of its criterion, and never its lead.
type LeadBook struct{ leads []*Lead }

// NewLeadBook returns the book of a province's leads.
func NewLeadBook(leads []*Lead) *LeadBook { return &LeadBook{leads: leads} }

// rows returns the rows of a criterion that apply to the indicator ind
// ("" for the criterion itself), and whether ind has rows of its own.
func (b *LeadBook) rows(set, crit, ind string) (rows []*Lead, own bool) {
	if b == nil {
		return nil, false
	}
	for _, l := range b.leads {
		if l.SetID != set || l.CriterionCode != crit {
			continue
		}
		if ind != "" && l.IndicatorCode == ind {
			own = true
		}
		if l.IndicatorCode == "" || l.IndicatorCode == ind {
			rows = append(rows, l)
		}
	}
	return rows, own
}

// leaders returns the lead agencies of ind: those named for it when any
// is, else those of the criterion.
func (b *LeadBook) leaders(set, crit, ind string) []int64 {
	rows, _ := b.rows(set, crit, ind)
	var byCrit, byInd []int64
	for _, l := range rows {
		switch {
		case l.Supporting:
		case l.IndicatorCode == "":
			byCrit = append(byCrit, l.AgencyID)
		default:
			byInd = append(byInd, l.AgencyID)
		}
	}
	if len(byInd) > 0 {
		return byInd
	}
	return byCrit
}

// Lead returns the lead agency of an indicator of a criterion (ind "" for
// the criterion), 0 when none is named.
func (b *LeadBook) Lead(set, crit, ind string) int64 {
	if ls := b.leaders(set, crit, ind); len(ls) > 0 {
		return ls[0]
	}
	return 0
}

// LeadAgencies returns the lead agencies of an indicator of a criterion
// (ind "" for the criterion), none when none is named.
func (b *LeadBook) LeadAgencies(set, crit, ind string) []int64 { return b.leaders(set, crit, ind) }

// Leads reports whether agency leads the indicator (or the criterion).
func (b *LeadBook) Leads(agency int64, set, crit, ind string) bool {
	for _, id := range b.leaders(set, crit, ind) {
		if id == agency {
			return true
		}
	}
	return false
}

// Supports returns the supporting agencies of an indicator (or criterion),
// in the order of the rows, without its lead.
func (b *LeadBook) Supports(set, crit, ind string) []int64 {
	rows, own := b.rows(set, crit, ind)
	lead := b.Lead(set, crit, ind)
	out := []int64{}
	for _, l := range rows {
		if l.Supporting && (l.IndicatorCode != "") == own && l.AgencyID != lead {
			out = append(out, l.AgencyID)
		}
	}
	return out
}

// LeadsAny reports whether agency leads any criterion or indicator.
func (b *LeadBook) LeadsAny(agency int64) bool {
	if b == nil {
		return false
	}
	for _, l := range b.leads {
		if !l.Supporting && l.AgencyID == agency {
			return true
		}
	}
	return false
}

// Agencies lists every agency the book names, each once.
func (b *LeadBook) Agencies() []int64 {
	if b == nil {
		return nil
	}
	seen := map[int64]bool{}
	var out []int64
	for _, l := range b.leads {
		if !seen[l.AgencyID] {
			seen[l.AgencyID] = true
			out = append(out, l.AgencyID)
		}
	}
	return out
}
