package portal

import (
	"html/template"
	"strings"

	"integrity-portal/internal/web"
)

// RowsHTML writes the results table's rows on page p, as the template wrote them: a tender's title,
// buyer, winners, amount, date and red flags. Written here rather than in the template, which looked
// up each of a page's hundreds of values by reflection: half of a search's time on the server.
// Every text is escaped as html/template escapes it in the same place.
func (d tendersPage) RowsHTML(p *web.Page) template.HTML {
	var (
		buyer, winner, amountCol = p.T("procurement.col.buyer"), p.T("procurement.col.winner"), p.T("procurement.col.amount")
		dateCol, flagsCol        = p.T("procurement.col.date"), p.T("procurement.col.flags")
		sep                      = p.T("procurement.list_sep")
	)
	var b strings.Builder
	w := func(s ...string) {
		for _, x := range s {
			b.WriteString(x)
		}
	}
	for _, r := range d.Rows {
		title := r.OCID
		if r.Title != "" {
			title = r.Title
		}
		w("\n    <tr>\n      <th scope=\"row\" class=\"r-title\"><a class=\"tender-title\" href=\"", attrURL(r.Href), "\">", zhHTML(title), "</a></th>\n")

		w(`      <td data-label="`, escapeText(buyer), `">`)
		name := zhHTML(r.BuyerName)
		if r.BuyerName == "" && r.BuyerHref != "" {
			name = escapeText(deref(r.BuyerID))
		}
		if r.BuyerHref != "" {
			w(`<a href="`, attrURL(r.BuyerHref), `">`, name, `</a>`)
		} else {
			w(name)
		}
		w("</td>\n")

		w(`      <td data-label="`, escapeText(winner), `">`)
		for i, s := range r.Suppliers {
			if i > 0 {
				w(escapeText(sep))
			}
			w(`<a href="`, attrURL(s.Href), `">`, zhHTML(s.Name), `</a>`)
		}
		if len(r.Suppliers) == 0 {
			key := "procurement.tenders.not_awarded"
			if r.Awarded {
				key = "procurement.tenders.no_supplier"
			}
			w(`<span class="none">`, escapeText(p.T(key)), `</span>`)
		}
		w("</td>\n")

		w(`      <td data-label="`, escapeText(amountCol), `" class="num">`)
		if r.Amount.Known() {
			kind := "procurement.amount_kind.budget"
			if r.Awarded {
				kind = "procurement.amount_kind.award"
			}
			w(escapeText(r.Amount.String()), ` <span class="kind">`, escapeText(p.T(kind)), `</span>`)
		} else {
			w("—")
		}
		w("</td>\n")

		w(`      <td data-label="`, escapeText(dateCol), `"><span class="date">`, escapeText(p.Date(r.Date)),
			`</span> <span class="kind">`, escapeText(p.T("procurement.date_kind."+r.DateKind)), "</span></td>\n")

		w(`      <td data-label="`, escapeText(flagsCol), `"`)
		if len(r.Flags) == 0 {
			w(` class="no-flags"`)
		}
		w(">")
		for _, f := range r.Flags {
			title := p.T(f.TitleKey())
			w(`<a class="badge flag-badge" href="`, attrURL("/procurement/flags#"+f.Code), `" aria-label="`,
				escapeText(p.T("procurement.tenders.flag_badge", f.Code, title)), `">`, escapeText(title), `</a> `)
		}
		if len(r.Flags) == 0 {
			w(`<span class="none">`, escapeText(p.T("procurement.tenders.no_flags")), `</span>`)
		}
		w("</td>\n    </tr>\n    ")
	}
	return template.HTML(b.String())
}

// zhHTML is the template function zh as a string: text marked lang="zh-Hant" when it holds Chinese.
func zhHTML(s string) string { return string(web.ZhName(s)) }

// attrURL writes a link inside a quoted attribute as html/template does: bytes outside the URL's
// own characters percent-encoded, then the attribute's special characters escaped.
func attrURL(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("!#$&*+,/:;=?@[]-._~%", c) >= 0:
			b.WriteByte(c)
		default:
			const hex = "0123456789ABCDEF"
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return escapeText(b.String())
}
