package catalog

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// The criteria set files are read from the YAML syntax tree rather than
// unmarshalled into structs: every node keeps its line, so each problem can
// be reported where it is, and reading goes on after a problem so that one
// run lists them all.

// pos is a place in a file.
type pos struct {
	file      string
	line, col int
}

// ydec reads the syntax tree of one file and records its problems.
type ydec struct {
	file string
	ps   *problems
}

func (d *ydec) errorf(p pos, format string, args ...any) {
	d.ps.addf(p.file, p.line, p.col, format, args...)
}

// posOf returns where n starts. For a mapping it is its first key.
func (d *ydec) posOf(n ast.Node) pos {
	if n == nil {
		return pos{file: d.file}
	}
	switch v := n.(type) {
	case *ast.MappingNode:
		if len(v.Values) > 0 {
			return d.posOf(v.Values[0].Key)
		}
	case *ast.MappingValueNode:
		return d.posOf(v.Key)
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return pos{file: d.file}
	}
	return pos{file: d.file, line: tk.Position.Line, col: tk.Position.Column}
}

// parseYAML parses one file into the body of its single document. A syntax
// error is reported with its line and nil returned.
func (d *ydec) parseYAML(src []byte) ast.Node {
	f, err := parser.ParseBytes(src, 0)
	if err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil && ye.GetToken().Position != nil {
			p := ye.GetToken().Position
			d.errorf(pos{d.file, p.Line, p.Column}, "lỗi cú pháp YAML: %s (YAML syntax error)", ye.GetMessage())
		} else {
			d.errorf(pos{file: d.file}, "lỗi cú pháp YAML: %v (YAML syntax error)", err)
		}
		return nil
	}
	var bodies []*ast.DocumentNode
	for _, doc := range f.Docs {
		if doc != nil && doc.Body != nil {
			bodies = append(bodies, doc)
		}
	}
	switch len(bodies) {
	case 0:
		d.errorf(pos{file: d.file, line: 1}, "tệp rỗng: cần một bộ tiêu chí (empty file)")
		return nil
	case 1:
		return bodies[0].Body
	}
	d.errorf(d.posOf(bodies[1].Body), "mỗi tệp chỉ chứa một tài liệu YAML, tức một bộ tiêu chí (one YAML document per file)")
	return nil
}

// unwrap looks through anchors and tags; an alias is refused (the files are
// read by people: write values out).
func (d *ydec) unwrap(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		case *ast.AliasNode:
			d.errorf(d.posOf(n), "không dùng alias YAML (*%s); hãy viết giá trị ra (aliases are not supported)", v.Value)
			return nil
		default:
			return n
		}
	}
}

// object is a YAML mapping whose keys were checked against the allowed ones.
type object struct {
	d    *ydec
	pos  pos
	what string
	keys map[string]*ast.MappingValueNode
}

// object reads n as a mapping with the allowed keys; unknown keys are
// reported. It returns nil (after reporting) when n is not a mapping.
func (d *ydec) object(n ast.Node, at pos, what string, allowed ...string) *object {
	n = d.unwrap(n)
	var values []*ast.MappingValueNode
	switch v := n.(type) {
	case *ast.MappingNode:
		values = v.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{v}
	case nil:
		d.errorf(at, "%s: cần một ánh xạ khóa: giá trị (expected a mapping)", strings.ReplaceAll(what, " %s", ""))
		return nil
	default:
		d.errorf(d.posOf(n), "%s: cần một ánh xạ khóa: giá trị, không phải %s (expected a mapping)", strings.ReplaceAll(what, " %s", ""), nodeKind(n))
		return nil
	}
	o := &object{d: d, pos: d.posOf(n), what: what, keys: make(map[string]*ast.MappingValueNode, len(values))}
	ok := make(map[string]bool, len(allowed))
	for _, k := range allowed {
		ok[k] = true
	}
	var unknown []*ast.MappingValueNode
	for _, mv := range values {
		key, isScalar := scalarText(d.unwrap(mv.Key))
		kp := d.posOf(mv.Key)
		switch {
		case !isScalar:
			d.errorf(kp, "%s: khóa phải là chuỗi (keys must be plain strings)", what)
		case !ok[key]:
			unknown = append(unknown, mv)
		case o.keys[key] != nil:
			d.errorf(kp, "%s: khóa %q lặp lại (duplicate key)", what, key)
		default:
			o.keys[key] = mv
		}
	}
	// A mapping with a code is named by it: "chỉ tiêu 17.8 (indicator)".
	if strings.Contains(what, "%s") {
		code := "?"
		if mv := o.keys["code"]; mv != nil {
			if s, isScalar := scalarText(d.unwrap(mv.Value)); isScalar && strings.TrimSpace(s) != "" {
				code = strings.TrimSpace(s)
			}
		}
		o.what = fmt.Sprintf(what, code)
	}
	for _, mv := range unknown {
		key, _ := scalarText(d.unwrap(mv.Key))
		d.errorf(d.posOf(mv.Key), "%s: khóa không hợp lệ %q; khóa cho phép: %s (unknown key)", o.what, key, strings.Join(allowed, ", "))
	}
	return o
}

func nodeKind(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "ánh xạ (mapping)"
	case *ast.SequenceNode:
		return "danh sách (list)"
	case *ast.NullNode:
		return "null"
	}
	return "giá trị đơn (scalar)"
}

