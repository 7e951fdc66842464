package service

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"
	"unicode"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/auth"
)

// Signing in is throttled twice. A login tried from one address gets
// freeFailures wrong passwords, then waits longer after each next one;
// nobody elsewhere is slowed down by it, so a guesser cannot lock a
// person out. An address gets addrFailures over any logins, enough for
// an office behind one NAT address, before it waits for the window to
// move on. Every wrong password is in the change log.
const (
	// loginWindow is how long a failure of a login from an address counts:
	// a day, so that a guesser's waits grow to maxDelay and stay there.
	loginWindow = 24 * time.Hour
	// freeFailures of one login from one address go without delay; after
	// n of them the next try waits 2^n seconds (32 s after five), at most
	// maxDelay.
	freeFailures = 5
	maxDelay     = 15 * time.Minute
	// addrFailures from one address within addrWindow, whatever the
	// logins, stop it from signing in until the oldest of them is
	// addrWindow old.
	addrFailures = 100
	addrWindow   = 15 * time.Minute
	// signInCommand names the program in the change log's entry of a
	// failed sign-in ("system:signin"): nobody is signed in yet.
	signInCommand = "signin"
)

// Throttled refuses a sign-in tried too soon after too many failures,
// without checking the password; it may be tried again after Wait.
type Throttled struct{ Wait time.Duration }

func (t *Throttled) Error() string { return "service: sign-in throttled: " + t.Text().String() }

// Text says what happened and when to try again.
func (t *Throttled) Text() datchuan.Text {
	vi, en := waitWords(t.Wait)
	return datchuan.Textf("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %s, hoặc nhờ quản trị hệ thống cho đăng nhập lại ngay "+
		"(Too many failed sign-ins. Please try again in %s, or ask an administrator to let you in at once)", vi, en)
}

