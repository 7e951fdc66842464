// Package service carries out what people do in datchuan: report a value,
// confirm it, assign a criterion, give a task, publish guidance, move an
// approval, manage an account. Each method asks datchuan.Access whether
// the caller may, validates the input with the domain's Validate, and
// commits the change, its change-log entry and the notices it causes in
// one transaction. The web pages, the JSON API, the Excel import and the
// command line all come here, so the same input gets the same answer
// everywhere.
package service

import (
	"context"
	"log/slog"
	"time"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/evidence"
)

// Config is what the service needs from the rest of the program.
type Config struct {
	Stores datchuan.Stores     // reads, and writes outside a transaction
	Tx     datchuan.Transactor // the same stores, bound to one transaction
	Sets   datchuan.CriteriaCatalog
	Now    func() time.Time
	// MaxUpload is the largest file accepted, in bytes (20 MB when 0).
	MaxUpload int64
	// Mail says whether notices are also mailed (a mail server is set);
	// BaseURL makes the links of mails absolute.
	Mail    bool
	BaseURL string
	// Kick asks the mail job to send the outbox now; called after a
	// commit that queued mail.
	Kick func()
	// Fresh brings the stores' in-memory reads up to date with the
	// database (live.Model.Sync): asked before a request reads and after
	// a write commits. Nil when Stores read the database directly.
	Fresh func(context.Context) error
	// Memo keeps an answer derived from many rows until the next write
	// (live.Model.Memo); nil computes it every time.
	Memo func(key string, fn func() (any, error)) (any, error)
	Log  *slog.Logger
}

// Service carries out the use cases. It holds no state of its own.
type Service struct {
	cfg Config
}

// New returns the service of cfg.
func New(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = evidence.DefaultMaxSize
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Service{cfg: cfg}
}

// SetMail turns mail on once the mail job exists (it is built after the
// service): notices are then also mailed, with links under baseURL, and
// kick wakes the job after a commit that queued mail.
func (s *Service) SetMail(baseURL string, kick func()) {
	s.cfg.Mail, s.cfg.BaseURL, s.cfg.Kick = true, baseURL, kick
}

// Stores returns the stores the service reads.
func (s *Service) Stores() datchuan.Stores { return s.cfg.Stores }

// Sets returns the criteria catalogue.
func (s *Service) Sets() datchuan.CriteriaCatalog { return s.cfg.Sets }

// MaxUpload is the largest file accepted, in bytes.
func (s *Service) MaxUpload() int64 { return s.cfg.MaxUpload }

// Today is the date in Vietnam on the service's clock.
func (s *Service) Today() datchuan.Date { return datchuan.Today(s.cfg.Now) }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.cfg.Now() }

// Caller is who asks: their access, and the unit tree of their request
// (one per request or job run, so its cache stays fresh).
type Caller struct {
	*datchuan.Access
	Tree *datchuan.UnitTree
}

// Caller returns the caller of acc with a new unit tree.
func (s *Service) Caller(acc *datchuan.Access) Caller {
	return Caller{Access: acc, Tree: s.Tree()}
}

// System is the program acting on its own, for a command (see
// datchuan.SystemAccess).
func (s *Service) System(command string) Caller { return s.Caller(datchuan.SystemAccess(command)) }

// Tree returns a new unit tree over the stores, on the service's clock.
func (s *Service) Tree() *datchuan.UnitTree {
	return datchuan.NewUnitTree(s.cfg.Stores.Units, s.cfg.Now)
}

// outcome is what one change writes besides itself: its log entry and
// the notices it causes.
type outcome struct {
	change  *datchuan.Change
	notices []datchuan.Notice
}

