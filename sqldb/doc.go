// Package sqldb stores the datchuan domain in a SQL database through
// database/sql. It speaks to two engines:
//
//   - SQLite (modernc.org/sqlite, pure Go), the default: one file,
//     datchuan.db, in a data directory;
//   - PostgreSQL (pgx through its database/sql driver) when a postgres://
//     URL is given.
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
package sqldb
