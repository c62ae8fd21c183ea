package portal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"integrity-portal/docs"
	"integrity-portal/internal/i18n"
)

// openAPIDoc is the part of docs/openapi.json that the API's page shows. The page reads the served
// file itself, so the page, the file and the API cannot drift apart (TestAPIAnswersFitTheirSchemas
// holds the file to the API).
type openAPIDoc struct {
	Info struct {
		Title       string `json:"title"`
		Version     string `json:"version"`
		Summary     string `json:"summary"`
		Description string `json:"description"`
		License     struct {
			Name string `json:"name"`
			URL  string `json:"url"`
		} `json:"license"`
	} `json:"info"`
	Paths      map[string]map[string]openAPIOp `json:"paths"`
	Components struct {
		Responses map[string]openAPIResponse `json:"responses"`
	} `json:"components"`
}

type openAPIOp struct {
	OperationID string                     `json:"operationId"`
	Summary     string                     `json:"summary"`
	Description string                     `json:"description"`
	Parameters  []openAPIParam             `json:"parameters"`
	Responses   map[string]openAPIResponse `json:"responses"`
}

type openAPIParam struct {
	Name        string        `json:"name"`
	In          string        `json:"in"`
	Description string        `json:"description"`
	Required    bool          `json:"required"`
	Schema      openAPISchema `json:"schema"`
	Example     any           `json:"example"`
}

type openAPISchema struct {
	Type      string   `json:"type"`
	Enum      []any    `json:"enum"`
	MinLength *float64 `json:"minLength"`
	MaxLength *float64 `json:"maxLength"`
	Minimum   *float64 `json:"minimum"`
	Maximum   *float64 `json:"maximum"`
	Pattern   string   `json:"pattern"`
	Default   any      `json:"default"`
}

type openAPIResponse struct {
	Ref         string `json:"$ref"`
	Description string `json:"description"`
	Content     map[string]struct {
		Schema struct {
			Ref string `json:"$ref"`
		} `json:"schema"`
	} `json:"content"`
}

// apiDocs is the parsed description with its operations in the file's order, ready for the page.
type apiDocs struct {
	doc openAPIDoc
	ops []apiOp
}

// apiOp is one operation as the page shows it.
type apiOp struct {
	Anchor, Method, Path, Summary, Description string
	Params                                     []openAPIParam
	Responses                                  []apiResponse
	Example                                    string // a curl command
	Try                                        string // the same request as a link; none for one thing by id, whose example may not exist here
}

type apiResponse struct {
	Status, Description, Schema string
}

// parseAPIDocs reads docs/openapi.json for the page; base is the portal's public address for the
// example requests. Every reference it follows must resolve, or the start fails.
func parseAPIDocs(raw []byte, base string) (*apiDocs, error) {
	var d openAPIDoc
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, fmt.Errorf("docs/openapi.json: %w", err)
	}
	paths := make([]string, 0, len(d.Paths))
	for p := range d.Paths {
		paths = append(paths, p)
	}
	// The file's own order, which tells the API's story (search, then one tender, …).
	pos := func(p string) int { return bytes.Index(raw, []byte(strconv.Quote(p)+":")) }
	slices.SortFunc(paths, func(a, b string) int { return pos(a) - pos(b) })
	a := &apiDocs{doc: d}
	for _, p := range paths {
		methods := make([]string, 0, len(d.Paths[p]))
		for m := range d.Paths[p] {
			methods = append(methods, m)
		}
		slices.Sort(methods)
		for _, m := range methods {
			op := d.Paths[p][m]
			o := apiOp{Anchor: op.OperationID, Method: strings.ToUpper(m), Path: p, Summary: op.Summary,
				Description: op.Description, Params: op.Parameters}
			for _, prm := range op.Parameters {
				if prm.Name == "" || (prm.In != "query" && prm.In != "path") {
					return nil, fmt.Errorf("docs/openapi.json: %s %s: a parameter the page cannot show (name %q, in %q)", m, p, prm.Name, prm.In)
				}
			}
			for status, r := range op.Responses {
				if name, ok := strings.CutPrefix(r.Ref, "#/components/responses/"); ok {
					shared, found := d.Components.Responses[name]
					if !found {
						return nil, fmt.Errorf("docs/openapi.json: %s %s: no response %q", m, p, name)
					}
					r = shared
				}
				resp := apiResponse{Status: status, Description: r.Description}
				if c, ok := r.Content["application/json"]; ok {
					resp.Schema = strings.TrimPrefix(c.Schema.Ref, "#/components/schemas/")
				}
				o.Responses = append(o.Responses, resp)
			}
			slices.SortFunc(o.Responses, func(x, y apiResponse) int { return strings.Compare(x.Status, y.Status) })
			o.Example, o.Try = exampleRequest(base, p, op.Parameters)
			a.ops = append(a.ops, o)
		}
	}
	return a, nil
}

// exampleRequest builds a request from the parameters' examples: every path parameter, and the
// first query parameter that has an example (one filter shows how; all would be noise).
func exampleRequest(base, path string, params []openAPIParam) (curl, try string) {
	original := path
	var query []string
	q := url.Values{}
	for _, p := range params {
		if p.Example == nil {
			continue
		}
		v := fmt.Sprint(p.Example)
		switch {
		case p.In == "path":
			path = strings.ReplaceAll(path, "{"+p.Name+"}", url.PathEscape(v))
		case len(query) == 0:
			query = append(query, p.Name+"="+v)
			q.Set(p.Name, v)
		}
	}
	curl = "curl --get '" + base + path + "'"
	for _, kv := range query {
		curl += " --data-urlencode '" + kv + "'"
	}
	if strings.Contains(path, "{") || path != original {
		return curl, ""
	}
	try = path
	if len(q) > 0 {
		try += "?" + q.Encode()
	}
	return curl, try
}

// constraints says in words what values a parameter takes, in lang.
func constraints(cat i18n.Catalogues, lang i18n.Lang, s openAPISchema) []string {
	num := func(f *float64) string { return strconv.FormatFloat(*f, 'f', -1, 64) }
	var out []string
	switch {
	case s.Minimum != nil && s.Maximum != nil:
		out = append(out, cat.T(lang, "apidocs.range", num(s.Minimum), num(s.Maximum)))
	case s.Minimum != nil:
		out = append(out, cat.T(lang, "apidocs.minimum", num(s.Minimum)))
	case s.Maximum != nil:
		out = append(out, cat.T(lang, "apidocs.maximum", num(s.Maximum)))
	}
	if s.MinLength != nil && *s.MinLength > 0 {
		out = append(out, cat.T(lang, "apidocs.min_length", num(s.MinLength)))
	}
	if s.MaxLength != nil {
		out = append(out, cat.T(lang, "apidocs.max_length", num(s.MaxLength)))
	}
	return out
}

// apiDocsFile is the description the binary serves, parsed once.
func apiDocsFile(base string) (*apiDocs, error) { return parseAPIDocs(docs.OpenAPI, base) }
