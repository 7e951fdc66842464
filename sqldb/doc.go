// Package sqldb stores the datchuan domain in a SQL database through
// database/sql. It speaks to two engines:
//
//   - SQLite (modernc.org/sqlite, pure Go), the default: one file,
//     datchuan.db, in a data directory;
//   - PostgreSQL (pgx through its database/sql driver) when a postgres://
//     URL is given.
//
// The services are reached through (*DB).Stores, one value holding every
// store of the domain (datchuan.Stores); assigning each service to its
// domain interface there is the compile-time proof that it implements it.
//
// # One dialect subset
//
// The SQL is written by hand, once, in the subset both engines understand:
// placeholders are written as ? and rewritten to $1, $2 ... for PostgreSQL
// by a single helper (rebind); RETURNING, ON CONFLICT ... DO UPDATE, partial
// indexes and NULLS FIRST work in both. The code branches on the engine only
// where the two really differ, each time in one small helper:
//
//   - the schema: numbered .sql migrations per dialect under
//     migrations/sqlite and migrations/postgres (INTEGER PRIMARY KEY vs
//     identity columns, TEXT vs DATE and TIMESTAMPTZ, INTEGER 0/1 vs
//     BOOLEAN, REAL vs DOUBLE PRECISION, COLLATE "C" on codes in PostgreSQL
//     so that both engines order codes bytewise);
//   - timestamps (ts, scanTime): TIMESTAMPTZ in PostgreSQL; in SQLite, TEXT
//     in a fixed-width RFC 3339 form in UTC with six fractional digits
//     ("2022-06-22T01:02:03.456789Z"), so that text order is time order.
//     Both engines keep microseconds, so every timestamp is truncated to the
//     microsecond before it is written and reads back equal;
//   - lists of values (inList): json_each(?) in SQLite, = ANY(?) with an
//     array in PostgreSQL, so that one statement takes any number of IDs.
//     In every filter a nil list does not filter and an empty, non-nil list
//     matches nothing;
//   - constraint violations (violationOf): SQLite's extended result codes and
//     PostgreSQL's SQLSTATEs both map to unique, foreign key and check
//     violations, which each operation turns into ECONFLICT or EINVALID;
//   - locking: PostgreSQL takes advisory locks where SQLite's single writer
//     already serialises (migrations, applying a unit snapshot), and claims
//     outbox mails with FOR UPDATE SKIP LOCKED so that two app instances
//     never take the same mail;
//   - lists read back with their owner (jsonList): json_group_array in
//     SQLite, json_agg in PostgreSQL, so that a plan comes back with its
//     targets and files in one statement.
//
// Dates are datchuan.Date values, written as ISO text: a DATE column in
// PostgreSQL, TEXT in SQLite; datchuan.Date scans both.
//
// # SQLite connections
//
// SQLite allows one writer at a time. The DB keeps two pools on the file:
// a write pool of exactly one connection whose transactions begin with BEGIN
// IMMEDIATE (so a transaction that reads and then writes never fails to
// upgrade its lock), and a read pool of several query-only connections that
// WAL lets run beside the writer. Every connection gets WAL, foreign keys,
// a 5 s busy timeout and synchronous=NORMAL from the DSN, so no pooled
// connection lacks them. Writers of this process queue in database/sql;
// another process (the migrate verb beside a running server) waits on the
// busy timeout. For PostgreSQL both pools are the same.
//
// # Transactions
//
// Each service method is one transaction of its own, unless it runs
// within (*DB).Atomically, which gives its function the services (a
// datchuan.Stores) of a copy of the DB bound to one transaction. The
// services never name a pool: a single-statement write goes to db.q(), a
// read to db.r(), a write of several statements through db.write; bound,
// all three use the transaction (db.write runs its function in it instead
// of beginning another), unbound, the write pool, the read pool and a new
// transaction of the write pool. So a read within Atomically sees the
// writes made earlier in it, and a change, its change-log entry and the
// notices and mails it causes commit together or not at all. With SQLite
// this is also what keeps Atomically from deadlocking: its transaction
// holds the one connection of the write pool, and any statement sent to a
// pool from inside it would wait for that connection forever. There are
// no savepoints: a store error inside Atomically ends the transaction
// (PostgreSQL refuses any further statement; SQLite may have stored part
// of the failed method), so the function must return it.
//
// # Versions and the change log
//
// Plans, assignments, tasks, guidance, approvals and users carry a version
// (datchuan.Versioned): an update applies only to the version it names and
// makes the next one, in one conditional statement, and when it changes
// nothing a second look in the same transaction tells a row that is gone
// (ENOTFOUND) from one someone changed meanwhile (ECONFLICT). Whether a
// plan, an assignment, a task, a guidance document, an approval or an
// account is acceptable is its Validate method's, in the domain, asked by
// every entry point before it writes; for those sqldb keeps only what
// protects the data: an unknown reference, or what a CHECK or NOT NULL of
// the schema refuses, is EINVALID naming it rather than an internal error,
// and a duplicate key is ECONFLICT.
//
// The changes table is the append-only change log (ChangeLog): it has no
// foreign key, so that it never blocks a write nor loses an entry to a
// cascade, and triggers in both engines refuse every UPDATE and DELETE of
// it (and TRUNCATE in PostgreSQL).
package sqldb