// write runs one change in one transaction: fn makes it through tx and
// returns its log entry and notices, which are written in the same
// transaction. Nothing is kept when any step fails.
func (s *Service) write(ctx context.Context, c Caller, fn func(tx datchuan.Stores) (outcome, error)) error {
	mailed := false
	err := s.cfg.Tx.Atomically(ctx, func(tx datchuan.Stores) error {
		out, err := fn(tx)
		if err != nil {
			return err
		}
		out.change.Actor = c.Actor
		if err := tx.Changes.Record(ctx, out.change); err != nil {
			return err
		}
		for _, n := range out.notices {
			m, err := s.tell(ctx, tx, n)
			if err != nil {
				return err
			}
			mailed = mailed || m
		}
		return nil
	})
	if err == nil && mailed && s.cfg.Kick != nil {
		s.cfg.Kick()
	}
	if err == nil {
		// What the same request reads next (a page rendered after the
		// write) sees the write.
		if ferr := s.Fresh(ctx); ferr != nil {
			s.cfg.Log.Error("read model after a write", "err", ferr)
		}
	}
	return err
}

// memo returns fn's answer for key, kept until the next write when the
// service has a read model. The answer must not depend on the caller.
func memo[T any](s *Service, key string, fn func() (T, error)) (T, error) {
	if s.cfg.Memo == nil {
		return fn()
	}
	v, err := s.cfg.Memo(key, func() (any, error) { return fn() })
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}

// Memo is the read model's memo (nil without one), for the read-side
// packages the web builds per request (rollup).
func (s *Service) Memo() func(key string, fn func() (any, error)) (any, error) { return s.cfg.Memo }

// Fresh brings what the service reads from memory up to date with the
// database: every write committed so far, on any instance, is seen by
// what is read after it.
func (s *Service) Fresh(ctx context.Context) error {
	if s.cfg.Fresh == nil {
		return nil
	}
	return s.cfg.Fresh(ctx)
}

// save writes a change made by one call of a store, with its log entry:
// entry is asked after store, so it sees the IDs store gave.
func (s *Service) save(ctx context.Context, c Caller, store func(tx datchuan.Stores) error, entry func() (*datchuan.Change, error)) error {
	return s.write(ctx, c, func(tx datchuan.Stores) (outcome, error) {
		if err := store(tx); err != nil {
			return outcome{}, err
		}
		ch, err := entry()
		return outcome{change: ch}, err
	})
}

// sameVersion refuses an edit made from a version (typed) other than the
// one just read (read). The edit is built on the row as read, and the
// store applies it only to the version the edit names: were the two
// different, a form naming a later version than it was built on (guessed,
// or crafted) would be written over changes it never saw. vi and en name
// the thing, as datchuan.Stale.
func sameVersion(read, typed int, vi, en string) error {
	if read != typed {
		return datchuan.Stale(vi, en)
	}
	return nil
}

// at places a change in a unit and its province.
func at(ch *datchuan.Change, unitID int64, province string) (*datchuan.Change, error) {
	ch.UnitID, ch.Province = unitID, province
	return ch, nil
}

// tell writes a notice for its person and, when mail is on and the notice
// is not one for the daily digest, a mail to each of the person's enabled
// accounts with an address; it reports whether it queued mail.
func (s *Service) tell(ctx context.Context, tx datchuan.Stores, n datchuan.Notice) (bool, error) {
	if n.PersonID == 0 {
		return false, nil // imported data: nobody to tell
	}
	if err := tx.Notify.Notify(ctx, &datchuan.Notification{PersonID: n.PersonID, Text: n.Text, Link: n.Link, Digest: n.Digest}); err != nil {
		return false, err
	}
	if !s.cfg.Mail || n.Digest {
		return false, nil // a digest notice waits for the daily digest (remind)
	}
	users, err := tx.Users.Users(ctx, datchuan.UserFilter{PersonID: n.PersonID})
	if err != nil {
		return false, err
	}
	queued := false
	for _, u := range users {
		if u.Email == "" || u.Disabled {
			continue
		}
		q, err := tx.Notify.QueueMail(ctx, n.Mail(u, s.cfg.BaseURL))
		if err != nil {
			return false, err
		}
		queued = queued || q
	}
	return queued, nil
}

// place places a change about unit u: the unit and its province.
func place(ctx context.Context, c Caller, ch *datchuan.Change, u *datchuan.Unit) (*datchuan.Change, error) {
	p, err := c.Tree.Path(ctx, u)
	if err != nil {
		return nil, err
	}
	return at(ch, u.ID, p.Province)
}