// waitWords is a wait in words: whole seconds under a minute, else whole
// minutes, rounded up so that trying again then works.
func waitWords(d time.Duration) (vi, en string) {
	if s := int((d + time.Second - 1) / time.Second); s < 60 {
		return fmt.Sprintf("%d giây", s), plural(s, "second")
	}
	m := int((d + time.Minute - 1) / time.Minute)
	return fmt.Sprintf("%d phút", m), plural(m, "minute")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// RetryAfter is the wait in whole seconds, rounded up, for the
// Retry-After header.
func (t *Throttled) RetryAfter() int { return int((t.Wait + time.Second - 1) / time.Second) }

// WrongSignIn is the refusal of a wrong login or password; it does not
// tell which, so that it does not tell which logins exist.
func WrongSignIn() error {
	return datchuan.Errorf(datchuan.EUNAUTHORIZED, "Tên đăng nhập hoặc mật khẩu không đúng (Wrong login or password)")
}

// signInKeys are the throttle's keys of one try: the login from the
// address's network, and the network.
type signInKeys struct{ login, addr string }

func keysOf(login, network string) signInKeys {
	return signInKeys{login: loginKeyPrefix(login) + network, addr: "addr:" + network}
}

// loginKeyPrefix starts the key of a login (normalised) from every
// address: what an administrator clears. No login holds a space.
func loginKeyPrefix(login string) string { return "login:" + login + " " }

// SignIn returns the enabled account of login and password, tried from
// addr. The login is normalised (datchuan.NormalLogin), so that " VPDP"
// is vpdp for the password check and the throttle alike. A try too soon
// after too many failures is *Throttled and checks no password; a wrong
// login or password is WrongSignIn, recorded against the login from the
// address and against the address, with its change-log entry, in one
// transaction. A success forgets the login's failures from the address.
func (s *Service) SignIn(ctx context.Context, login, password, addr string) (*datchuan.User, error) {
	login, addr = datchuan.NormalLogin(login), cleanAddr(addr)
	keys := keysOf(login, network(addr))
	if err := s.throttled(ctx, keys); err != nil {
		return nil, err
	}
	u, err := s.checkPassword(ctx, login, password)
	if err != nil {
		return nil, err
	}
	if u == nil {
		if err := s.recordFailure(ctx, login, addr, keys); err != nil {
			return nil, err
		}
		return nil, WrongSignIn()
	}
	if err := s.cfg.Stores.Throttle.ClearLoginFailures(ctx, keys.login); err != nil {
		return nil, err
	}
	return u, nil
}

// throttled refuses a try from an address that failed too often lately,
// or of a login from an address that must still wait after its last
// failure.
func (s *Service) throttled(ctx context.Context, keys signInKeys) error {
	now := s.cfg.Now()
	// A failure counts while younger than the window: one exactly as old
	// has ended its wait, as the wait announced said.
	byAddr, err := s.cfg.Stores.Throttle.LoginFailures(ctx, keys.addr, now.Add(time.Nanosecond-addrWindow))
	if err != nil {
		return err
	}
	if byAddr.Count >= addrFailures {
		return &Throttled{Wait: byAddr.First.Add(addrWindow).Sub(now)}
	}
	byLogin, err := s.cfg.Stores.Throttle.LoginFailures(ctx, keys.login, now.Add(time.Nanosecond-loginWindow))
	if err != nil || byLogin.Count < freeFailures {
		return err
	}
	if wait := byLogin.Last.Add(delayAfter(byLogin.Count)).Sub(now); wait > 0 {
		return &Throttled{Wait: wait}
	}
	return nil
}

// delayAfter is how long the next try waits after n failures
// (n ≥ freeFailures): 2^n seconds, at most maxDelay.
func delayAfter(n int) time.Duration {
	if n >= 30 {
		return maxDelay
	}
	return min(time.Duration(1<<n)*time.Second, maxDelay)
}

// recordFailure counts a wrong sign-in against both keys and logs it
// (the login tried, the address; never the password), in one transaction.
func (s *Service) recordFailure(ctx context.Context, login, addr string, keys signInKeys) error {
	c := Caller{Access: &datchuan.Access{Actor: datchuan.SystemActor(signInCommand)}}
	c.Actor.Addr = addr
	now := s.cfg.Now()
	return s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		for _, key := range []string{keys.login, keys.addr} {
			if err := tx.Throttle.RecordLoginFailure(ctx, key, now); err != nil {
				return outcome{}, err
			}
		}
		return outcome{change: datchuan.NewChange(c.Actor, datchuan.ActSignInFail, "signin", 0,
			fmt.Sprintf("Đăng nhập sai: tên đăng nhập %q, từ địa chỉ %s", login, addr), nil,
			map[string]string{"login": login, "addr": addr})}, nil
	})
}

// checkPassword returns the enabled user with that login and password, or
// nil. An unknown login costs the same time as a wrong password, so that
// timing does not tell which logins exist. A hash made with weaker
// parameters than today's is upgraded now that the password is at hand.
func (s *Service) checkPassword(ctx context.Context, login, password string) (*datchuan.User, error) {
	u, err := s.cfg.Stores.Users.UserByLogin(ctx, login)
	if err != nil && datchuan.ErrorCode(err) != datchuan.ENOTFOUND {
		return nil, err
	}
	if u == nil || u.PasswordHash == "" {
		auth.DummyVerify(password)
		return nil, nil
	}
	ok, err := auth.VerifyPassword(u.PasswordHash, password)
	if err != nil || !ok || u.Disabled {
		return nil, err
	}
	if auth.NeedsRehash(u.PasswordHash, auth.DefaultParams) {
		h, err := auth.HashPassword(password)
		if err != nil {
			return nil, err
		}
		if err := s.cfg.Stores.Users.SetPassword(ctx, u.ID, h); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// network is what the throttle counts an address by: an IPv4 address
// itself, an IPv6 address by its /64 (one subscriber's: a guesser there
// holds all of it).
func network(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	if a = a.Unmap(); a.Is4() {
		return a.String()
	}
	return netip.PrefixFrom(a.WithZone(""), 64).Masked().String()
}

// cleanAddr keeps a client address fit for the database and the log: an
// address from X-Forwarded-For is only as good as the proxy's setup.
func cleanAddr(addr string) string {
	addr = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(addr, ""))
	if len(addr) > 64 {
		addr = strings.ToValidUTF8(addr[:64], "")
	}
	return addr
}
