package auth

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/datchuan/datchuan"
	"golang.org/x/text/unicode/norm"
)

// cheap keeps the tests fast; DefaultParams is exercised where its cost is
// the point.
var cheap = Params{Memory: 64, Time: 1, Threads: 1}

var phc = regexp.MustCompile(`^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$`)

func TestHashPasswordDefault(t *testing.T) {
	h, err := HashPassword("mật khẩu đủ dài")
	if err != nil {
		t.Fatal(err)
	}
	m := phc.FindStringSubmatch(h)
	if m == nil {
		t.Fatalf("hash %q is not an argon2id PHC string with a 16-byte salt and a 32-byte key", h)
	}
	if m[1] != "19456" || m[2] != "2" || m[3] != "1" {
		t.Errorf("parameters m=%s,t=%s,p=%s, want OWASP's m=19456,t=2,p=1", m[1], m[2], m[3])
	}
	ok, err := VerifyPassword(h, "mật khẩu đủ dài")
	if err != nil || !ok {
		t.Errorf("VerifyPassword(own hash) = %v, %v; want true, nil", ok, err)
	}
}

func TestVerifyPassword(t *testing.T) {
	const pw = "Nông thôn mới 2025"
	h, err := HashPasswordWith(cheap, pw)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		try  string
		want bool
	}{
		{pw, true},
		{norm.NFD.String(pw), true}, // typed with a decomposing Vietnamese keyboard
		{"nông thôn mới 2025", false},
		{pw + " ", false},
		{"", false},
		{strings.Repeat(pw, 100), false},
	} {
		ok, err := VerifyPassword(h, tc.try)
		if err != nil {
			t.Fatalf("VerifyPassword(%q): %v", tc.try, err)
		}
		if ok != tc.want {
			t.Errorf("VerifyPassword(%q) = %v, want %v", tc.try, ok, tc.want)
		}
	}
}

// TestVerifyKnownAnswer checks a hash made elsewhere (the argon2id test
// vector of golang.org/x/crypto, itself from the reference implementation):
// the parameters must be read in the right order and the key length taken
// from the string.
func TestVerifyKnownAnswer(t *testing.T) {
	const h = "$argon2id$v=19$m=256,t=3,p=2$c29tZXNhbHQ$RmjTCsQYfmh47t6s8P2DxaCjDbLMFu8L"
	if ok, err := VerifyPassword(h, "password"); err != nil || !ok {
		t.Fatalf("VerifyPassword(reference vector) = %v, %v; want true, nil", ok, err)
	}
	if ok, _ := VerifyPassword(h, "Password"); ok {
		t.Error("reference vector matched the wrong password")
	}
	// Swapping m and t must break it: it proves the values are used.
	if ok, _ := VerifyPassword(strings.Replace(h, "m=256,t=3", "m=256,t=4", 1), "password"); ok {
		t.Error("hash matched with another time cost")
	}
}

