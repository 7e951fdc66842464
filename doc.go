// Package datchuan holds the domain of the New Rural Development programme
// (Nông thôn mới, NTM) as datchuan models it: administrative units, agencies
// and people, criteria sets, targets and reported values, with the service
// interfaces that the storage adapter implements and the web layer uses.
//
// The package imports no database, HTTP or file-format package. Adapters
// (sqldb, web, catalog) import it; it imports none of them. The status engine
// that turns values into "đạt chuẩn" lives in the status package.
package datchuan
