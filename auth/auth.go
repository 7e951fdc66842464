// Package auth holds the secrets of signing in: password hashes (argon2id in
// the PHC string format, the form User.PasswordHash stores), the password
// policy, and the random tokens of sessions with the IDs the database keeps.
//
// Passwords are normalised to Unicode NFC before hashing. Vietnamese input
// methods type the same letter either precomposed ("ệ" as one code point) or
// decomposed (e + two combining marks), depending on the keyboard settings of
// the machine; without normalisation an officer who set a password at the
// office could not sign in from home. RFC 8265 (the OpaqueString profile for
// passwords) does the same.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/datchuan/datchuan"
	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Params are the argon2id cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over the memory
	Threads uint8  // lanes
}

// DefaultParams is OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane):
// about 20-40 ms per hash on a server, which a sign-in can afford and a
// guesser with a stolen table cannot.
var DefaultParams = Params{Memory: 19456, Time: 2, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32

	// Limits on what a stored hash may ask for, so that a corrupted or
	// hostile row cannot make one sign-in allocate gigabytes or spin for
	// minutes.
	maxMemory = 1 << 20 // KiB: 1 GiB
	maxTime   = 64
	minSalt   = 8  // the argon2 specification's minimum
	minKey    = 16 // shorter tags are too easy to collide
	maxKey    = 1024
)

// ErrMalformedHash is wrapped by the errors of VerifyPassword for a stored
// hash that is not an argon2id PHC string this package can check.
var ErrMalformedHash = errors.New("malformed password hash")

func (p Params) validate() error {
	switch {
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("t=%d outside 1..%d", p.Time, maxTime)
	case p.Threads < 1:
		return fmt.Errorf("p=%d below 1", p.Threads)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		// argon2 needs 8 KiB per lane at least.
		return fmt.Errorf("m=%d outside %d..%d", p.Memory, 8*uint32(p.Threads), maxMemory)
	}
	return nil
}

// HashPassword hashes password with DefaultParams and a fresh random salt.
func HashPassword(password string) (string, error) {
	return HashPasswordWith(DefaultParams, password)
}

// HashPasswordWith hashes password with p and a fresh random salt, and
// returns the PHC string $argon2id$v=19$m=…,t=…,p=…$salt$hash. It fails only
// for parameters argon2 cannot use (a programming error).
func HashPasswordWith(p Params, password string) (string, error) {
	if err := p.validate(); err != nil {
		return "", fmt.Errorf("auth: argon2id parameters: %v", err)
	}
	salt := make([]byte, saltLen)
	rand.Read(salt) // never fails: crypto/rand crashes the program rather than return weak bytes
	key := derive(p, password, salt, keyLen)
	return encode(p, salt, key), nil
}

func derive(p Params, password string, salt []byte, n uint32) []byte {
	return argon2.IDKey([]byte(norm.NFC.String(password)), salt, p.Time, p.Memory, p.Threads, n)
}

func encode(p Params, salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decode parses a PHC string of argon2id. It accepts only the form encode
// writes (version 19, parameters in the order m, t, p), which is also the
// form of the reference implementation and of libsodium.
func decode(encoded string) (p Params, salt, key []byte, err error) {
	fail := func(format string, args ...any) (Params, []byte, []byte, error) {
		// The hash itself stays out of the message: it is a secret of sorts
		// and errors end up in logs.
		return Params{}, nil, nil, fmt.Errorf("auth: %w: %s", ErrMalformedHash, fmt.Sprintf(format, args...))
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return fail("want 5 fields separated by $, got %d", len(parts)-1)
	}
	if parts[1] != "argon2id" {
		return fail("algorithm %q, want argon2id", parts[1])
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return fail("version %q, want v=%d", parts[2], argon2.Version)
	}
	kv := strings.Split(parts[3], ",")
	if len(kv) != 3 {
		return fail("parameters %q, want m=…,t=…,p=…", parts[3])
	}
	var nums [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(kv[i], name+"=")
		if !ok {
			return fail("parameters %q, want m=…,t=…,p=…", parts[3])
		}
		bits := 32
		if name == "p" {
			bits = 8
		}
		n, err := strconv.ParseUint(v, 10, bits)
		if err != nil {
			return fail("parameter %s=%q is not a number in range", name, v)
		}
		nums[i] = n
	}
	p = Params{Memory: uint32(nums[0]), Time: uint32(nums[1]), Threads: uint8(nums[2])}
	if err := p.validate(); err != nil {
		return fail("%v", err)
	}
	if salt, err = base64.RawStdEncoding.Strict().DecodeString(parts[4]); err != nil {
		return fail("salt is not unpadded base64")
	}
	if key, err = base64.RawStdEncoding.Strict().DecodeString(parts[5]); err != nil {
		return fail("hash is not unpadded base64")
	}
	if len(salt) < minSalt {
		return fail("salt of %d bytes, want at least %d", len(salt), minSalt)
	}
	if len(key) < minKey || len(key) > maxKey {
		return fail("hash of %d bytes, want %d..%d", len(key), minKey, maxKey)
	}
	return p, salt, key, nil
}

// VerifyPassword reports whether password matches the PHC string encoded,
// recomputing the hash with the parameters and salt stored in it. A wrong
// password is (false, nil); err (wrapping ErrMalformedHash) is for a stored
// string this package cannot check.
func VerifyPassword(encoded, password string) (ok bool, err error) {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return false, err
	}
	got := derive(p, password, salt, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether encoded was made with other parameters than p
// (or another key length, or is unreadable), so that the caller should store
// a new hash after the next successful sign-in.
func NeedsRehash(encoded string, p Params) bool {
	got, _, key, err := decode(encoded)
	return err != nil || got != p || len(key) != keyLen
}

// dummyHash is a DefaultParams hash of a random password nobody knows. It is
// a constant so that DummyVerify costs one hash, not two, on its first call;
// a test checks that it still matches DefaultParams.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$aD6cK4pMmALY7TP9Exaahg$64MpU7bk9vAQG42fvcxRlesseVT0F/OGCi8ZJFSq35U"

// DummyVerify spends the time of one VerifyPassword with DefaultParams and
// discards the result. Sign-in calls it when the login is unknown, so that
// the answer time does not tell a guesser which logins exist.
func DummyVerify(password string) {
	_, _ = VerifyPassword(dummyHash, password)
}

// MinPasswordLen is the least number of characters of a password (after NFC
// normalisation, so a Vietnamese letter counts once however it was typed).
const MinPasswordLen = 8

// CheckPasswordPolicy returns an EINVALID error, for the person choosing the
// password, when pw is too short or only white space.
func CheckPasswordPolicy(pw string) error {
	if utf8.RuneCountInString(norm.NFC.String(pw)) < MinPasswordLen {
		return datchuan.Errorf(datchuan.EINVALID,
			"Mật khẩu cần ít nhất %d ký tự (password needs at least %d characters)", MinPasswordLen, MinPasswordLen)
	}
	if strings.TrimFunc(pw, unicode.IsSpace) == "" {
		return datchuan.Errorf(datchuan.EINVALID,
			"Mật khẩu không được chỉ gồm dấu cách (password cannot be only spaces)")
	}
	return nil
}

// NewToken returns a random session token: 32 bytes (256 bits) from
// crypto/rand, in unpadded URL-safe base64 so that it fits a cookie as is.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails, see HashPasswordWith
	return base64.RawURLEncoding.EncodeToString(b)
}

// TokenID returns the lowercase hex SHA-256 of token: the ID a session is
// stored under. A plain hash suffices (no salt, no argon2) because the token
// is 256 random bits, not something a person chose.
func TokenID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
