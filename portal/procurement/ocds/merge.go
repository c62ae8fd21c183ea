package ocds

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Merge compiles releases of ONE ocid into a compiled release, following the OCDS 1.1 merge rules
// driven by the release schema's directives (rules; nil means DefaultMergeRules()). Releases may come
// in any order; they are applied by date (stable for equal dates). A compiled release may be among
// them, to add new releases to it.
//
// Each release is merged into the result, field by field:
//   - fields the rules mark omitWhenMerged (id, date, tag) are discarded;
//   - null removes the field;
//   - an object is merged into the object already there, field by field; an empty object changes
//     nothing;
//   - an array is replaced as a whole if the rules mark it wholeListMerge (which includes arrays of
//     non-objects and arrays of objects without an id in the schema), or if it holds anything but
//     objects;
//   - otherwise its objects are merged by id into the objects already there with the same id (ids
//     are compared as text, so "1" and 1 match), and the others appended in order; an empty array
//     changes nothing;
//   - any other value replaces the one there.
//
// The compiled release then gets ocid, tag ["compiled"], date the date of the latest release and id
// "{ocid}-{date}".
//
// One deviation from ocdsmerge: in an array merged by id, if any object has no id (or a null, object,
// array or boolean one), the array is replaced as a whole, as the schema directs for arrays of objects
// without ids. ocdsmerge instead appends such objects every time, so that merging a release twice
// duplicates them.
//
// Merge returns an error if releases is empty, if their ocids differ or are missing, or if a date is
// missing or is not a date-time.
func Merge(rules *MergeRules, releases []Release) (Release, error) {
	if rules == nil {
		rules = DefaultMergeRules()
	}
	if len(releases) == 0 {
		return nil, errors.New("ocds: merge: no releases")
	}
	type dated struct {
		rel  Release
		date time.Time
	}
	ocid := releases[0].OCID()
	ordered := make([]dated, len(releases))
	for i, r := range releases {
		if r.OCID() == "" {
			return nil, fmt.Errorf("ocds: merge: release %d has no ocid", i)
		}
		if r.OCID() != ocid {
			return nil, fmt.Errorf("ocds: merge: release %d has ocid %q, not %q", i, r.OCID(), ocid)
		}
		if r.Date() == "" {
			return nil, fmt.Errorf("ocds: merge: release %d has no date", i)
		}
		t, err := parseDate(r.Date())
		if err != nil {
			return nil, fmt.Errorf("ocds: merge: release %d: %w", i, err)
		}
		ordered[i] = dated{r, t}
	}
	slices.SortStableFunc(ordered, func(a, b dated) int { return a.date.Compare(b.date) })

	m := merger{rules: rules}
	out := map[string]any{}
	for _, d := range ordered {
		m.object(out, d.rel, "")
	}
	last := ordered[len(ordered)-1].rel.Date()
	out["ocid"] = ocid
	out["tag"] = []any{"compiled"}
	out["date"] = last
	out["id"] = ocid + "-" + last
	return out, nil
}

type merger struct {
	rules *MergeRules
}

// object merges the fields of src, at path, into dst.
func (m merger) object(dst, src map[string]any, path string) {
	for key, v := range src {
		p := join(path, key)
		r := m.rules.rule(p)
		if r == ruleOmit {
			continue
		}
		switch v := v.(type) {
		case nil:
			delete(dst, key)
		case map[string]any:
			if len(v) == 0 {
				continue
			}
			into, ok := dst[key].(map[string]any)
			if !ok {
				into = map[string]any{}
				dst[key] = into
			}
			m.object(into, v, p)
		case []any:
			if r == ruleWholeList || !identifiable(v) {
				dst[key] = clone(v)
				continue
			}
			if len(v) == 0 {
				continue
			}
			dst[key] = m.byID(dst[key], v, p)
		default:
			dst[key] = v
		}
	}
}

// byID merges src, an array of objects that all have ids, into the array of objects dst (which may
// be absent or of another shape, and is then replaced): objects with the same id are merged, the others
// appended.
func (m merger) byID(dst any, src []any, path string) []any {
	into, _ := dst.([]any)
	if !allObjects(into) {
		into = nil
	}
	index := make(map[string]int, len(into)+len(src))
	for i, e := range into {
		if id, ok := idKey(e.(map[string]any)["id"]); ok {
			if _, dup := index[id]; !dup {
				index[id] = i
			}
		}
	}
	for _, e := range src {
		obj := e.(map[string]any)
		id, _ := idKey(obj["id"])
		i, found := index[id]
		if !found {
			i = len(into)
			index[id] = i
			into = append(into, map[string]any{})
		}
		m.object(into[i].(map[string]any), obj, path)
	}
	return into
}

// identifiable reports whether a can be merged by id: it holds only objects, each with a usable id.
func identifiable(a []any) bool {
	for _, e := range a {
		obj, ok := e.(map[string]any)
		if !ok {
			return false
		}
		if _, ok := idKey(obj["id"]); !ok {
			return false
		}
	}
	return true
}

func allObjects(a []any) bool {
	for _, e := range a {
		if _, ok := e.(map[string]any); !ok {
			return false
		}
	}
	return true
}

// idKey returns the text of an id (a string or a number), by which objects in arrays are matched.
func idKey(id any) (string, bool) {
	switch id := id.(type) {
	case string:
		return id, true
	case json.Number:
		return id.String(), true
	case float64:
		return strconv.FormatFloat(id, 'f', -1, 64), true
	case int:
		return strconv.Itoa(id), true
	case int64:
		return strconv.FormatInt(id, 10), true
	}
	return "", false
}

// clone deep-copies a JSON value, so the compiled release shares nothing with its inputs.
func clone(v any) any {
	switch v := v.(type) {
	case map[string]any:
		c := make(map[string]any, len(v))
		for k, e := range v {
			c[k] = clone(e)
		}
		return c
	case []any:
		c := make([]any, len(v))
		for i, e := range v {
			c[i] = clone(e)
		}
		return c
	}
	return v
}
