package sqldb_test

import (
	"context"
	"testing"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

func TestAgencies(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		as := db.Stores().Agencies
		province, district := mustProvince(t, db)

		dept := &datchuan.Agency{Code: "84-SNNPTNT", Name: "Sở Nông nghiệp và Phát triển nông thôn", ShortName: "Sở NN&PTNT",
			Kind: datchuan.AgencyDepartment, UnitID: province.ID, ValidTo: datchuan.NewDate(2025, 3, 1)}
		must(t, as.CreateAgency(ctx, dept))
		office := &datchuan.Agency{Code: "84-VPDP", Name: "Văn phòng Điều phối nông thôn mới tỉnh", Kind: datchuan.AgencyCoordination,
			UnitID: province.ID, ParentID: dept.ID, ValidFrom: datchuan.NewDate(2019, 1, 1)}
		must(t, as.CreateAgency(ctx, office))
		bcd := &datchuan.Agency{Code: "848-BCD", Name: "Ban Chỉ đạo huyện Cầu Ngang", Kind: datchuan.AgencyDistrictCommittee, UnitID: district.ID}
		must(t, as.CreateAgency(ctx, bcd))
		if dept.ID == 0 || office.ID == 0 || dept.ID == office.ID {
			t.Fatalf("IDs %d, %d", dept.ID, office.ID)
		}

		got, err := as.Agency(ctx, office.ID)
		must(t, err)
		wantEqual(t, office, got, "Agency")
		for _, tc := range []struct {
			f    datchuan.AgencyFilter
			want []*datchuan.Agency
		}{
			{datchuan.AgencyFilter{}, []*datchuan.Agency{dept, office, bcd}},
			{datchuan.AgencyFilter{UnitID: province.ID}, []*datchuan.Agency{dept, office}},
			{datchuan.AgencyFilter{Kind: datchuan.AgencyDistrictCommittee}, []*datchuan.Agency{bcd}},
			{datchuan.AgencyFilter{Code: "84-VPDP"}, []*datchuan.Agency{office}},
			{datchuan.AgencyFilter{IDs: []int64{bcd.ID, dept.ID}}, []*datchuan.Agency{dept, bcd}},
			{datchuan.AgencyFilter{Code: "nope"}, []*datchuan.Agency{}},
		} {
			got, err := as.FindAgencies(ctx, tc.f)
			must(t, err)
			wantEqual(t, tc.want, got, "FindAgencies(%+v)", tc.f)
		}

		dup := *office
		dup.ID = 0
		wantCode(t, as.CreateAgency(ctx, &dup), datchuan.ECONFLICT)
		wantCode(t, as.CreateAgency(ctx, &datchuan.Agency{Code: "X", Name: "X", Kind: "club", UnitID: province.ID}), datchuan.EINVALID)
		wantCode(t, as.CreateAgency(ctx, &datchuan.Agency{Code: "", Name: "X", Kind: datchuan.AgencyDepartment, UnitID: province.ID}), datchuan.EINVALID)
		wantCode(t, as.CreateAgency(ctx, &datchuan.Agency{Code: "X", Name: "X", Kind: datchuan.AgencyDepartment, UnitID: 1 << 40}), datchuan.EINVALID)
		wantCode(t, as.CreateAgency(ctx, &datchuan.Agency{Code: "X", Name: "X", Kind: datchuan.AgencyDepartment, UnitID: province.ID, ParentID: 1 << 40}), datchuan.EINVALID)
		_, err = as.Agency(ctx, 1<<40)
		wantCode(t, err, datchuan.ENOTFOUND)
	})
}

