package webtest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/datchuan/datchuan/demo"
)

// Client is a browser of one account: it keeps the session cookie, sends
// the session's form token with every POST and does not follow redirects,
// so a test sees the 303 a form answers.
type Client struct {
	t    testing.TB
	base string
	http *http.Client
	csrf string
}

// Response is what a request got back.
type Response struct {
	Status int
	Header http.Header
	Body   string // as sent, uncompressed
	// Gzipped: the server sent the body gzipped (the client asks for it,
	// as browsers do, and unpacks it).
	Gzipped bool
}

// Anonymous is a browser with nobody signed in.
func (w *World) Anonymous() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: w.t, base: w.URL, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// As returns the signed-in browser of a demo account (one per login).
func (w *World) As(login string) *Client {
	w.t.Helper()
	if c, ok := w.clients[login]; ok {
		return c
	}
	c := w.Anonymous()
	resp := c.PostForm("/dang-nhap", url.Values{"login": {login}, "password": {demo.Password}})
	if resp.Status != http.StatusSeeOther {
		w.t.Fatalf("sign in as %s: %d\n%.300s", login, resp.Status, resp.Body)
	}
	var me struct {
		CSRF string `json:"csrf_token"`
	}
	c.JSON("/api/me", &me)
	c.csrf = me.CSRF
	w.clients[login] = c
	return c
}

// Get fetches a path.
func (c *Client) Get(path string) Response {
	c.t.Helper()
	return c.do(http.MethodGet, path, "", nil)
}

// JSON fetches a path that must answer 200 with JSON, into v.
func (c *Client) JSON(path string, v any) {
	c.t.Helper()
	resp := c.Get(path)
	if resp.Status != http.StatusOK {
		c.t.Fatalf("GET %s: %d\n%.500s", path, resp.Status, resp.Body)
	}
	decode(c.t, resp.Body, v)
}

// PostForm posts a form, with the session's token.
func (c *Client) PostForm(path string, form url.Values) Response {
	c.t.Helper()
	return c.do(http.MethodPost, path, "application/x-www-form-urlencoded", []byte(form.Encode()))
}

// PostJSON posts v as JSON, with the session's token.
func (c *Client) PostJSON(path string, v any) Response {
	c.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.do(http.MethodPost, path, "application/json", b)
}

// File is a file sent with a multipart form.
type File struct {
	Field, Name string
	Data        []byte
}

// PDF is the content of a tiny PDF file.
var PDF = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// PostMultipart posts a multipart form with files, with the session's token.
func (c *Client) PostMultipart(path string, form url.Values, files ...File) Response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		fw, err := mw.CreateFormFile(f.Field, f.Name)
		if err != nil {
			c.t.Fatal(err)
		}
		_, _ = fw.Write(f.Data)
	}
	mw.Close()
	return c.do(http.MethodPost, path, mw.FormDataContentType(), buf.Bytes())
}

func (c *Client) do(method, path, contentType string, body []byte) Response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.csrf != "" && method == http.MethodPost {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: string(b), Gzipped: resp.Uncompressed}
}

// Location is where a redirect sends the browser.
func (r Response) Location() string { return r.Header.Get("Location") }

// Has reports whether the body holds s.
func (r Response) Has(s string) bool { return strings.Contains(r.Body, s) }

var versionField = regexp.MustCompile(`name="version" value="(\d+)"`)

// Version is the first version field of a page's forms: what an edit
// started from.
func (r Response) Version() string {
	if m := versionField.FindStringSubmatch(r.Body); m != nil {
		return m[1]
	}
	return ""
}