// scalarText returns the text of a scalar as written in the file: "17.10"
// stays "17.10". ok is false for mappings, lists and null.
func scalarText(n ast.Node) (string, bool) {
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		if v.Value != nil {
			return v.Value.Value, true
		}
		return "", true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return n.GetToken().Value, true
	}
	return "", false
}

func (o *object) has(key string) bool { return o != nil && o.keys[key] != nil }

// keyPos is where key is written, or the mapping's position when absent.
func (o *object) keyPos(key string) pos {
	if mv := o.keys[key]; mv != nil {
		return o.d.posOf(mv.Key)
	}
	return o.pos
}

// node returns the value of key (anchors and tags unwrapped), or nil.
func (o *object) node(key string) ast.Node {
	mv := o.keys[key]
	if mv == nil {
		return nil
	}
	return o.d.unwrap(mv.Value)
}

// valuePos is where the value of key is, falling back to the key.
func (o *object) valuePos(key string) pos {
	if n := o.node(key); n != nil {
		if p := o.d.posOf(n); p.line > 0 {
			return p
		}
	}
	return o.keyPos(key)
}

func (o *object) errorf(key string, format string, args ...any) {
	o.d.errorf(o.keyPos(key), "%s: %s", o.what, fmt.Sprintf(format, args...))
}

func (o *object) missing(key string) {
	o.d.errorf(o.pos, "%s: thiếu khóa %q (missing key)", o.what, key)
}

// isNull reports whether key is present with a null value.
func (o *object) isNull(key string) bool {
	_, null := o.node(key).(*ast.NullNode)
	return o.has(key) && null
}

// str returns the text of a scalar key; "" when absent or null. A required
// key that is absent or empty is reported.
func (o *object) str(key string, required bool) string {
	if !o.has(key) {
		if required {
			o.missing(key)
		}
		return ""
	}
	n := o.node(key)
	if n == nil {
		return ""
	}
	if _, null := n.(*ast.NullNode); null {
		if required {
			o.errorf(key, "%q không được để trống (must not be empty)", key)
		}
		return ""
	}
	s, ok := scalarText(n)
	if !ok {
		o.errorf(key, "%q phải là một giá trị đơn, không phải %s (expected a scalar)", key, nodeKind(n))
		return ""
	}
	s = strings.TrimSpace(s)
	if s == "" && required {
		o.errorf(key, "%q không được để trống (must not be empty)", key)
	}
	return s
}

// boolean reads true/false (also yes/no); def when absent.
func (o *object) boolean(key string, def bool) bool {
	if !o.has(key) {
		return def
	}
	s := o.str(key, true)
	switch strings.ToLower(s) {
	case "true", "yes":
		return true
	case "false", "no":
		return false
	case "":
		return def
	}
	o.errorf(key, "%q phải là true hoặc false, có %q (expected a boolean)", key, s)
	return def
}

// integer reads a whole number; ok is false when absent or bad (reported).
func (o *object) integer(key string, required bool) (int, bool) {
	s := o.str(key, required)
	if s == "" {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		o.errorf(key, "%q phải là số nguyên, có %q (expected an integer)", key, s)
		return 0, false
	}
	return v, true
}

// number reads a finite decimal number; ok is false when absent or bad.
func (o *object) number(key string, required bool) (float64, bool) {
	s := o.str(key, required)
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		o.errorf(key, "%q phải là một số, có %q (expected a number)", key, s)
		return 0, false
	}
	return v, true
}

// percent reads a number in 0..100.
func (o *object) percent(key string, required bool) (float64, bool) {
	v, ok := o.number(key, required)
	if ok && (v < 0 || v > 100) {
		o.errorf(key, "%q là tỷ lệ phần trăm, phải trong khoảng 0–100, có %v (percentage out of range)", key, v)
		return v, false
	}
	return v, ok
}

// list returns the items of a list key; nil when absent or null.
func (o *object) list(key string, required bool) []ast.Node {
	if !o.has(key) {
		if required {
			o.missing(key)
		}
		return nil
	}
	switch n := o.node(key).(type) {
	case *ast.SequenceNode:
		items := make([]ast.Node, 0, len(n.Values))
		for _, it := range n.Values {
			items = append(items, o.d.unwrap(it))
		}
		if len(items) == 0 && required {
			o.errorf(key, "danh sách %q không được rỗng (must not be empty)", key)
		}
		return items
	case *ast.NullNode:
		if required {
			o.errorf(key, "danh sách %q không được rỗng (must not be empty)", key)
		}
		return nil
	case nil:
		return nil
	default:
		o.errorf(key, "%q phải là một danh sách, không phải %s (expected a list)", key, nodeKind(n))
		return nil
	}
}

// strList reads a list of scalars.
func (o *object) strList(key string) []valueAt {
	var out []valueAt
	for _, it := range o.list(key, false) {
		s, ok := scalarText(it)
		if !ok || strings.TrimSpace(s) == "" {
			o.d.errorf(o.d.posOf(it), "%s: %q chỉ chứa mã, mỗi mục một giá trị đơn (expected a list of codes)", o.what, key)
			continue
		}
		out = append(out, valueAt{strings.TrimSpace(s), o.d.posOf(it)})
	}
	return out
}

// sub reads key as a nested mapping; nil when absent.
func (o *object) sub(key, what string, required bool, allowed ...string) *object {
	if !o.has(key) {
		if required {
			o.missing(key)
		}
		return nil
	}
	return o.d.object(o.node(key), o.keyPos(key), what, allowed...)
}

// valueAt is a string with the place it was written.
type valueAt struct {
	s string
	p pos
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
