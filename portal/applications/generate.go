package applications

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"time"
)

// The generator makes realistic applications for benchmarks and demonstrations: the city's kinds
// of agencies with their usual services, volumes that follow the seasons and the working week,
// processing times around each service's habit, some 補正 and extensions, and a few services that
// often run late. The same seed gives the same records, one at a time, so any number can be
// streamed.

// genService is a service as the generator knows it.
type genService struct {
	code, name string
	period     Period
	published  bool
	weight     float64    // share of the applications
	channels   [3]float64 // counter, online, mail
	sameDay    float64    // share closed the day they come
	median     float64    // typical processing days of the others
	late       float64    // share running over the period
	corrected  float64    // share with 補正
	summer     bool       // more applications in June to August (school enrolment)
}

// genAgency is a kind of agency: a name pattern (a district or office name fills %s) and services.
type genAgency struct {
	name, nameEn string
	places       []string
	services     []genService
}

var genAgencies = []genAgency{
	{"臺中市%s區戶政事務所", "%s District Household Registration Office", []string{"西屯", "北屯", "南屯", "大里", "豐原", "太平", "烏日", "沙鹿", "大甲", "霧峰"}, []genService{
		{"01", "戶籍謄本", Period{0, CalendarDays}, true, 10, [3]float64{0.7, 0.3, 0}, 0.97, 1, 0.005, 0, false},
		{"02", "遷入登記", Period{1, WorkingDays}, true, 6, [3]float64{0.95, 0.05, 0}, 0.8, 1, 0.01, 0.02, true},
		{"03", "印鑑證明", Period{0, CalendarDays}, true, 4, [3]float64{1, 0, 0}, 0.98, 1, 0.005, 0, false},
		{"04", "門牌證明", Period{3, WorkingDays}, true, 0.5, [3]float64{0.6, 0.2, 0.2}, 0.3, 2, 0.02, 0.01, false},
	}},
	{"臺中市%s地政事務所", "%s Land Office", []string{"中山", "中正", "中興", "豐原"}, []genService{
		{"01", "地籍謄本", Period{0, CalendarDays}, true, 8, [3]float64{0.4, 0.6, 0}, 0.95, 1, 0.005, 0, false},
		{"02", "土地登記", Period{7, WorkingDays}, true, 5, [3]float64{0.85, 0.05, 0.1}, 0.05, 4, 0.04, 0.15, false},
		{"03", "土地複丈", Period{15, CalendarDays}, true, 1, [3]float64{0.9, 0, 0.1}, 0, 14, 0.3, 0.1, false},
		{"04", "建物第一次測量", Period{15, CalendarDays}, true, 0.5, [3]float64{0.9, 0, 0.1}, 0, 12, 0.15, 0.1, false},
	}},
	{"臺中市政府都市發展局", "Urban Development Bureau", []string{""}, []genService{
		{"01", "建造執照", Period{30, CalendarDays}, true, 1, [3]float64{0.6, 0.4, 0}, 0, 32, 0.45, 0.5, false},
		{"02", "使用執照", Period{20, CalendarDays}, true, 0.8, [3]float64{0.6, 0.4, 0}, 0, 16, 0.2, 0.3, false},
		{"03", "雜項執照", Period{20, CalendarDays}, true, 0.3, [3]float64{0.8, 0.2, 0}, 0, 14, 0.1, 0.2, false},
		{"04", "室內裝修許可", Period{14, CalendarDays}, true, 1, [3]float64{0.5, 0.5, 0}, 0, 9, 0.08, 0.2, false},
	}},
	{"臺中市政府經濟發展局", "Economic Development Bureau", []string{""}, []genService{
		{"01", "公司設立登記", Period{5, WorkingDays}, true, 3, [3]float64{0.5, 0.4, 0.1}, 0.1, 3, 0.03, 0.2, false},
		{"02", "商業登記", Period{5, WorkingDays}, true, 4, [3]float64{0.6, 0.3, 0.1}, 0.1, 3, 0.03, 0.15, false},
		{"03", "工廠登記", Period{30, CalendarDays}, true, 0.3, [3]float64{0.7, 0.2, 0.1}, 0, 20, 0.1, 0.3, false},
	}},
	{"臺中市政府環境保護局", "Environmental Protection Bureau", []string{""}, []genService{
		{"01", "固定污染源操作許可", Period{2, Months}, true, 0.3, [3]float64{0.3, 0.6, 0.1}, 0, 55, 0.35, 0.4, false},
		{"02", "廢棄物清理計畫書", Period{1, Months}, true, 0.5, [3]float64{0.2, 0.8, 0}, 0, 20, 0.1, 0.3, false},
		{"03", "營建工程空氣污染防制費申報", Period{7, CalendarDays}, true, 2, [3]float64{0.2, 0.8, 0}, 0.3, 3, 0.02, 0.05, false},
		{"09", "其他環境許可", Period{}, false, 0.2, [3]float64{0.5, 0.3, 0.2}, 0, 25, 0.05, 0.1, false},
	}},
	{"臺中市政府社會局", "Social Affairs Bureau", []string{""}, []genService{
		{"01", "低收入戶資格審查", Period{1, Months}, true, 2, [3]float64{0.8, 0.1, 0.1}, 0, 18, 0.08, 0.3, true},
		{"02", "中低收入戶資格審查", Period{1, Months}, true, 2, [3]float64{0.8, 0.1, 0.1}, 0, 18, 0.08, 0.3, true},
		{"03", "急難救助", Period{5, WorkingDays}, true, 1, [3]float64{0.9, 0.1, 0}, 0.2, 3, 0.03, 0.1, false},
		{"04", "身心障礙證明", Period{30, CalendarDays}, true, 2, [3]float64{0.9, 0.05, 0.05}, 0, 21, 0.06, 0.1, false},
	}},
}

