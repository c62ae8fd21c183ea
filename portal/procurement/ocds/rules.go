package ocds

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// releaseSchema is the OCDS 1.1.5 release schema; see NOTICE for its origin and licence.
//
//go:embed release-schema.json
var releaseSchema []byte

// rule is how the merge treats the field at one path.
type rule uint8

const (
	// ruleMerge: objects are merged field by field, arrays of objects by id, other values replaced.
	ruleMerge rule = iota
	// ruleOmit: the field is discarded (omitWhenMerged).
	ruleOmit
	// ruleWholeList: the array is replaced as a whole (wholeListMerge, arrays of non-objects, and arrays
	// of objects without an id field).
	ruleWholeList
	// ruleIdentifier: the array's objects are merged by their id (identifier merge).
	ruleIdentifier
)

// MergeRules are the merge directives read from an OCDS release schema: the fields to omit
// (omitWhenMerged), the arrays to replace whole (wholeListMerge, arrays of non-objects, arrays of
// objects whose schema has no id) and the arrays whose objects are merged by id. Fields are named by
// their path without array indexes, like "tender/items/additionalClassifications".
//
// versionId directives are read but do not change a compiled release: they only mark id fields that are
// versioned in a versioned release.
//
// MergeRules are immutable and safe for concurrent use.
type MergeRules struct {
	rules map[string]rule
}

// OmitWhenMerged reports whether the field at path (like "tag") is discarded when merging.
func (m *MergeRules) OmitWhenMerged(path string) bool { return m.rule(path) == ruleOmit }

// WholeListMerge reports whether the array at path (like "tender/items/additionalClassifications") is
// replaced as a whole when merging.
func (m *MergeRules) WholeListMerge(path string) bool { return m.rule(path) == ruleWholeList }

// IdentifierMerge reports whether the schema declares the array at path (like "awards") as an array of
// objects with an id, merged by id.
func (m *MergeRules) IdentifierMerge(path string) bool { return m.rule(path) == ruleIdentifier }

func (m *MergeRules) rule(path string) rule {
	if m == nil {
		return ruleMerge
	}
	return m.rules[path]
}

// DefaultMergeRules returns the merge rules of the OCDS 1.1.5 release schema embedded in this package.
func DefaultMergeRules() *MergeRules { return defaultRules() }

var defaultRules = sync.OnceValue(func() *MergeRules {
	m, err := LoadMergeRules(releaseSchema)
	if err != nil {
		panic("ocds: embedded release schema: " + err.Error())
	}
	return m
})

// LoadMergeRules reads the merge rules from a release schema (such as release-schema.json, possibly
// patched with extensions). $ref must point within the same file ("#/definitions/Award").
func LoadMergeRules(schemaJSON []byte) (*MergeRules, error) {
	dec := json.NewDecoder(bytes.NewReader(schemaJSON))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("ocds: release schema: %w", err)
	}
	rootObj, ok := root.(map[string]any)
	if !ok {
		return nil, errors.New("ocds: release schema is not a JSON object")
	}
	props, ok := rootObj["properties"].(map[string]any)
	if !ok {
		return nil, errors.New("ocds: release schema has no properties")
	}
	w := walker{root: root, rules: map[string]rule{}, active: map[string]bool{}}
	if err := w.properties(props, ""); err != nil {
		return nil, fmt.Errorf("ocds: release schema: %w", err)
	}
	return &MergeRules{rules: w.rules}, nil
}

// walker derives merge rules from a schema, following the OCDS 1.1 merging specification and
// ocdsmerge's reading of it: omitWhenMerged supersedes everything, wholeListMerge supersedes rules
// nested below it, objects are walked into, and arrays are whole-list merged unless their items are
// objects with an id property.
type walker struct {
	root   any
	rules  map[string]rule
	active map[string]bool // $refs being walked, to stop on recursive schemas
}

