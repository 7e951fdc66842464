package docx

import (
	"fmt"
	"time"
)

// VietnameseDate returns the date of t (in t's location) as an official
// document writes it: "ngày 05 tháng 02 năm 2022", "ngày 22 tháng 6 năm
// 2022". Decree 30/2020/NĐ-CP puts a 0 before days below 10 and before
// months 1 and 2, so that nobody can turn "tháng 1" into "tháng 11" or
// "ngày 2" into "ngày 25" by hand.
func VietnameseDate(t time.Time) string {
	y, m, d := t.Date()
	month := fmt.Sprint(int(m))
	if m <= time.February {
		month = fmt.Sprintf("%02d", int(m))
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", d, month, y)
}

// PlaceDate returns the place-and-date line of an official document:
// "Trà Vinh, ngày 09 tháng 9 năm 2022".
func PlaceDate(place string, t time.Time) string {
	if place == "" {
		return VietnameseDate(t)
	}
	return place + ", " + VietnameseDate(t)
}
