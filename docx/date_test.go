package docx

import (
	"testing"
	"time"
)

func TestVietnameseDate(t *testing.T) {
	tests := []struct {
		y    int
		m    time.Month
		d    int
		want string
	}{
		{2022, time.February, 5, "ngày 05 tháng 02 năm 2022"},
		{2022, time.January, 31, "ngày 31 tháng 01 năm 2022"},
		{2022, time.June, 22, "ngày 22 tháng 6 năm 2022"},
		{2022, time.September, 9, "ngày 09 tháng 9 năm 2022"},
		{2022, time.October, 10, "ngày 10 tháng 10 năm 2022"},
		{2022, time.December, 1, "ngày 01 tháng 12 năm 2022"},
	}
	for _, tc := range tests {
		if got := VietnameseDate(time.Date(tc.y, tc.m, tc.d, 0, 0, 0, 0, time.UTC)); got != tc.want {
			t.Errorf("%d-%d-%d: got %q, want %q", tc.y, tc.m, tc.d, got, tc.want)
		}
	}
	if got, want := PlaceDate("Trà Vinh", time.Date(2022, 9, 9, 0, 0, 0, 0, time.UTC)), "Trà Vinh, ngày 09 tháng 9 năm 2022"; got != want {
		t.Errorf("PlaceDate = %q, want %q", got, want)
	}
}

func TestVietnameseDateUsesTheTimesZone(t *testing.T) {
	// 17:30 UTC on 8 September is already 9 September in Vietnam.
	hcm := time.FixedZone("ICT", 7*3600)
	at := time.Date(2022, 9, 8, 17, 30, 0, 0, time.UTC).In(hcm)
	if got, want := VietnameseDate(at), "ngày 09 tháng 9 năm 2022"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRecipientLine(t *testing.T) {
	tests := []struct {
		in   string
		last bool
		want string
	}{
		{"UBND tỉnh", false, "- UBND tỉnh;"},
		{"- Như trên;", false, "- Như trên;"},
		{"Lưu: VT", true, "- Lưu: VT."},
		{"Lưu: VT.", true, "- Lưu: VT."},
	}
	for _, tc := range tests {
		if got := recipientLine(tc.in, tc.last); got != tc.want {
			t.Errorf("recipientLine(%q, %v) = %q, want %q", tc.in, tc.last, got, tc.want)
		}
	}
}