// seasons scales the applications of each month: fewer at the Lunar New Year and in the typhoon
// season, more before the end of the year.
var seasons = [12]float64{0.95, 0.8, 1.05, 1, 1, 1.05, 1.1, 1.05, 0.95, 0.95, 1, 1.1}

// genUnit is one agency of the generator, with its services.
type genUnit struct {
	code, name, nameEn string
	services           []genService
}

func genUnits() []genUnit {
	var units []genUnit
	for _, a := range genAgencies {
		for _, place := range a.places {
			u := genUnit{code: fmt.Sprintf("G%03d", len(units)+1), name: a.name, nameEn: a.nameEn, services: a.services}
			if place != "" {
				u.name, u.nameEn = fmt.Sprintf(a.name, place), fmt.Sprintf(a.nameEn, place)
			}
			units = append(units, u)
		}
	}
	return units
}

// Generator streams generated applications received from From to To, in order of receipt.
type Generator struct {
	From, To time.Time
	r        *rand.Rand
	n, i     int
	units    []genUnit
	days     []time.Time
	cum      []float64 // cumulative weight of days
	d        int       // current day
	pick     [12][]float64
	picks    []struct{ unit, service int }
	cal      *Calendar
	serial   map[string]int // next case number per agency and year
}

// NewGenerator returns a generator of n applications received from from to to (inclusive),
// closed by to or still open then.
func NewGenerator(seed uint64, n int, from, to time.Time) *Generator {
	g := &Generator{From: from, To: to, r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), n: n,
		units: genUnits(), cal: GeneratedCalendar(), serial: map[string]int{}}
	total := 0.0
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		w := seasons[d.Month()-1]
		switch {
		case !g.cal.Working(d) && (d.Weekday() == time.Saturday || d.Weekday() == time.Sunday):
			w *= 0.1 // online only
		case !g.cal.Working(d):
			w *= 0.05
		}
		total += w
		g.days, g.cum = append(g.days, d), append(g.cum, total)
	}
	for ui, u := range g.units {
		for si := range u.services {
			g.picks = append(g.picks, struct{ unit, service int }{ui, si})
		}
	}
	for m := range 12 {
		sum := 0.0
		for _, p := range g.picks {
			s := g.units[p.unit].services[p.service]
			w := s.weight
			if s.summer && m >= 5 && m <= 7 {
				w *= 1.6
			}
			sum += w
			g.pick[m] = append(g.pick[m], sum)
		}
	}
	return g
}

// Next fills a with the next application; false when all n are made.
func (g *Generator) Next(a *Application) bool {
	if g.i == g.n {
		return false
	}
	// The i-th of n applications falls where the days' cumulative weight reaches (i + ½)/n.
	u := (float64(g.i) + 0.5) / float64(g.n) * g.cum[len(g.cum)-1]
	for g.cum[g.d] < u {
		g.d++
	}
	g.i++
	received := g.days[g.d]
	m := received.Month() - 1
	k := sort.SearchFloat64s(g.pick[m], g.r.Float64()*g.pick[m][len(g.pick[m])-1])
	p := g.picks[min(k, len(g.picks)-1)]
	unit, s := &g.units[p.unit], &g.units[p.unit].services[p.service]
	*a = Application{AgencyCode: unit.code, ServiceCode: s.code, ServiceName: s.name, Received: received}
	year := received.Year() - 1911
	serialKey := fmt.Sprint(unit.code, year)
	g.serial[serialKey]++
	a.Key = fmt.Sprintf("%d%s%07d", year, s.code, g.serial[serialKey])
	a.Channel = g.channel(s, received)
	g.process(a, s)
	return true
}

func (g *Generator) channel(s *genService, received time.Time) Channel {
	if !g.cal.Working(received) {
		return Online
	}
	x := g.r.Float64() * (s.channels[0] + s.channels[1] + s.channels[2])
	switch {
	case x < s.channels[0]:
		return Counter
	case x < s.channels[0]+s.channels[1]:
		return Online
	}
	return Mail
}

