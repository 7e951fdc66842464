package chart

import (
	"encoding/xml"
	"strings"
	"testing"
)

// node is an element of a parsed chart.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []node     `xml:",any"`
}

// mustParse parses s as XML, failing the test when it is not well formed
// or says NaN or Inf anywhere (a division by zero that reached a drawing).
func mustParse(tb testing.TB, s string) node {
	tb.Helper()
	for _, bad := range []string{"NaN", "Inf"} {
		if strings.Contains(s, bad) {
			tb.Fatalf("output contains %s:\n%s", bad, s)
		}
	}
	var root node
	dec := xml.NewDecoder(strings.NewReader(s))
	dec.Strict = true
	if err := dec.Decode(&root); err != nil {
		tb.Fatalf("not well-formed XML: %v\n%s", err, s)
	}
	return root
}

// attr is n's attribute name, "" when absent.
func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// all is every element under n (n included) that keep accepts, in order.
func (n node) all(keep func(node) bool) []node {
	var out []node
	if keep(n) {
		out = append(out, n)
	}
	for _, c := range n.Nodes {
		out = append(out, c.all(keep)...)
	}
	return out
}

// class is every element under n whose class attribute holds c.
func (n node) class(c string) []node {
	return n.all(func(m node) bool {
		for _, f := range strings.Fields(m.attr("class")) {
			if f == c {
				return true
			}
		}
		return false
	})
}

// tag is every element under n named name.
func (n node) tag(name string) []node {
	return n.all(func(m node) bool { return m.XMLName.Local == name })
}

// texts is the character data of every <text> under n.
func (n node) texts() []string {
	var out []string
	for _, t := range n.tag("text") {
		out = append(out, t.Text)
	}
	return out
}
