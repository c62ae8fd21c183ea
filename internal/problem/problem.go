// Package problem gives an importer's complaint about a file a message code and its arguments beside
// its English sentence. The command line and the logs keep the English (Error); the portal renders
// the code through the catalogues (key "problem.<code>") in the officer's language (In).
package problem

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// P is one problem: a code, its arguments as text, and the cell as written when the sentence is
// about it ("abc" is not an amount). Arguments are text so that they survive a JSON round trip.
type P struct {
	Code  string   `json:",omitempty"`
	Args  []string `json:",omitempty"`
	Value string   `json:",omitempty"`
}

// List is the problems of one item or file, rendered one after the other.
type List []P

// Translator is what renders a message: a page (*web.Page) in the reader's language.
type Translator interface {
	T(key string, args ...any) string
}

// maxValue bounds a quoted cell: a whole pasted paragraph helps nobody find the mistake.
const maxValue = 60

// In renders the problem: the sentence of its code, after the quoted cell when there is one. A
// problem without a code (an English reason from an older report) gets a general sentence.
func (p P) In(t Translator) string {
	if p.Code == "" {
		return t.T("problem.unknown")
	}
	args := make([]any, len(p.Args))
	for i, a := range p.Args {
		args[i] = a
	}
	s := t.T("problem."+p.Code, args...)
	if p.Value != "" {
		s = t.T("problem.value", p.Value, s)
	}
	return s
}

// In renders every problem of the list, separated as the language separates sentences.
func (l List) In(t Translator) string {
	if len(l) == 0 {
		return t.T("problem.unknown")
	}
	parts := make([]string, len(l))
	for i, p := range l {
		parts[i] = p.In(t)
	}
	return strings.Join(parts, t.T("problem.sep"))
}

// Error is an error that carries its problems: its text is the English sentence, unchanged.
type Error struct {
	Problems List
	Text     string
	cause    error // what Wrap wrapped, for errors.Is
}

func (e *Error) Error() string { return e.Text }

func (e *Error) Unwrap() error { return e.cause }

// New is an error with English text whose problem is code with args, each written with fmt.Sprint.
func New(text, code string, args ...any) *Error {
	return &Error{Text: text, Problems: List{Of(code, args...)}}
}

// Of is the problem code with args.
func Of(code string, args ...any) P {
	p := P{Code: code}
	for _, a := range args {
		p.Args = append(p.Args, fmt.Sprint(a))
	}
	return p
}

// Join is an error whose problems are those of every error given, its text theirs joined by sep.
func Join(sep string, errs ...error) *Error {
	e := &Error{}
	var texts []string
	for _, err := range errs {
		texts = append(texts, err.Error())
		e.Problems = append(e.Problems, From(err)...)
	}
	e.Text = strings.Join(texts, sep)
	return e
}

// Wrap is err with text instead of its own, and problem p in front of its problems when p has a
// code (a file-level message that names the line: "line 1 (header): …").
func Wrap(text string, err error, p P) *Error {
	var l List
	if p.Code != "" {
		l = List{p}
	}
	if inner := From(err); inner[0].Code != "" || len(l) == 0 {
		l = append(l, inner...)
	}
	return &Error{Text: text, Problems: l, cause: err}
}

// From is the problems an error carries, or a List of one problem without a code when it carries
// none.
func From(err error) List {
	var e *Error
	if errors.As(err, &e) && len(e.Problems) > 0 {
		return e.Problems
	}
	return List{{}}
}

// Valued is the problems of err about a cell: the first sentence is said of the value as written.
func Valued(value string, err error) List {
	l := append(List(nil), From(err)...)
	l[0].Value = Clip(value)
	return l
}

// Clip shortens a value to quote to maxValue characters, with an ellipsis, and makes it valid text.
func Clip(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) <= maxValue {
		return s
	}
	r := []rune(s)
	return string(r[:maxValue]) + "…"
}

// stored is how a failure is kept in an upload's error column: its English and its problems.
type stored struct {
	Text     string
	Problems List
}

// Encode writes err for an upload's error column, to be read back with Decode.
func Encode(err error) string {
	b, _ := json.Marshal(stored{Text: err.Error(), Problems: From(err)})
	return string(b)
}

// Decode reads an upload's error column: the problems Encode wrote, or for a plain English message
// of an older upload, one problem without a code.
func Decode(s string) List {
	var st stored
	if err := json.Unmarshal([]byte(s), &st); err != nil || len(st.Problems) == 0 {
		return List{{}}
	}
	return st.Problems
}

// jsonPlace is a JSON path's prefix in JSON Lines ("line 17: releases[3]") or after a first
// document ("value 2: …"), to say in the reader's language.
var jsonPlace = regexp.MustCompile(`^(line|value) (\d+)(?:: (.*))?$`)

// Where says where a problem is: line and column (the column as the file heads it), or a JSON path.
func Where(t Translator, line int, column, path string) string {
	if path != "" {
		m := jsonPlace.FindStringSubmatch(path)
		if m == nil {
			return path
		}
		n, _ := strconv.Atoi(m[2])
		s := t.T("problem.where."+m[1], n)
		if m[3] != "" {
			s += " " + m[3]
		}
		return s
	}
	if column == "" {
		return t.T("problem.where.line", line)
	}
	return t.T("problem.where.line_column", line, column)
}
