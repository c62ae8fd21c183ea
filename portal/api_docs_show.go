package portal

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/web"
)

// apiDocsView is the API's page: the description's information and each operation.
type apiDocsView struct {
	Info openAPIDocInfo
	Ops  []apiOpView
}

type openAPIDocInfo struct {
	Title, Version, Summary, Description, LicenseName, LicenseURL string
}

type apiOpView struct {
	apiOp
	Params []apiParamView
}

// apiParamView is a parameter with its limits said in the page's language.
type apiParamView struct {
	Name, In, Description, Type, Pattern, Example string
	Required                                      bool
	Limits                                        []string
	Enum                                          []string // "" is the empty value, which the page names
	Default                                       *string
}

// apiDocsShow renders the API's documentation from docs/openapi.json (GET /opendata/api): each path,
// its parameters and responses, and an example request against this portal.
func apiDocsShow(site *web.Site) gin.HandlerFunc {
	page := site.Page("portal/api_docs")
	docs, err := apiDocsFile(site.BaseURL())
	if err != nil {
		panic(err) // the file is built in, and its test parses it: a broken one must stop the start
	}
	return func(c *gin.Context) {
		lang := web.LangOf(c)
		i := docs.doc.Info
		v := apiDocsView{Info: openAPIDocInfo{Title: i.Title, Version: i.Version, Summary: i.Summary,
			Description: i.Description, LicenseName: i.License.Name, LicenseURL: i.License.URL}}
		for _, op := range docs.ops {
			ov := apiOpView{apiOp: op}
			for _, p := range op.Params {
				pv := apiParamView{Name: p.Name, In: p.In, Description: p.Description, Type: p.Schema.Type,
					Pattern: p.Schema.Pattern, Required: p.Required,
					Limits: constraints(site.Catalogues(), lang, p.Schema)}
				for _, e := range p.Schema.Enum {
					pv.Enum = append(pv.Enum, fmt.Sprint(e))
				}
				if p.Schema.Default != nil {
					d := fmt.Sprint(p.Schema.Default)
					pv.Default = &d
				}
				if p.Example != nil {
					pv.Example = fmt.Sprint(p.Example)
				}
				ov.Params = append(ov.Params, pv)
			}
			v.Ops = append(v.Ops, ov)
		}
		site.Render(c, http.StatusOK, page, "apidocs.title", v)
	}
}
