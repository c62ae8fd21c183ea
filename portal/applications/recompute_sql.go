package applications

// The SQL of Recompute. Days are numbered from 1950-01-01 (day 1; csvimport refuses earlier years)
// and months from January 1950 (month 1), so that the calendar becomes arrays indexed by day and
// month numbers: looking a day up is an array subscript instead of a join, and one pass over the
// applications computes everything.

// cal is the common table expression of the calendar arrays, from app_days (one row):
//   - next_working[d]: the working day on or after day d (0 beyond the table's end);
//   - n[d]: the working days up to and including day d; nth[k]: the k-th working day;
//   - month[d], dom[d]: day d's month and day of the month; month_first[m], month_len[m]: the
//     first day and the number of days of month m.
const calCTE = `cal AS (
    SELECT array_agg(next_working ORDER BY d) AS next_working, array_agg(n ORDER BY d) AS n,
        array_agg(d ORDER BY n) FILTER (WHERE working) AS nth,
        array_agg(m ORDER BY d) AS month, array_agg(dom ORDER BY d) AS dom,
        array_agg(d ORDER BY m) FILTER (WHERE dom = 1) AS month_first,
        array_agg(month_len ORDER BY m) FILTER (WHERE dom = 1) AS month_len
    FROM app_days
)`

// dueCTE adds to cal the applications received by $1 with their day numbers and due day: f, each
// with the period that applies (the one in effect on the day of receipt; two months when there is
// none); e, with due, the working day on or after the period's last day, counted as DueDate
// counts (due.go): from the day after receipt, the extension in the period's kind of day, the 補正
// days added, then the next working day. due is NULL or 0 when it falls beyond the day table, that
// is later than any day the figures compare it with.
const dueCTE = calCTE + `, f AS (
    SELECT r.agency_id, r.case_key, r.service_id, r.channel, r.outcome, r.extended, r.suspended_days,
        r.extension_days AS ext, r.received - date '1949-12-31' AS ri,
        CASE WHEN r.closed <= $1 THEN r.closed - date '1949-12-31' END AS ci,
        COALESCE(p.unit, 'months') AS unit, COALESCE(p.value, 2) AS value
    FROM application_records r
    LEFT JOIN app_periods p ON p.service_id = r.service_id AND r.received >= p.from_day AND r.received < p.until_day
    WHERE r.received <= $1
), e AS (
    SELECT f.*, c.month[f.ri] AS rm, c.month[f.ci] AS cm, c.next_working[CASE
        WHEN f.unit = 'working_days' AND f.value + f.ext = 0 THEN f.ri
        WHEN f.unit = 'working_days' THEN c.nth[c.n[f.ri] + f.value + f.ext]
        WHEN f.unit = 'calendar_days' THEN f.ri + f.value + f.ext
        ELSE c.month_first[c.month[f.ri] + f.value] - 1 + f.ext
            + least(c.dom[f.ri], c.month_len[c.month[f.ri] + f.value])
    END + f.suspended_days] AS due, c.month AS months
    FROM f CROSS JOIN cal c
    OFFSET 0 -- a fence: due is computed once per row, not wherever it is used
)`

