package web

import "testing"

func TestSafeNext(t *testing.T) {
	for next, want := range map[string]string{
		"":                         "/",
		"/huyen/848?on=22/06/2022": "/huyen/848?on=22/06/2022",
		"/":                        "/",
		"//evil.example":           "/",
		"/\\evil.example":          "/",
		"/\t/evil.example":         "/",
		"/%09/ok-encoded":          "/%09/ok-encoded", // a path segment, not a host
		"https://evil.example/":    "/",
		"javascript:alert(1)":      "/",
		"huyen/848":                "/",
		"/x\r\nSet-Cookie: a=b":    "/",
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
}
