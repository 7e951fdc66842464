package sqldb_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/sqldb"
)

// mustProvince applies the 2022 list and returns Trà Vinh and Huyện Cầu Ngang.
func mustProvince(tb testing.TB, db *sqldb.DB) (province, district *datchuan.Unit) {
	tb.Helper()
	us := sqldb.NewUnitService(db)
	mustApply(tb, us, snap2022)
	return mustUnit(tb, us, "84", datchuan.LevelProvince, datchuan.Date{}),
		mustUnit(tb, us, "848", datchuan.LevelDistrict, datchuan.Date{})
}

func TestAgencies(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		as := sqldb.NewAgencyService(db)
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
		if diff := cmp.Diff(office, got); diff != "" {
			t.Errorf("Agency (-want +got):\n%s", diff)
		}
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
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("FindAgencies(%+v) (-want +got):\n%s", tc.f, diff)
			}
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
		as := sqldb.NewAgencyService(db)
		province, _ := mustProvince(t, db)
		office := &datchuan.Agency{Code: "84-VPDP", Name: "Văn phòng Điều phối", Kind: datchuan.AgencyCoordination, UnitID: province.ID}
		must(t, as.CreateAgency(ctx, office))

		lan := &datchuan.Person{Name: "Nguyễn Thị Lan", Title: "Chánh Văn phòng", Email: "lan@travinh.gov.vn", Phone: "0294 3855 000"}
		minh := &datchuan.Person{Name: "Trần Văn Minh", Title: "Chuyên viên"}
		must(t, as.CreatePerson(ctx, lan))
		must(t, as.CreatePerson(ctx, minh))
		got, err := as.Person(ctx, lan.ID)
		must(t, err)
		if diff := cmp.Diff(lan, got); diff != "" {
			t.Errorf("Person (-want +got):\n%s", diff)
		}
		_, err = as.Person(ctx, 1<<40)
		wantCode(t, err, datchuan.ENOTFOUND)
		wantCode(t, as.CreatePerson(ctx, &datchuan.Person{Name: "  "}), datchuan.EINVALID)

		mMinh := &datchuan.Membership{PersonID: minh.ID, AgencyID: office.ID, Role: "Chuyên viên", From: datchuan.NewDate(2022, 1, 1)}
		mLan := &datchuan.Membership{PersonID: lan.ID, AgencyID: office.ID, Role: "Chánh Văn phòng", To: datchuan.NewDate(2025, 7, 1)}
		must(t, as.AddMember(ctx, mMinh))
		must(t, as.AddMember(ctx, mLan))
		members, err := as.Members(ctx, office.ID)
		must(t, err)
		mLan.Person, mMinh.Person = lan, minh
		if diff := cmp.Diff([]*datchuan.Membership{mLan, mMinh}, members); diff != "" {
			t.Errorf("Members (-want +got):\n%s", diff)
		}
		wantCode(t, as.AddMember(ctx, &datchuan.Membership{PersonID: 1 << 40, AgencyID: office.ID}), datchuan.EINVALID)
		wantCode(t, as.AddMember(ctx, &datchuan.Membership{PersonID: lan.ID, AgencyID: 1 << 40}), datchuan.EINVALID)
		_, err = as.Members(ctx, 1<<40)
		wantCode(t, err, datchuan.ENOTFOUND)
	})
}

func TestLeads(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		as := sqldb.NewAgencyService(db)
		province, _ := mustProvince(t, db)
		agriculture := &datchuan.Agency{Code: "84-SNNPTNT", Name: "Sở NN&PTNT", Kind: datchuan.AgencyDepartment, UnitID: province.ID}
		health := &datchuan.Agency{Code: "84-SYT", Name: "Sở Y tế", Kind: datchuan.AgencyDepartment, UnitID: province.ID}
		must(t, as.CreateAgency(ctx, agriculture))
		must(t, as.CreateAgency(ctx, health))

		const set = "qd318-2022-xa-ntm"
		water := &datchuan.Lead{ProvinceID: province.ID, SetID: set, CriterionCode: "17", IndicatorCode: "17.1", AgencyID: agriculture.ID}
		food := &datchuan.Lead{ProvinceID: province.ID, SetID: set, CriterionCode: "17", IndicatorCode: "17.8", AgencyID: health.ID}
		foodSupport := &datchuan.Lead{ProvinceID: province.ID, SetID: set, CriterionCode: "17", IndicatorCode: "17.8", AgencyID: agriculture.ID, Supporting: true}
		whole := &datchuan.Lead{ProvinceID: province.ID, SetID: set, CriterionCode: "17", AgencyID: agriculture.ID}
		other := &datchuan.Lead{ProvinceID: province.ID, SetID: "other-set", CriterionCode: "1", AgencyID: health.ID}
		for _, l := range []*datchuan.Lead{water, food, foodSupport, whole, other} {
			must(t, as.SetLead(ctx, l))
		}

		// Setting the same (province, set, criterion, indicator, agency)
		// again updates it in place.
		again := &datchuan.Lead{ProvinceID: province.ID, SetID: set, CriterionCode: "17", IndicatorCode: "17.8", AgencyID: agriculture.ID, Supporting: false}
		must(t, as.SetLead(ctx, again))
		if again.ID != foodSupport.ID {
			t.Errorf("SetLead again: ID %d, want %d", again.ID, foodSupport.ID)
		}
		foodSupport.Supporting = false

		got, err := as.Leads(ctx, province.ID, set)
		must(t, err)
		if diff := cmp.Diff([]*datchuan.Lead{water, food, foodSupport, whole}, got); diff != "" {
			t.Errorf("Leads (-want +got):\n%s", diff)
		}
		got, err = as.Leads(ctx, province.ID, "no-such-set")
		must(t, err)
		if len(got) != 0 {
			t.Errorf("Leads of an unknown set = %v", got)
		}
		wantCode(t, as.SetLead(ctx, &datchuan.Lead{ProvinceID: province.ID, SetID: set, CriterionCode: "1", AgencyID: 1 << 40}), datchuan.EINVALID)
		wantCode(t, as.SetLead(ctx, &datchuan.Lead{ProvinceID: province.ID, SetID: set, AgencyID: health.ID}), datchuan.EINVALID)
	})
}