// The steps of a recomputation, in order, in one transaction.
var recomputeSteps = []struct{ name, sql string }{
	// Every day from 1950 to well after asOf: whether it is a working day (the office calendar where
	// it lists the day, else Monday to Friday), and what the arrays of calCTE hold.
	{"days", `CREATE TEMP TABLE app_days ON COMMIT DROP AS
WITH d AS (
    SELECT g::date AS day, COALESCE(NOT c.is_holiday, extract(isodow FROM g) < 6) AS working
    FROM generate_series(date '1950-01-01', $1::date + 800, interval '1 day') AS g
    LEFT JOIN office_calendar c ON c.day = g::date
)
SELECT day - date '1949-12-31' AS d, working,
    count(*) FILTER (WHERE working) OVER (ORDER BY day)::integer AS n,
    COALESCE(min(day - date '1949-12-31') FILTER (WHERE working) OVER (ORDER BY day DESC), 0) AS next_working,
    ((extract(year FROM day) - 1950) * 12 + extract(month FROM day))::integer AS m,
    extract(day FROM day)::integer AS dom,
    extract(day FROM date_trunc('month', day) + interval '1 month - 1 day')::integer AS month_len
FROM d`},
	// Each published period with the day the next one of its service takes over.
	{"periods", `CREATE TEMP TABLE app_periods ON COMMIT DROP AS
SELECT service_id, COALESCE(effective_from, '-infinity') AS from_day,
    COALESCE(lead(effective_from) OVER w, 'infinity') AS until_day,
    COALESCE(unit, 'months') AS unit, COALESCE(value, 2) AS value
FROM application_periods
WINDOW w AS (PARTITION BY service_id ORDER BY effective_from NULLS FIRST)`},
	{"analyze", `ANALYZE app_days, app_periods`},
	// One pass over the applications, counted three ways at once by service, in hash tables (no
	// sort), one count per group:
	//   - "in": by the month received and the channel;
	//   - "overdue": by the month an application became overdue (the month of the day after its due
	//     day), if it was still open at the end of that month, or at asOf in asOf's month;
	//   - "out": by the month closed, processing days (closed − received − 補正), and flags: the
	//     outcome × 16 (approved 1, rejected 2, withdrawn 3, not given 0), + 8 if on time, + 4 if
	//     extended, + 2 if it had 補正, + 1 if it leaves the overdue backlog. Integers hash faster
	//     than five more columns.
	// The processing days make a histogram, from which every level's percentiles come.
	{"histogram", `CREATE TEMP TABLE app_hist ON COMMIT DROP AS
WITH ` + dueCTE + `, x AS (
    SELECT service_id, channel, rm, cm, CASE WHEN cm IS NOT NULL THEN ci - ri - suspended_days END AS days,
        CASE WHEN due > 0 AND due < $1::date - date '1949-12-31' AND (cm IS NULL OR months[due + 1] < cm)
            THEN months[due + 1] END AS om,
        CASE outcome WHEN 'approved' THEN 16 WHEN 'rejected' THEN 32 WHEN 'withdrawn' THEN 48 ELSE 0 END
            + CASE WHEN ci <= COALESCE(NULLIF(due, 0), 2147483647) THEN 8 ELSE 0 END
            + CASE WHEN extended THEN 4 ELSE 0 END + CASE WHEN suspended_days > 0 THEN 2 ELSE 0 END AS flags
    FROM e
)
SELECT CASE WHEN GROUPING(rm) = 0 THEN 'in' WHEN GROUPING(om) = 0 THEN 'overdue' ELSE 'out' END AS kind,
    service_id, COALESCE(rm, om, cm) AS m, channel, days, flags + (om IS NOT NULL)::integer AS flags, count(*) AS n
FROM x
GROUP BY GROUPING SETS ((service_id, rm, channel), (service_id, om), (service_id, cm, days, flags + (om IS NOT NULL)::integer))
HAVING GROUPING(rm) = 0 OR COALESCE(om, cm) IS NOT NULL`},
	{"analyze histogram", `ANALYZE app_hist`},
	// The closed side at the three levels (0 for "all"), with the median and P90 of processing days
	// over the applications closed other than by withdrawal ("timed"), as percentile_cont computes
	// them: of n values in order, the p-quantile lies at 0-based rank p(n − 1), between the values
	// at the ranks below and above, interpolated; the value at rank k is the smallest whose
	// cumulative count exceeds k.
	{"closed", `CREATE TEMP TABLE app_out ON COMMIT DROP AS
WITH levels AS (
    SELECT COALESCE(s.agency_id, 0) AS agency_id, COALESCE(h.service_id, 0) AS service_id, h.m, h.days,
        sum(n) AS closed,
        COALESCE(sum(n) FILTER (WHERE flags / 16 = 1), 0) AS approved,
        COALESCE(sum(n) FILTER (WHERE flags / 16 = 2), 0) AS rejected,
        COALESCE(sum(n) FILTER (WHERE flags / 16 = 3), 0) AS withdrawn,
        COALESCE(sum(n) FILTER (WHERE flags / 16 <> 3), 0) AS timed,
        COALESCE(sum(n) FILTER (WHERE flags / 16 <> 3 AND flags & 8 <> 0), 0) AS on_time,
        COALESCE(sum(n) FILTER (WHERE flags / 16 <> 3 AND flags & 4 <> 0), 0) AS extended,
        COALESCE(sum(n) FILTER (WHERE flags / 16 <> 3 AND flags & 2 <> 0), 0) AS corrected,
        COALESCE(sum(n) FILTER (WHERE flags & 1 <> 0), 0) AS overdue
    FROM app_hist h JOIN application_services s ON s.id = h.service_id
    WHERE h.kind = 'out'
    GROUP BY GROUPING SETS ((s.agency_id, h.service_id, h.m, h.days), (s.agency_id, h.m, h.days), (h.m, h.days))
), ranked AS (
    SELECT levels.*,
        sum(timed) OVER (PARTITION BY agency_id, service_id, m ORDER BY days)::float8 AS cum,
        (sum(timed) OVER (PARTITION BY agency_id, service_id, m) - 1)::float8 AS last
    FROM levels
), q AS (
    SELECT agency_id, service_id, m, sum(closed) AS closed, sum(approved) AS approved, sum(rejected) AS rejected,
        sum(withdrawn) AS withdrawn, sum(timed) AS timed, sum(on_time) AS on_time, sum(extended) AS extended,
        sum(corrected) AS corrected, sum(overdue) AS overdue, max(last) AS last,
        min(days) FILTER (WHERE timed > 0 AND cum > floor(0.5 * last)) AS lo50,
        min(days) FILTER (WHERE timed > 0 AND cum > ceil(0.5 * last)) AS hi50,
        min(days) FILTER (WHERE timed > 0 AND cum > floor(0.9 * last)) AS lo90,
        min(days) FILTER (WHERE timed > 0 AND cum > ceil(0.9 * last)) AS hi90
    FROM ranked GROUP BY agency_id, service_id, m
)
SELECT agency_id, service_id, m, closed, approved, rejected, withdrawn, timed, on_time, extended, corrected, overdue,
    lo50 + (hi50 - lo50) * (0.5 * last - floor(0.5 * last)) AS median_days,
    lo90 + (hi90 - lo90) * (0.9 * last - floor(0.9 * last)) AS p90_days
FROM q`},
	// What came in, by service and month.
	{"received", `CREATE TEMP TABLE app_in ON COMMIT DROP AS
SELECT service_id, m, sum(n) AS n,
    COALESCE(sum(n) FILTER (WHERE channel = 'counter'), 0) AS counter,
    COALESCE(sum(n) FILTER (WHERE channel = 'online'), 0) AS online,
    COALESCE(sum(n) FILTER (WHERE channel = 'mail'), 0) AS mail
FROM app_hist WHERE kind = 'in' GROUP BY service_id, m`},
	{"clear", `DELETE FROM application_stats`},
	// A service's rows run from its first month to asOf's; open and overdue at a month's end are
	// running sums of what came in and went out. Months with nothing to show are left out.
	{"services", `INSERT INTO application_stats
SELECT * FROM (
    SELECT s.agency_id, s.id, (date '1949-12-01' + make_interval(months => g.m))::date,
        COALESCE(i.n, 0), COALESCE(i.counter, 0), COALESCE(i.online, 0), COALESCE(i.mail, 0),
        COALESCE(o.closed, 0), COALESCE(o.approved, 0), COALESCE(o.rejected, 0), COALESCE(o.withdrawn, 0),
        COALESCE(o.timed, 0), o.median_days, o.p90_days,
        COALESCE(o.on_time, 0), COALESCE(o.extended, 0), COALESCE(o.corrected, 0),
        sum(COALESCE(i.n, 0) - COALESCE(o.closed, 0)) OVER w,
        sum(COALESCE(v.n, 0) - COALESCE(o.overdue, 0)) OVER w
    FROM (SELECT service_id, min(m) AS first FROM app_in GROUP BY service_id) f
    JOIN application_services s ON s.id = f.service_id
    CROSS JOIN LATERAL generate_series(f.first, ((extract(year FROM $1::date) - 1950) * 12 + extract(month FROM $1::date))::integer) AS g (m)
    LEFT JOIN app_in i ON i.service_id = s.id AND i.m = g.m
    LEFT JOIN app_out o ON o.service_id = s.id AND o.m = g.m
    LEFT JOIN app_hist v ON v.kind = 'overdue' AND v.service_id = s.id AND v.m = g.m
    WINDOW w AS (PARTITION BY s.id ORDER BY g.m)
) x (agency_id, service_id, month, received, received_counter, received_online, received_mail, closed, approved,
    rejected, withdrawn, timed, median_days, p90_days, on_time, extended, corrected, open_end, overdue_end)
WHERE received > 0 OR closed > 0 OR open_end > 0`},
	// Agencies (service_id 0) and the city (both 0): what adds up, summed from the services' rows;
	// the closed side, with its own day figures, from app_out.
	{"totals", `INSERT INTO application_stats
SELECT g.agency_id, 0, g.month, g.received, g.received_counter, g.received_online, g.received_mail,
    COALESCE(o.closed, 0), COALESCE(o.approved, 0), COALESCE(o.rejected, 0), COALESCE(o.withdrawn, 0),
    COALESCE(o.timed, 0), o.median_days, o.p90_days,
    COALESCE(o.on_time, 0), COALESCE(o.extended, 0), COALESCE(o.corrected, 0), g.open_end, g.overdue_end
FROM (
    SELECT COALESCE(agency_id, 0) AS agency_id, month, sum(received) AS received,
        sum(received_counter) AS received_counter, sum(received_online) AS received_online,
        sum(received_mail) AS received_mail, sum(open_end) AS open_end, sum(overdue_end) AS overdue_end
    FROM application_stats WHERE service_id > 0
    GROUP BY GROUPING SETS ((agency_id, month), (month))
) g
LEFT JOIN app_out o ON o.agency_id = g.agency_id AND o.service_id = 0
    AND o.m = ((extract(year FROM g.month) - 1950) * 12 + extract(month FROM g.month))::integer`},
}

// calendarGaps lists the years from the first application to asOf without a day in the office
// calendar.
const calendarGaps = `SELECT COALESCE(array_agg(y ORDER BY y), '{}')
FROM generate_series((SELECT 1950 + (min(m) - 1) / 12 FROM app_in), extract(year FROM $1::date)::integer) AS y
WHERE NOT EXISTS (SELECT FROM office_calendar WHERE day >= make_date(y, 1, 1) AND day < make_date(y + 1, 1, 1))`
