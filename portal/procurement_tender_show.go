package portal

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"integrity-portal/portal/procurement/flags"
	"integrity-portal/portal/procurement/store"
)

// tenderView is a tender's page: the compiled release, with links and amounts ready to write.
type tenderView struct {
	store.TenderDetail
	Method, MethodDetails, Category, Status string // codes and text, for their messages
	MethodLabel                             string // the method as shown; MethodDetails beside it if they add to it
	Heading                                 string // the title, else the ocid
	Buyer                                   *orgLink
	Entity                                  *orgLink // the procuring entity, when it is not the buyer
	Budget                                  amount
	Period                                  store.Period // tender period, in Taiwan time
	Tenderers                               []orgLink
	Bids                                    []bidView      // bids/details, cheapest first
	Documents                               []documentView // the notices at their source first
	Awards                                  []awardView
	Contracts                               []contractView
	Amendments                              []amendmentView
	Timeline                                []event
	JSONHref                                string
	ListHref                                string            // more tenders of the buyer
	Flags                                   []flags.Indicator // raised for this process by the last recomputation
	FlagsRun                                *flags.Run        // that recomputation; nil before the first
	// Stage is how far the process has come, from its awards and contracts: tender, award or
	// contract. A publisher's tender status may lag behind it ("planned" beside a signed contract).
	Stage string
}

// orgLink is an organisation with the address of its page ("" when it has no id).
type orgLink struct {
	ID, Name, Href string
}

type awardView struct {
	store.Award
	Status    string
	Value     amount
	Suppliers []orgLink
}

type contractView struct {
	store.Contract
	Status string
	Value  amount
	Period store.Period
}

// amendmentView is an amendment with what it changed: the tender, an award or a contract.
type amendmentView struct {
	store.Amendment
	Of string // message key: procurement.amendment.of_tender, _award or _contract
	ID string // the award's or contract's id
}

// tenderShow is a tender's page (GET /procurement/tenders/{ocid}): what was bought, by whom, how,
// the timeline, bidders, awards, contracts and amendments. {ocid}.json is the compiled release as
// stored, in OCDS 1.1.
func (p *procurement) tenderShow(c *gin.Context) {
	ocid, asJSON := strings.CutSuffix(c.Param("ocid"), ".json")
	if !validID(ocid) {
		p.answerProblem(c, http.StatusBadRequest, "procurement.bad_ocid")
		return
	}
	if asJSON {
		b, err := store.CompiledRelease(c.Request.Context(), p.db, ocid)
		if err != nil {
			p.notFoundOrFail(c, err, errors.Is(err, store.ErrNotFound), "procurement.no_tender")
			return
		}
		c.Data(http.StatusOK, "application/json; charset=utf-8", b)
		return
	}
	ctx := c.Request.Context()
	d, err := store.Tender(ctx, p.db, ocid)
	if err != nil {
		p.notFoundOrFail(c, err, errors.Is(err, store.ErrNotFound), "procurement.no_tender")
		return
	}
	v := newTenderView(d)
	v.MethodLabel, v.MethodDetails = p.methodText(c, v.Method, v.MethodDetails)
	if v.FlagsRun, err = flags.LastRun(ctx, p.db); err != nil {
		p.site.Fail(c, err)
		return
	}
	raised, err := flags.ForProcess(ctx, p.db, ocid)
	if err != nil {
		p.site.Fail(c, err)
		return
	}
	for _, f := range raised {
		if ind, ok := flags.Lookup(f.Code); ok {
			v.Flags = append(v.Flags, ind)
		}
	}
	p.site.Render(c, http.StatusOK, p.tender, "procurement.tender.title", v)
}