func TestVerifyMalformed(t *testing.T) {
	good, err := HashPasswordWith(cheap, "12345678")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Split(good, "$") // "", argon2id, v=19, m=…, salt, hash
	join := func(parts ...string) string { return strings.Join(parts, "$") }
	b64 := base64.RawStdEncoding.EncodeToString
	for name, s := range map[string]string{
		"empty":             "",
		"plain text":        "12345678",
		"bcrypt":            "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"argon2i":           join("", "argon2i", f[2], f[3], f[4], f[5]),
		"version 16":        join("", "argon2id", "v=16", f[3], f[4], f[5]),
		"no version":        join("", "argon2id", f[3], f[4], f[5]),
		"extra field":       good + "$x",
		"params reordered":  join("", "argon2id", f[2], "t=1,m=64,p=1", f[4], f[5]),
		"param missing":     join("", "argon2id", f[2], "m=64,t=1", f[4], f[5]),
		"param not number":  join("", "argon2id", f[2], "m=64,t=one,p=1", f[4], f[5]),
		"param negative":    join("", "argon2id", f[2], "m=64,t=-1,p=1", f[4], f[5]),
		"time zero":         join("", "argon2id", f[2], "m=64,t=0,p=1", f[4], f[5]),
		"threads zero":      join("", "argon2id", f[2], "m=64,t=1,p=0", f[4], f[5]),
		"threads too many":  join("", "argon2id", f[2], "m=4096,t=1,p=256", f[4], f[5]),
		"memory too small":  join("", "argon2id", f[2], "m=7,t=1,p=1", f[4], f[5]),
		"memory too large":  join("", "argon2id", f[2], "m=4194304,t=1,p=1", f[4], f[5]),
		"salt not base64":   join("", "argon2id", f[2], f[3], "!!!!!!!!!!!!", f[5]),
		"salt padded":       join("", "argon2id", f[2], f[3], f[4]+"==", f[5]),
		"salt too short":    join("", "argon2id", f[2], f[3], b64([]byte("1234567")), f[5]),
		"hash not base64":   join("", "argon2id", f[2], f[3], f[4], f[5][:40]+"*"),
		"hash too short":    join("", "argon2id", f[2], f[3], f[4], b64(make([]byte, 15))),
		"hash empty":        join("", "argon2id", f[2], f[3], f[4], ""),
		"leading text":      "x" + good,
		"spaces in params":  join("", "argon2id", f[2], "m=64, t=1, p=1", f[4], f[5]),
		"uppercase algname": join("", "Argon2id", f[2], f[3], f[4], f[5]),
	} {
		ok, err := VerifyPassword(s, "12345678")
		if ok || !errors.Is(err, ErrMalformedHash) {
			t.Errorf("%s: VerifyPassword(%q) = %v, %v; want false and ErrMalformedHash", name, s, ok, err)
		}
		if err != nil && strings.Contains(err.Error(), f[5]) {
			t.Errorf("%s: the error repeats the stored hash: %v", name, err)
		}
	}
}

func TestHashPasswordRejectsBadParams(t *testing.T) {
	for _, p := range []Params{{}, {Memory: 64, Time: 0, Threads: 1}, {Memory: 64, Time: 1}, {Memory: 1 << 30, Time: 1, Threads: 1}} {
		if h, err := HashPasswordWith(p, "12345678"); err == nil {
			t.Errorf("HashPasswordWith(%+v) = %q, want an error", p, h)
		}
	}
}

func TestSaltsDiffer(t *testing.T) {
	a, err := HashPasswordWith(cheap, "cùng một mật khẩu")
	if err != nil {
		t.Fatal(err)
	}
	b, err := HashPasswordWith(cheap, "cùng một mật khẩu")
	if err != nil {
		t.Fatal(err)
	}
	fa, fb := strings.Split(a, "$"), strings.Split(b, "$")
	if fa[4] == fb[4] || fa[5] == fb[5] {
		t.Errorf("two hashes of one password share salt or key:\n%s\n%s", a, b)
	}
	for _, h := range []string{a, b} {
		if ok, err := VerifyPassword(h, "cùng một mật khẩu"); err != nil || !ok {
			t.Errorf("VerifyPassword(%q) = %v, %v", h, ok, err)
		}
	}
}

func TestNeedsRehash(t *testing.T) {
	h, err := HashPasswordWith(cheap, "12345678")
	if err != nil {
		t.Fatal(err)
	}
	if NeedsRehash(h, cheap) {
		t.Error("NeedsRehash with the same parameters = true")
	}
	for _, p := range []Params{DefaultParams, {Memory: 128, Time: 1, Threads: 1}, {Memory: 64, Time: 2, Threads: 1}, {Memory: 64, Time: 1, Threads: 2}} {
		if !NeedsRehash(h, p) {
			t.Errorf("NeedsRehash(m=64,t=1,p=1 hash, %+v) = false", p)
		}
	}
	if !NeedsRehash("not a hash", cheap) {
		t.Error("NeedsRehash(malformed) = false")
	}
	// A 16-byte key from an older setting still verifies but is replaced.
	short := encode(cheap, []byte("0123456789abcdef"), derive(cheap, "12345678", []byte("0123456789abcdef"), 16))
	if ok, err := VerifyPassword(short, "12345678"); err != nil || !ok {
		t.Fatalf("VerifyPassword(16-byte key) = %v, %v", ok, err)
	}
	if !NeedsRehash(short, cheap) {
		t.Error("NeedsRehash(16-byte key) = false")
	}
}