func TestPersonsAndMembers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		as := db.Stores().Agencies
		province, _ := mustProvince(t, db)
		office := mustAgency(t, db, province.ID, "84-VPDP", "Văn phòng Điều phối", datchuan.AgencyCoordination)

		lan := &datchuan.Person{Name: "Nguyễn Thị Lan", Title: "Chánh Văn phòng", Email: "lan@travinh.gov.vn", Phone: "0294 3855 000"}
		minh := &datchuan.Person{Name: "Trần Văn Minh", Title: "Chuyên viên"}
		must(t, as.CreatePerson(ctx, lan))
		must(t, as.CreatePerson(ctx, minh))
		got, err := as.Person(ctx, lan.ID)
		must(t, err)
		wantEqual(t, lan, got, "Person")
		_, err = as.Person(ctx, 1<<40)
		wantCode(t, err, datchuan.ENOTFOUND)
		wantCode(t, as.CreatePerson(ctx, &datchuan.Person{Name: "  "}), datchuan.EINVALID)

		mMinh := &datchuan.Membership{PersonID: minh.ID, AgencyID: office, Role: "Chuyên viên", From: datchuan.NewDate(2022, 1, 1)}
		mLan := &datchuan.Membership{PersonID: lan.ID, AgencyID: office, Role: "Chánh Văn phòng", To: datchuan.NewDate(2025, 7, 1)}
		must(t, as.AddMember(ctx, mMinh))
		must(t, as.AddMember(ctx, mLan))
		members, err := as.Members(ctx, office)
		must(t, err)
		mLan.Person, mMinh.Person = lan, minh
		wantEqual(t, []*datchuan.Membership{mLan, mMinh}, members, "Members")
		wantCode(t, as.AddMember(ctx, &datchuan.Membership{PersonID: 1 << 40, AgencyID: office}), datchuan.EINVALID)
		wantCode(t, as.AddMember(ctx, &datchuan.Membership{PersonID: lan.ID, AgencyID: 1 << 40}), datchuan.EINVALID)
		_, err = as.Members(ctx, 1<<40)
		wantCode(t, err, datchuan.ENOTFOUND)
	})
}

func TestLeads(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		as := db.Stores().Agencies
		province, _ := mustProvince(t, db)
		agriculture := mustAgency(t, db, province.ID, "84-SNNPTNT", "Sở NN&PTNT", datchuan.AgencyDepartment)
		health := mustAgency(t, db, province.ID, "84-SYT", "Sở Y tế", datchuan.AgencyDepartment)

		const set = "qd318-2022-xa-ntm"
		water := &datchuan.Lead{ProvinceID: province.ID, SetID: set, CriterionCode: "17", IndicatorCode: "17.1", AgencyID: agriculture}
		food := &datchuan.Lead{ProvinceID: province.ID, SetID: set, CriterionCode: "17", IndicatorCode: "17.8", AgencyID: health}
		foodSupport := &datchuan.Lead{ProvinceID: province.ID, SetID: set, CriterionCode: "17", IndicatorCode: "17.8", AgencyID: agriculture, Supporting: true}
		whole := &datchuan.Lead{ProvinceID: province.ID, SetID: set, CriterionCode: "17", AgencyID: agriculture}
		other := &datchuan.Lead{ProvinceID: province.ID, SetID: "other-set", CriterionCode: "1", AgencyID: health}
		for _, l := range []*datchuan.Lead{water, food, foodSupport, whole, other} {
			must(t, as.SetLead(ctx, l))
		}

		// Setting the same (province, set, criterion, indicator, agency)
		// again updates it in place.
		again := &datchuan.Lead{ProvinceID: province.ID, SetID: set, CriterionCode: "17", IndicatorCode: "17.8", AgencyID: agriculture, Supporting: false}
		must(t, as.SetLead(ctx, again))
		if again.ID != foodSupport.ID {
			t.Errorf("SetLead again: ID %d, want %d", again.ID, foodSupport.ID)
		}
		foodSupport.Supporting = false

		got, err := as.Leads(ctx, province.ID, set)
		must(t, err)
		wantEqual(t, []*datchuan.Lead{water, food, foodSupport, whole}, got, "Leads")
		got, err = as.Leads(ctx, province.ID, "no-such-set")
		must(t, err)
		if len(got) != 0 {
			t.Errorf("Leads of an unknown set = %v", got)
		}
		wantCode(t, as.SetLead(ctx, &datchuan.Lead{ProvinceID: province.ID, SetID: set, CriterionCode: "1", AgencyID: 1 << 40}), datchuan.EINVALID)
		wantCode(t, as.SetLead(ctx, &datchuan.Lead{ProvinceID: province.ID, SetID: set, AgencyID: health}), datchuan.EINVALID)
	})
}