func newTenderView(d store.TenderDetail) tenderView {
	v := tenderView{TenderDetail: d, Heading: d.Title, Budget: money(d.Value), JSONHref: tenderHref(d.OCID) + ".json",
		Method: deref(d.Method), MethodDetails: deref(d.MethodDetails), Category: deref(d.Category), Status: deref(d.Status),
		Period: store.Period{Start: local(d.TenderPeriod.Start), End: local(d.TenderPeriod.End)}}
	v.ReleaseDate = d.ReleaseDate.In(taipei)
	if v.Heading == "" {
		v.Heading = d.OCID
	}
	if d.Buyer != nil {
		b := link(*d.Buyer, buyerHref)
		v.Buyer = &b
		if d.Buyer.ID != "" {
			v.ListHref = searchHref("buyer", d.Buyer.ID)
		}
	}
	if e := d.ProcuringEntity; e != nil && (d.Buyer == nil || e.ID != d.Buyer.ID || e.Name != d.Buyer.Name) {
		v.Entity = &orgLink{ID: e.ID, Name: e.Name}
	}
	for _, t := range d.Tenderers {
		v.Tenderers = append(v.Tenderers, link(t, supplierHref))
	}
	v.Bids = bidViews(d.Bids, d.Awards)
	v.Documents = documentViews(d.Documents)
	for _, a := range d.Amendments {
		v.Amendments = append(v.Amendments, amendmentView{Amendment: a, Of: "procurement.amendment.of_tender"})
	}
	for _, a := range d.Awards {
		av := awardView{Award: a, Status: deref(a.Status), Value: money(a.Value)}
		av.Date = local(a.Date)
		for _, s := range a.Suppliers {
			av.Suppliers = append(av.Suppliers, link(s, supplierHref))
		}
		v.Awards = append(v.Awards, av)
		for _, am := range a.Amendments {
			v.Amendments = append(v.Amendments, amendmentView{Amendment: am, Of: "procurement.amendment.of_award", ID: a.ID})
		}
	}
	for _, k := range d.Contracts {
		cv := contractView{Contract: k, Status: deref(k.Status), Value: money(k.Value),
			Period: store.Period{Start: local(k.Period.Start), End: local(k.Period.End)}}
		cv.DateSigned = local(k.DateSigned)
		v.Contracts = append(v.Contracts, cv)
		for _, am := range k.Amendments {
			v.Amendments = append(v.Amendments, amendmentView{Amendment: am, Of: "procurement.amendment.of_contract", ID: k.ID})
		}
	}
	for i := range v.Amendments {
		v.Amendments[i].Date = local(v.Amendments[i].Date)
	}
	v.Timeline = timeline(v)
	v.Stage = stage(d)
	return v
}

// stage is how far process d has come: "contract" once a contract is signed (it has a date of
// signature, or is active or terminated), else "award" once an award counts (as the search counts
// them: any status but pending, cancelled and unsuccessful), else "tender".
func stage(d store.TenderDetail) string {
	for _, k := range d.Contracts {
		if st := deref(k.Status); k.DateSigned != nil || st == "active" || st == "terminated" {
			return "contract"
		}
	}
	for _, a := range d.Awards {
		if st := deref(a.Status); st != "pending" && st != "cancelled" && st != "unsuccessful" {
			return "award"
		}
	}
	return "tender"
}

// methodText is how the method reads: its label, and the publisher's own words beside it only when
// they add to it. Words that repeat the label (公開招標 for open) are dropped, and words that extend
// it (限制性招標(經公開評選或公開徵求) for limited) replace it, so that no word shows twice.
func (p *procurement) methodText(c *gin.Context, method, details string) (label, extra string) {
	if method == "" {
		return "", details
	}
	label = p.message(c, "procurement.method."+method, method)
	switch {
	case details == label:
		return label, ""
	case details != "" && strings.HasPrefix(details, label):
		return details, ""
	}
	return label, details
}

// link makes an organisation's link with href, when it has an id.
func link(o store.Org, href func(string) string) orgLink {
	l := orgLink{ID: o.ID, Name: o.Name}
	if l.Name == "" {
		l.Name = o.ID
	}
	if o.ID != "" && validID(o.ID) {
		l.Href = href(o.ID)
	}
	return l
}
