package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/datchuan/datchuan/demo"
	"github.com/datchuan/datchuan/web/webtest"
)

// Past five wrong passwords the sign-in page answers 429 and says when to
// try again, in words and in Retry-After; an administrator's button lets
// the person in at once; the administrator reads each failure in the log,
// the coordination office does not.
func TestSignInThrottlePage(t *testing.T) {
	w := webtest.New(t)
	guest := w.Anonymous()
	wrong := url.Values{"login": {"So-XD "}, "password": {"sai-mat-khau"}}
	for i := range 5 {
		if resp := guest.PostForm("/dang-nhap", wrong); resp.Status != http.StatusUnauthorized || !resp.Has("không đúng") {
			t.Fatalf("wrong password %d: %d", i+1, resp.Status)
		}
	}
	right := url.Values{"login": {"so-xd"}, "password": {demo.Password}}
	resp := guest.PostForm("/dang-nhap", right)
	if resp.Status != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "32" || !resp.Has("thử lại sau 32 giây") {
		t.Fatalf("after five wrong passwords: %d, Retry-After %q\n%.2000s", resp.Status, resp.Header.Get("Retry-After"), resp.Body)
	}

	u, err := w.Stores().Users.UserByLogin(context.Background(), "so-xd")
	if err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/quan-tri/nguoi-dung/%d", u.ID)
	admin := w.As(webtest.Admin)
	if !admin.Get(page).Has(`action="` + page + `/dang-nhap-sai/xoa"`) {
		t.Fatal("the user's admin page has no button to clear the throttle")
	}
	if resp := w.As(webtest.Coord).PostForm(page+"/dang-nhap-sai/xoa", nil); resp.Status != http.StatusForbidden {
		t.Errorf("the coordination office clears a throttle: %d, want 403", resp.Status)
	}
	if resp := admin.PostForm(page+"/dang-nhap-sai/xoa", nil); resp.Status != http.StatusSeeOther {
		t.Fatalf("clear: %d\n%.500s", resp.Status, resp.Body)
	}
	if resp := guest.PostForm("/dang-nhap", right); resp.Status != http.StatusSeeOther {
		t.Errorf("after the administrator cleared it: %d, want 303", resp.Status)
	}

	log := admin.Get("/nhat-ky")
	if !log.Has(`Đăng nhập sai: tên đăng nhập &#34;so-xd&#34;, từ địa chỉ 127.0.0.1`) || !log.Has("system:signin") {
		t.Errorf("the administrator's log lacks the failed sign-ins\n%.3000s", log.Body)
	}
	if w.As(webtest.Coord).Get("/nhat-ky").Has("Đăng nhập sai") {
		t.Error("the coordination office reads failed sign-ins")
	}
}
