package pcc

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"integrity-portal/internal/problem"
	"integrity-portal/portal/procurement/ocds"
)

// MaxNestedYAML bounds a YAML file of the nested layout: it is parsed whole, and its tree takes many
// times its size in memory. JSON is read one notice at a time, so it has no such bound.
const MaxNestedYAML = 32 << 20

// ReadNested reads notices in g0v's older nested layout (see nested.go): JSON, one document or an
// array of them (or several in a row), or YAML, one document or a stream of them (---) or a list of
// them. Every value is kept as its text: YAML's 否, no, 0010 or 108/03/21 stay the text they are.
//
// A document that cannot be a notice is reported as an ItemError with its place ("notices[2]", from
// 0 over the whole file) and reading goes on. The error is non-nil only if the file cannot be read.
func ReadNested(r io.Reader) ([]Notice, []ocds.ItemError, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	var notices []Notice
	var errs []ocds.ItemError
	i := 0
	add := func(doc any) {
		n, reason, p := FromNested(doc)
		if reason != "" {
			errs = append(errs, ocds.ItemError{Path: fmt.Sprintf("notices[%d]", i), Reason: reason, Problems: problem.List{p}})
		} else {
			notices = append(notices, n)
		}
		i++
	}
	each := func(v any) {
		if list, ok := v.([]any); ok {
			for _, d := range list {
				add(d)
			}
			return
		}
		add(v)
	}
	if first, _ := firstByte(br); first == '{' || first == '[' {
		dec := json.NewDecoder(br)
		dec.UseNumber()
		for {
			var v any
			err := dec.Decode(&v)
			if err == io.EOF {
				break
			}
			if err != nil {
				at := dec.InputOffset()
				return nil, nil, problem.New(fmt.Sprintf("pcc: unreadable JSON near byte %d: %v", at, err), "json.unreadable", at)
			}
			each(fromJSON(v))
		}
		return notices, errs, nil
	}
	b, err := io.ReadAll(io.LimitReader(br, MaxNestedYAML+1))
	if err != nil {
		return nil, nil, err
	}
	if len(b) > MaxNestedYAML {
		return nil, nil, problem.New(fmt.Sprintf("pcc: a YAML file over %d MiB: split it, or convert it to JSON", MaxNestedYAML>>20), "yaml.too_large", MaxNestedYAML>>20)
	}
	if !utf8.Valid(b) {
		line := 1 + bytes.Count(b[:firstInvalid(b)], []byte("\n"))
		return nil, nil, problem.New(fmt.Sprintf("pcc: line %d is not valid UTF-8: YAML files must be UTF-8", line), "yaml.not_utf8", line)
	}
	f, err := parser.ParseBytes(b, 0)
	if err != nil {
		msg, _, _ := strings.Cut(err.Error(), "\n")
		line := 0
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil && ye.GetToken().Position != nil {
			line = ye.GetToken().Position.Line
		}
		return nil, nil, problem.New("pcc: unreadable YAML: "+msg, "yaml.unreadable", line)
	}
	for _, d := range f.Docs {
		if d.Body == nil {
			continue // an empty document, as a stream's last --- makes
		}
		v, err := fromYAML(d.Body)
		if err != nil {
			return nil, nil, err
		}
		each(v)
	}
	return notices, errs, nil
}

func firstByte(br *bufio.Reader) (byte, error) {
	for {
		c, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			br.UnreadByte()
			return c, nil
		}
	}
}

// firstInvalid is the offset of the first byte of b that is not valid UTF-8.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// fromJSON turns decoded JSON into the tree FromNested reads: numbers and booleans as their text.
func fromJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, c := range v {
			v[k] = fromJSON(c)
		}
		return v
	case []any:
		for i, c := range v {
			v[i] = fromJSON(c)
		}
		return v
	case json.Number:
		return string(v)
	case bool:
		return strconv.FormatBool(v)
	}
	return v
}

// errAlias refuses YAML aliases: no notice needs one, and they can make a small file huge.
var errAlias = problem.New("pcc: YAML aliases (*name) are not read: write the value out", "yaml.alias")

// fromYAML turns a YAML node into the tree FromNested reads, every scalar as the text written: YAML
// would otherwise read 0010 as a number and, in YAML 1.1 tools, 否-like words as booleans.
func fromYAML(n ast.Node) (any, error) {
	switch n := n.(type) {
	case nil, *ast.NullNode:
		return nil, nil
	case *ast.MappingNode:
		m := make(map[string]any, len(n.Values))
		for _, mv := range n.Values {
			if err := putYAML(m, mv); err != nil {
				return nil, err
			}
		}
		return m, nil
	case *ast.MappingValueNode:
		m := map[string]any{}
		return m, putYAML(m, n)
	case *ast.SequenceNode:
		list := make([]any, 0, len(n.Values))
		for _, item := range n.Values {
			v, err := fromYAML(item)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	case *ast.StringNode:
		return n.Value, nil
	case *ast.LiteralNode:
		return n.Value.Value, nil
	case *ast.AnchorNode:
		return fromYAML(n.Value)
	case *ast.TagNode:
		return fromYAML(n.Value)
	case *ast.MappingKeyNode:
		return fromYAML(n.Value)
	case *ast.AliasNode:
		return nil, errAlias
	case *ast.CommentGroupNode:
		return nil, nil
	}
	if t := n.GetToken(); t != nil {
		return t.Value, nil // numbers, booleans, .inf, .nan: as written
	}
	return nil, nil
}

func putYAML(m map[string]any, mv *ast.MappingValueNode) error {
	if _, ok := mv.Key.(*ast.MergeKeyNode); ok {
		return errAlias // << merges an alias's map
	}
	key, err := fromYAML(mv.Key)
	if err != nil {
		return err
	}
	k, ok := key.(string)
	if !ok {
		return problem.New("pcc: a YAML key that is not text", "yaml.key_not_text")
	}
	v, err := fromYAML(mv.Value)
	if err != nil {
		return err
	}
	m[k] = v
	return nil
}
