package portal

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"integrity-portal/portal/applications"
	"integrity-portal/portal/procurement/store"
)

// The monthly statistics of citizens' applications, as downloads: every row of application_stats
// (the city, each agency, each service), with codes, names in zh and en, and each service's period.
const (
	kindAppCSV  = "applications-csv"
	kindAppJSON = "applications-json"
)

// applicationFiles are the downloads of the statistics as published: their stamp is the latest
// recomputation (its rows, when it finished), and their digest names it with the registry's
// digest, since a periods file may rename an agency without a recomputation.
func applicationFiles(p applications.Published) []dataFile {
	stamp := store.Stamp{Count: p.Rows, Updated: p.FinishedAt}
	digest := strconv.FormatInt(p.Recomputation, 10) + "/" + p.Registry
	return []dataFile{{Kind: kindAppCSV, Stamp: stamp, Digest: digest, Applications: p},
		{Kind: kindAppJSON, Stamp: stamp, Digest: digest, Applications: p}}
}

// applicationsPublished reads the state of the published statistics.
func (o *openData) applicationsPublished(c *gin.Context) (applications.Published, bool) {
	p, err := applications.LatestPublished(c.Request.Context(), o.db)
	if err != nil {
		o.site.Fail(c, err)
		return p, false
	}
	return p, true
}

// applicationStats serves a download of the statistics (GET /opendata/applications-monthly-stats.csv
// or .json). Before the first recomputation it holds no rows.
func (o *openData) applicationStats(kind string) gin.HandlerFunc {
	return func(c *gin.Context) {
		p, ok := o.applicationsPublished(c)
		if !ok {
			return
		}
		for _, f := range applicationFiles(p) {
			if f.Kind == kind {
				o.serve(c, f)
			}
		}
	}
}
