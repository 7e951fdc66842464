// Package catalog holds datchuan's reference data, embedded in the binary,
// and the loaders that check it: the national criteria sets (one YAML file
// per legal document, catalog/sets) and the official lists of
// administrative units with their history (catalog/data).
//
// # Criteria sets
//
// Embedded returns the shipped sets; Load, LoadDir and LoadFile read an
// operator's files in the same format (docs/criteria-sets.md), and Merge
// adds them to the shipped ones. A load is all or nothing: every problem of
// every file is listed in a *LoadError as "file:line: reason" (Vietnamese
// first, English in parentheses), and no set is returned. A derived set
// (derived_from) is materialised on load: it holds a full copy of its base's
// criteria with its overrides applied, so consumers never resolve it.
//
// The shipped sets are drafts: the official appendices of 318/QĐ-TTg,
// 320/QĐ-TTg and 51/2025/QĐ-TTg were not available, so most thresholds are
// written as unknown (Known false) and every threshold carries its source
// and confidence. docs/criteria-sets.md lists the gaps.
//
// # Administrative units
//
// ReadUnitsCSV reads an official unit list strictly, refusing the whole file
// on any bad row. Snapshots returns the embedded history (2022, 2024 and the
// two-level 2025 list with its links from the old units) for
// datchuan.UnitService.ApplyUnitSnapshot; Regions returns the 7 regions of
// the 2021–2025 sets. catalog/data/SOURCES.md gives the provenance of every
// file. Snapshots parses about 3 MB of CSV in roughly 0.1 s.
//
// Nothing here keeps state between calls: every function parses the
// embedded files again and returns values the caller owns, except that the
// sets of a Catalog are shared and must not be modified.
package catalog