func (w *walker) properties(props map[string]any, path string) error {
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys) // deterministic error messages
	for _, key := range keys {
		if err := w.property(props[key], join(path, key)); err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) property(raw any, path string) error {
	node, _ := raw.(map[string]any)
	def, refs, err := w.deref(node)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	types := typesOf(def)
	switch {
	case directive(node, def, "omitWhenMerged") || strategy(node, def) == "ocdsOmit":
		w.rules[path] = ruleOmit
	case types["array"] && (directive(node, def, "wholeListMerge") || strategy(node, def) == "ocdsVersion"):
		w.rules[path] = ruleWholeList
	case types["object"] && def["properties"] != nil:
		return w.descend(def, refs, path)
	case types["array"] && def["items"] != nil:
		itemsNode, _ := def["items"].(map[string]any)
		items, itemRefs, err := w.deref(itemsNode)
		if err != nil {
			return fmt.Errorf("%s/items: %w", path, err)
		}
		itemTypes := typesOf(items)
		nonObject := false
		for t := range itemTypes {
			nonObject = nonObject || t != "object"
		}
		switch {
		case nonObject:
			w.rules[path] = ruleWholeList
		case itemTypes["object"] && items["properties"] != nil:
			props, _ := items["properties"].(map[string]any)
			if _, hasID := props["id"]; !hasID {
				w.rules[path] = ruleWholeList
				return nil
			}
			w.rules[path] = ruleIdentifier
			return w.descend(items, append(refs, itemRefs...), path)
		}
	}
	return nil
}

// descend walks the properties of an object schema reached through refs, unless one of refs is
// already being walked (a recursive schema), where the outer occurrence's rules apply.
func (w *walker) descend(schema map[string]any, refs []string, path string) error {
	props, ok := schema["properties"].(map[string]any)
	if !ok {
		return fmt.Errorf("%s: properties is not an object", path)
	}
	for _, ref := range refs {
		if w.active[ref] {
			return nil
		}
	}
	for _, ref := range refs {
		w.active[ref] = true
	}
	defer func() {
		for _, ref := range refs {
			delete(w.active, ref)
		}
	}()
	return w.properties(props, path)
}

// deref follows $ref from node to the schema it points to, returning it and the refs followed. As in
// JSON Schema draft 4, a $ref replaces the object holding it.
func (w *walker) deref(node map[string]any) (map[string]any, []string, error) {
	var refs []string
	for node != nil {
		ref, ok := node["$ref"].(string)
		if !ok {
			break
		}
		if slices.Contains(refs, ref) {
			return nil, nil, fmt.Errorf("$ref loop at %q", ref)
		}
		refs = append(refs, ref)
		target, err := pointer(w.root, ref)
		if err != nil {
			return nil, nil, err
		}
		node, _ = target.(map[string]any)
	}
	return node, refs, nil
}

// pointer resolves a same-document reference "#/a/b" (a JSON Pointer, RFC 6901) in root.
func pointer(root any, ref string) (any, error) {
	frag, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, fmt.Errorf("$ref %q: only references within the schema (#/...) are supported", ref)
	}
	cur := root
	if frag == "" {
		return cur, nil
	}
	if !strings.HasPrefix(frag, "/") {
		return nil, fmt.Errorf("$ref %q: not a JSON pointer", ref)
	}
	for _, tok := range strings.Split(frag[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$ref %q: %q is not in an object", ref, tok)
		}
		if cur, ok = obj[tok]; !ok {
			return nil, fmt.Errorf("$ref %q: no %q", ref, tok)
		}
	}
	return cur, nil
}

// typesOf returns the set of a schema's types ("type": "x" or "type": ["x", "null"]).
func typesOf(schema map[string]any) map[string]bool {
	types := map[string]bool{}
	switch t := schema["type"].(type) {
	case string:
		types[t] = true
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok {
				types[s] = true
			}
		}
	}
	return types
}

// directive reports whether a boolean merge directive is true on the property or, through $ref, on the
// definition it points to. false is ignored, as the specification says.
func directive(node, def map[string]any, name string) bool {
	return node[name] == true || def[name] == true
}

// strategy returns the OCDS 1.0 mergeStrategy of the property, if any.
func strategy(node, def map[string]any) string {
	if s, ok := node["mergeStrategy"].(string); ok {
		return s
	}
	s, _ := def["mergeStrategy"].(string)
	return s
}

// join appends a field name to a path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "/" + key
}
