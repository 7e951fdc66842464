// Package bench builds national-scale synthetic data for the status engine
// and holds its benchmarks: every commune-level unit of the 2024 list, every
// indicator of the national commune set 2021–2025, one current value each
// (save a few missing), with a seeded, deterministic mix of met, not met and
// unconfirmed values.
//
// Nothing here is real data about any commune. The unit list is real (GSO,
// 01/09/2024) and so is the criteria set as the catalog ships it; the values,
// the "extremely difficult" flags and the thresholds that FillUnknown adds
// are synthetic, and labelled so. Figures go to docs/BENCHMARKS.md.
package bench
