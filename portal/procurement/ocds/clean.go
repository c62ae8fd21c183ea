package ocds

// Clean removes, everywhere in r, the values that say nothing: nulls, empty strings, empty objects
// and empty arrays, also inside arrays, and then the objects and arrays left empty by that, as OCDS
// tools clean data before publishing it (the release schema refuses null in most fields, and an
// empty value is no data). Numbers, booleans (false too) and non-empty text stay. It modifies r.
//
// Clean is for a compiled release, not for the releases it is merged from: in a release, null
// means "remove the earlier value" (the merge depends on it).
func Clean(r Release) {
	cleanObject(r)
}

// cleanObject cleans m in place and reports whether anything is left.
func cleanObject(m map[string]any) bool {
	for k, v := range m {
		if c, keep := cleanValue(v); keep {
			m[k] = c
		} else {
			delete(m, k)
		}
	}
	return len(m) > 0
}

// cleanValue returns v cleaned, and whether it is kept.
func cleanValue(v any) (any, bool) {
	switch v := v.(type) {
	case nil:
		return nil, false
	case string:
		return v, v != ""
	case map[string]any:
		return v, cleanObject(v)
	case []any:
		out := v[:0]
		for _, e := range v {
			if c, keep := cleanValue(e); keep {
				out = append(out, c)
			}
		}
		clear(v[len(out):]) // let the dropped elements go
		return out, len(out) > 0
	}
	return v, true
}
