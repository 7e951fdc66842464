// Package docx writes Word documents (DOCX, Office Open XML) for the
// official papers the programme produces: weekly synthesis reports now, and
// later inspection minutes, meeting minutes, conclusion notices and dossier
// indexes. Civil servants open these drafts in Word, edit them and sign, so
// the output is a plain, editable document laid out as Decree 30/2020/NĐ-CP
// asks: A4, margins 20/20/30/15 mm (top, bottom, left, right), Times New
// Roman 14 pt, page numbers centred at the top from page 2.
//
// A Document is a list of blocks (Paragraph, Table, PageBreak) written by
// Document.Write as a complete package. Official lays out an administrative
// document (issuer and number, national name and motto, place and date,
// type and title, body, recipients, signature) and returns its Document.
//
// Text is given as Go strings in UTF-8: Vietnamese diacritics are kept as
// they are, XML special characters are escaped, and characters XML 1.0
// cannot carry (control characters other than tab and newline) are dropped.
// A newline inside a run becomes a line break (w:br) in the same paragraph
// and a tab becomes a tab; start a new Paragraph for a new paragraph.
//
// The package is hand-written over archive/zip because no well-kept,
// permissively licensed Go library writes DOCX: the known ones are paid or
// unmaintained, and the part of the format an official paper needs is small.
// Output is deterministic: the same Document gives the same bytes, since
// every time in it (document properties, zip entries) comes from
// Document.Created, never from the clock.
package docx