func TestDummyHashMatchesDefaults(t *testing.T) {
	// DummyVerify only hides which logins exist if it costs what a real
	// verification costs: its hash must carry the current defaults.
	if NeedsRehash(dummyHash, DefaultParams) {
		t.Fatalf("dummyHash does not use DefaultParams %+v; regenerate it with HashPassword", DefaultParams)
	}
	if ok, err := VerifyPassword(dummyHash, ""); err != nil || ok {
		t.Errorf("VerifyPassword(dummyHash, \"\") = %v, %v; want false, nil", ok, err)
	}
	DummyVerify("anything")
}

func TestCheckPasswordPolicy(t *testing.T) {
	for _, tc := range []struct {
		pw      string
		wantErr string // part of the Vietnamese message; "" for accepted
	}{
		{"", "ít nhất 8 ký tự"},
		{"1234567", "ít nhất 8 ký tự"},
		{"12345678", ""},
		{"mậtkhẩu", "ít nhất 8 ký tự"}, // 7 letters
		{"mậtkhẩuu", ""},
		{norm.NFD.String("mậtkhẩu"), "ít nhất 8 ký tự"}, // 11 runes typed, 7 letters
		{"        ", "chỉ gồm dấu cách"},
		{"\t \u00a0 \u3000  \n ", "chỉ gồm dấu cách"},
		{"  a     ", ""},
		{"correct horse battery staple", ""},
	} {
		err := CheckPasswordPolicy(tc.pw)
		if tc.wantErr == "" {
			if err != nil {
				t.Errorf("CheckPasswordPolicy(%q) = %v, want nil", tc.pw, err)
			}
			continue
		}
		if datchuan.ErrorCode(err) != datchuan.EINVALID {
			t.Errorf("CheckPasswordPolicy(%q) = %v, want an EINVALID error", tc.pw, err)
			continue
		}
		msg := datchuan.ErrorText(err)
		if !strings.Contains(msg.Vi, tc.wantErr) || !strings.HasPrefix(msg.En, "Password ") {
			t.Errorf("CheckPasswordPolicy(%q) message %q, want %q and an English text", tc.pw, msg, tc.wantErr)
		}
	}
	if msg := datchuan.ErrorText(CheckPasswordPolicy("abc")); msg.Vi != "Mật khẩu cần ít nhất 8 ký tự" || msg.En != "Password needs at least 8 characters" {
		t.Errorf("short password message = %q", msg)
	}
}

func TestNewToken(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok := NewToken()
		if len(tok) != 43 {
			t.Fatalf("token %q has %d characters, want 43 (32 bytes unpadded)", tok, len(tok))
		}
		b, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || len(b) != 32 {
			t.Fatalf("token %q does not decode to 32 bytes: %v", tok, err)
		}
		if seen[tok] {
			t.Fatalf("token %q repeated", tok)
		}
		seen[tok] = true
	}
}

func TestTokenID(t *testing.T) {
	// SHA-256("abc"), FIPS 180-2 appendix B.1.
	if got, want := TokenID("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Errorf("TokenID(abc) = %s, want %s", got, want)
	}
	tok := NewToken()
	id := TokenID(tok)
	if id != TokenID(tok) {
		t.Error("TokenID is not stable")
	}
	if b, err := hex.DecodeString(id); err != nil || len(b) != 32 || id != strings.ToLower(id) {
		t.Errorf("TokenID = %q, want 64 lowercase hex digits", id)
	}
	if id == TokenID(NewToken()) {
		t.Error("two tokens share an ID")
	}
	if strings.Contains(id, tok) {
		t.Error("the ID contains the token")
	}
}