// process decides how long the application took, with its 補正 and extension, and its outcome; an
// application not done by To stays open.
func (g *Generator) process(a *Application, s *genService) {
	r := g.r
	period := s.period
	if !s.published {
		period = DefaultPeriod
	}
	periodDays := ProcessingDays(a.Received, DueDate(a.Received, period, 0, 0, g.cal), 0)
	days := 0
	switch x := r.Float64(); {
	case x < s.sameDay:
	case x < s.sameDay+(1-s.sameDay)*s.late:
		days = periodDays + 1 + int(r.ExpFloat64()*float64(max(periodDays, 3))/2)
	default:
		days = int(math.Round(s.median * math.Exp(0.45*r.NormFloat64())))
		days = min(max(days, 1), max(periodDays, 1))
	}
	if r.Float64() < s.corrected {
		a.SuspendedDays = 3 + r.IntN(25)
	}
	if days > periodDays && periodDays >= 7 && r.Float64() < 0.3 {
		a.Extended, a.ExtensionDays = true, min(period.Value, 30)
		if period.Unit == Months {
			a.ExtensionDays = 30
		}
	}
	a.Outcome = Approved
	switch x := r.Float64(); {
	case x < 0.03:
		a.Outcome, days = Withdrawn, days/2
	case x < 0.09:
		a.Outcome = Rejected
	}
	closed := g.cal.OnOrAfter(a.Received.AddDate(0, 0, days+a.SuspendedDays))
	if r.Float64() < 0.001 { // a few lost in a drawer
		closed = g.To.AddDate(1, 0, 0)
	}
	if closed.After(g.To) {
		a.Outcome = ""
		if span := ProcessingDays(a.Received, g.To, 0); a.SuspendedDays > span {
			a.SuspendedDays = span
		}
		return
	}
	a.Closed = closed
}

// GeneratedCalendar is the generator's office calendar: weekends and the holidays of fixed date
// (開國紀念日, 和平紀念日, 兒童節, 國慶日). Real calendars add the lunar holidays and make-up days.
func GeneratedCalendar() *Calendar {
	c := NewCalendar()
	for y := 2000; y <= 2040; y++ {
		for _, md := range [][2]int{{1, 1}, {2, 28}, {4, 4}, {10, 10}} {
			c.Set(Date(y, time.Month(md[0]), md[1]), true)
		}
	}
	return c
}

// WriteCalendarCSV writes the generated calendar for the years from to to, in the DGPA's format.
func WriteCalendarCSV(w io.Writer, from, to int) error {
	c := GeneratedCalendar()
	bw := bufio.NewWriter(w)
	bw.WriteString("西元日期,星期,是否放假,備註\n")
	weekdays := []string{"日", "一", "二", "三", "四", "五", "六"}
	for d := Date(from, 1, 1); d.Year() <= to; d = d.AddDate(0, 0, 1) {
		flag := "0"
		if !c.Working(d) {
			flag = "2"
		}
		fmt.Fprintf(bw, "%s,%s,%s,\n", d.Format("20060102"), weekdays[d.Weekday()], flag)
	}
	return bw.Flush()
}

// WritePeriodsCSV writes the generator's agencies, services and periods, in the periods format.
func WritePeriodsCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"機關代碼", "機關名稱", "機關英文名稱", "申請項目代碼", "申請項目", "處理期間", "單位"})
	units := map[Unit]string{CalendarDays: "日", WorkingDays: "工作天", Months: "月"}
	for _, u := range genUnits() {
		for _, s := range u.services {
			value, unit := "", ""
			if s.published {
				value, unit = fmt.Sprint(s.period.Value), units[s.period.Unit]
			}
			cw.Write([]string{u.code, u.name, u.nameEn, s.code, s.name, value, unit})
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteApplicationsCSV writes what g generates, in the applications format with Chinese headers.
func WriteApplicationsCSV(w io.Writer, g *Generator) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("機關代碼,機關名稱,案件編號,申請項目代碼,申請項目,申請方式,收件日期,結案日期,補正日數,展延,展延日數,處理結果\n")
	names := map[string]string{}
	for _, u := range g.units {
		names[u.code] = u.name
	}
	channels := map[Channel]string{Counter: "臨櫃", Online: "網路", Mail: "郵寄"}
	outcomes := map[Outcome]string{Approved: "核准", Rejected: "駁回", Withdrawn: "撤回"}
	var a Application
	for g.Next(&a) {
		extended := "否"
		if a.Extended {
			extended = "是"
		}
		fmt.Fprintf(bw, "%s,%s,%s,%s,%s,%s,%s,%s,%d,%s,%d,%s\n", a.AgencyCode, names[a.AgencyCode], a.Key, a.ServiceCode,
			a.ServiceName, channels[a.Channel], a.Received.Format(time.DateOnly), dateOrEmpty(a.Closed), a.SuspendedDays,
			extended, a.ExtensionDays, outcomes[a.Outcome])
	}
	return bw.Flush()
}
