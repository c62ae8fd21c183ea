package portal

import (
	"context"
	"io"
	"math"
	"strconv"
	"time"

	"integrity-portal/internal/i18n"
	"integrity-portal/internal/spreadsheet"
	"integrity-portal/portal/applications"
)

// applicationCSVColumns are the columns of the statistics' CSV, in order (docs/api.md): named in the
// reader's language in the header row, with the same values in either language (codes for the
// level and the period's unit, months as YYYY-MM, day figures as decimals, empty when none). The
// JSON file and the API use the same names.
var applicationCSVColumns = []string{"level", "month", "agency_code", "agency_name_zh", "agency_name_en",
	"service_code", "service_name_zh", "service_name_en", "period_value", "period_unit",
	"received", "received_counter", "received_online", "received_mail", "closed", "approved", "rejected",
	"withdrawn", "timed", "median_days", "p90_days", "on_time", "extended", "corrected", "open_end", "overdue_end"}

// writeApplicationsCSV writes every row of the statistics: UTF-8 with a BOM, the header in lang.
func (o *openData) writeApplicationsCSV(ctx context.Context, w io.Writer, lang i18n.Lang) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := spreadsheet.NewCSV(w)
	header := make([]string, len(applicationCSVColumns))
	for i, col := range applicationCSVColumns {
		header[i] = col
		if m, ok := o.site.Catalogues()[lang]["opendata.app_csv."+col]; ok {
			header[i] = m
		}
	}
	cw.Write(header)
	err := applications.EachStat(ctx, o.db, func(r *applications.StatRow) error {
		rec := []string{r.Level, monthText(r.Month), r.AgencyCode, r.AgencyNameZh, r.AgencyNameEn,
			r.ServiceCode, r.ServiceNameZh, r.ServiceNameEn, "", ""}
		if r.Period != nil {
			rec[8], rec[9] = strconv.Itoa(r.Period.Value), string(r.Period.Unit)
		}
		f := r.Figures
		for _, n := range []int{f.Received, f.ReceivedCounter, f.ReceivedOnline, f.ReceivedMail, f.Closed, f.Approved,
			f.Rejected, f.Withdrawn, f.Timed} {
			rec = append(rec, strconv.Itoa(n))
		}
		rec = append(rec, dayFigure(f.MedianDays), dayFigure(f.P90Days))
		for _, n := range []int{f.OnTime, f.Extended, f.Corrected, f.OpenEnd, f.OverdueEnd} {
			rec = append(rec, strconv.Itoa(n))
		}
		cw.Write(rec)
		return cw.Error()
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// monthText writes a month as YYYY-MM.
func monthText(t time.Time) string { return t.Format("2006-01") }

// dayFigure writes a median or percentile of days as the shortest decimal (roundDays), empty when
// there is none.
func dayFigure(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*roundDays(v), 'f', -1, 64)
}

// roundDays rounds a median or percentile of days to two decimals: interpolated between whole days,
// medians are halves and 90th percentiles tenths, and floating point adds digits that mean nothing
// (19.900000000000002).
func roundDays(v *float64) *float64 {
	if v == nil {
		return nil
	}
	r := math.Round(*v*100) / 100
	return &r
}

// applicationFiguresJSON are a month's figures under the CSV's column names.
type applicationFiguresJSON struct {
	Received        int      `json:"received"`
	ReceivedCounter int      `json:"received_counter"`
	ReceivedOnline  int      `json:"received_online"`
	ReceivedMail    int      `json:"received_mail"`
	Closed          int      `json:"closed"`
	Approved        int      `json:"approved"`
	Rejected        int      `json:"rejected"`
	Withdrawn       int      `json:"withdrawn"`
	Timed           int      `json:"timed"`
	MedianDays      *float64 `json:"median_days"` // null when timed is 0; two decimals
	P90Days         *float64 `json:"p90_days"`
	OnTime          int      `json:"on_time"`
	Extended        int      `json:"extended"`
	Corrected       int      `json:"corrected"`
	OpenEnd         int      `json:"open_end"`
	OverdueEnd      int      `json:"overdue_end"`
}

func newApplicationFiguresJSON(f applications.Figures) applicationFiguresJSON {
	return applicationFiguresJSON{Received: f.Received, ReceivedCounter: f.ReceivedCounter, ReceivedOnline: f.ReceivedOnline,
		ReceivedMail: f.ReceivedMail, Closed: f.Closed, Approved: f.Approved, Rejected: f.Rejected, Withdrawn: f.Withdrawn,
		Timed: f.Timed, MedianDays: roundDays(f.MedianDays), P90Days: roundDays(f.P90Days), OnTime: f.OnTime, Extended: f.Extended,
		Corrected: f.Corrected, OpenEnd: f.OpenEnd, OverdueEnd: f.OverdueEnd}
}

// applicationStatJSON is a row of the JSON file: the CSV's columns, null where the CSV is empty.
type applicationStatJSON struct {
	Level         string  `json:"level"`
	Month         string  `json:"month"`
	AgencyCode    *string `json:"agency_code"`
	AgencyNameZh  *string `json:"agency_name_zh"`
	AgencyNameEn  *string `json:"agency_name_en"`
	ServiceCode   *string `json:"service_code"`
	ServiceNameZh *string `json:"service_name_zh"`
	ServiceNameEn *string `json:"service_name_en"`
	PeriodValue   *int    `json:"period_value"`
	PeriodUnit    *string `json:"period_unit"`
	applicationFiguresJSON
}

// applicationStatsFile is the head of the JSON file; its rows follow, one per line.
type applicationStatsFile struct {
	Publisher     publisherJSON `json:"publisher"`
	License       string        `json:"license"`
	LicenseName   string        `json:"license_name"`
	PublishedDate string        `json:"published_date"` // when the latest recomputation finished
	AsOf          *string       `json:"as_of"`          // the day its figures are as of; null before the first
	Applications  int64         `json:"applications"`   // applications it counted
}

// writeApplicationsJSON writes an object with the publisher, the licence, the date of the figures
// and "stats", the array of every row of the statistics in the CSV's order.
func (o *openData) writeApplicationsJSON(ctx context.Context, w io.Writer, f dataFile) error {
	p := f.Applications
	head := applicationStatsFile{Publisher: o.publisher(), License: licenseURL, LicenseName: licenseNameZh,
		PublishedDate: o.published(f), Applications: p.Records}
	if p.Recomputation != 0 {
		d := p.AsOf.Format(time.DateOnly)
		head.AsOf = &d
	}
	b, err := marshalJSON(head)
	if err != nil {
		return err
	}
	if _, err := w.Write(append(b[:len(b)-1], `,"stats":[`...)); err != nil {
		return err
	}
	sep := "\n"
	err = applications.EachStat(ctx, o.db, func(r *applications.StatRow) error {
		row := applicationStatJSON{Level: r.Level, Month: monthText(r.Month), AgencyCode: nonEmpty(r.AgencyCode),
			AgencyNameZh: nonEmpty(r.AgencyNameZh), AgencyNameEn: nonEmpty(r.AgencyNameEn), ServiceCode: nonEmpty(r.ServiceCode),
			ServiceNameZh: nonEmpty(r.ServiceNameZh), ServiceNameEn: nonEmpty(r.ServiceNameEn),
			applicationFiguresJSON: newApplicationFiguresJSON(r.Figures)}
		if r.Period != nil {
			v, u := r.Period.Value, string(r.Period.Unit)
			row.PeriodValue, row.PeriodUnit = &v, &u
		}
		b, err := marshalJSON(row)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		sep = ",\n"
		_, err = w.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n]}\n")
	return err
}
