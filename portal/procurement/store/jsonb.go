package store

import "encoding/json"

// jsonbKeeps reports whether v, a release as ocds.ReadPackage decodes it, comes back the same from a
// jsonb column: read back and decoded (numbers as json.Number), it is equal to v. That holds for
// objects, arrays, strings, booleans and null, and for numbers written as plain decimals ("12",
// "-3.50"), which jsonb keeps digit for digit. It does not hold for exponents (jsonb reads 1e3 back
// as 1000), negative zero (as 0), or values of other Go types, whose JSON text depends on the
// encoder; those make it false.
func jsonbKeeps(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			if !jsonbKeeps(e) {
				return false
			}
		}
		return true
	case []any:
		for _, e := range v {
			if !jsonbKeeps(e) {
				return false
			}
		}
		return true
	case string, bool, nil:
		return true
	case json.Number:
		return plainDecimal(string(v))
	}
	return false
}

// maxPlainDecimal bounds the numbers trusted to come back as written; PostgreSQL's numeric holds
// far more digits, but no amount needs them.
const maxPlainDecimal = 100

// plainDecimal reports whether s is -?(0|[1-9][0-9]*)(\.[0-9]+)? and not a negative zero.
func plainDecimal(s string) bool {
	if len(s) == 0 || len(s) > maxPlainDecimal {
		return false
	}
	i := 0
	negative := s[0] == '-'
	if negative {
		i++
	}
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	start := i
	switch n := digits(); {
	case n == 0, n > 1 && s[start] == '0':
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i != len(s) {
		return false
	}
	if negative {
		for _, c := range s[1:] {
			if c != '0' && c != '.' {
				return true
			}
		}
		return false
	}
	return true
}
