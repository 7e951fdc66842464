// Package status is the status engine: it turns a criteria set, a unit's
// classifiers and its current values into the status of every indicator,
// criterion, unit and district condition, the Decision 18/2022 revocation
// risk, and the list of what still blocks recognition.
//
// Everything here is a pure function over in-memory data: no I/O, no clock,
// no global state. The rules are those of DOMAIN.md §5:
//
//   - an indicator is met only when its value is confirmed by the lead
//     department and satisfies the threshold that applies to the unit's class
//     (region after the "extremely difficult" override, or commune group)
//     and year; a threshold that is not Known is never met, whatever the value;
//   - a criterion is met when all of its indicators are; a unit meets its set
//     when all criteria are met;
//   - a district (2021–2025) meets NTM when its own criteria are all met and
//     every condition of its set holds (shares of communes and towns meeting a
//     tier, a capital-debt statement ...).
//
// EvaluateUnit and EvaluateDistrict give the full picture for one unit and are
// what pages and reports use. For a national dashboard, Compile turns a set
// into dense tables and (*Compiled).Rollup counts criteria met for thousands
// of units in a few milliseconds, with the same results as EvaluateUnit.
package status
