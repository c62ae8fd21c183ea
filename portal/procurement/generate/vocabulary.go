package generate

// Words the search benchmarks look for, and the share of titles that hold each. No other word of the
// vocabulary contains them, nor makes them where two words meet.
const (
	KeywordCommon    = "路燈"   // a common two-character word: 5% of titles
	KeywordSelective = "纜車"   // a rare one: 0.1% of titles
	KeywordFour      = "橋梁補強" // four characters: 0.5% of titles
)

// agencyKind says what an agency is, which sets how large its tenders may be.
type agencyKind int

const (
	department agencyKind = iota // a first-level department (局, 處): every amount band
	district                     // a district office (區公所) or a second-level agency
	school                       // a school or a small institution
)

// agencySpec is one of the city's agencies: its name, its 機關代碼-style code (invented, in the city
// government's 3.76 range: the real codes are not in this repository), how many tenders it runs
// relative to others, and the trades it buys most.
type agencySpec struct {
	name   string
	code   string
	kind   agencyKind
	weight float64
	focus  []string // trade keys
}

// agencies all have 臺中 in their names, so a search for 臺中 matches every process.
var agencies = []agencySpec{
	{"臺中市政府建設局", "3.76.10", department, 8, []string{"road", "building", "mep"}},
	{"臺中市政府水利局", "3.76.11", department, 6, []string{"mep", "road"}},
	{"臺中市政府交通局", "3.76.12", department, 4, []string{"road", "mep", "itsvc"}},
	{"臺中市政府教育局", "3.76.13", department, 4, []string{"building", "it", "books"}},
	{"臺中市政府環境保護局", "3.76.14", department, 4, []string{"cleaning", "vehicles", "supplies"}},
	{"臺中市政府都市發展局", "3.76.15", department, 3, []string{"consulting", "building"}},
	{"臺中市政府文化局", "3.76.16", department, 3, []string{"events", "building", "books"}},
	{"臺中市政府社會局", "3.76.17", department, 2, []string{"events", "building", "cleaning"}},
	{"臺中市政府經濟發展局", "3.76.18", department, 2, []string{"events", "consulting", "mep"}},
	{"臺中市政府警察局", "3.76.19", department, 3, []string{"it", "vehicles", "maintenance"}},
	{"臺中市政府消防局", "3.76.20", department, 2, []string{"vehicles", "maintenance", "supplies"}},
	{"臺中市政府衛生局", "3.76.21", department, 2, []string{"it", "cleaning", "events"}},
	{"臺中市政府農業局", "3.76.22", department, 2, []string{"road", "cleaning"}},
	{"臺中市政府觀光旅遊局", "3.76.23", department, 2, []string{"events", "consulting", "building"}},
	{"臺中市政府地政局", "3.76.24", department, 1, []string{"consulting", "itsvc"}},
	{"臺中市政府秘書處", "3.76.25", department, 2, []string{"office", "cleaning", "security", "vehicles"}},
	{"臺中市政府財政局", "3.76.26", department, 1, []string{"itsvc", "consulting"}},
	{"臺中市政府民政局", "3.76.27", department, 1, []string{"events", "office"}},
	{"臺中市政府運動局", "3.76.28", department, 1.5, []string{"building", "events"}},
	{"臺中市政府新聞局", "3.76.29", department, 1, []string{"events", "itsvc"}},
	{"臺中市西屯區公所", "3.76.60", district, 1.5, []string{"road", "building", "cleaning"}},
	{"臺中市北屯區公所", "3.76.61", district, 1.5, []string{"road", "building", "cleaning"}},
	{"臺中市南屯區公所", "3.76.62", district, 1.5, []string{"road", "building", "cleaning"}},
	{"臺中市豐原區公所", "3.76.63", district, 1.5, []string{"road", "building", "events"}},
	{"臺中市大里區公所", "3.76.64", district, 1.5, []string{"road", "mep", "cleaning"}},
	{"臺中市太平區公所", "3.76.65", district, 1.5, []string{"road", "building", "cleaning"}},
	{"臺中市清水區公所", "3.76.66", district, 1, []string{"road", "events", "cleaning"}},
	{"臺中市沙鹿區公所", "3.76.67", district, 1, []string{"road", "building", "cleaning"}},
	{"臺中市大甲區公所", "3.76.68", district, 1, []string{"road", "events", "cleaning"}},
	{"臺中市霧峰區公所", "3.76.69", district, 1, []string{"road", "building", "cleaning"}},
	{"臺中市政府環境保護局清潔隊", "3.76.14.01", district, 2, []string{"cleaning", "vehicles", "supplies"}},
	{"臺中市立圖書館", "3.76.16.01", district, 1, []string{"books", "it", "events"}},
	{"臺中市立仁愛之家", "3.76.17.01", school, 0.5, []string{"cleaning", "building", "supplies"}},
	{"臺中市立臺中第一高級中等學校", "3.76.13.01", school, 1, []string{"building", "it", "books"}},
	{"臺中市立忠明高級中等學校", "3.76.13.02", school, 1, []string{"building", "it", "books"}},
	{"臺中市北屯區四張犁國民小學", "3.76.13.31", school, 1, []string{"building", "it", "books"}},
	{"臺中市西區忠信國民小學", "3.76.13.32", school, 1, []string{"building", "it", "books"}},
}

// places begin many titles; the empty ones leave the place out.
var places = []string{"", "", "", "西屯區", "北屯區", "南屯區", "豐原區", "大里區", "太平區", "烏日區",
	"中區", "東區", "南區", "西區", "北區", "霧峰區", "大雅區", "潭子區", "后里區", "神岡區"}

// industry is a kind of firm a supplier of a trade may be: the word of its name after the trade
// name (字號), and whether it is a company (有限公司, 股份有限公司) or a sole business whose name ends
// with the industry itself (工程行, 土木包工業).
type industry struct {
	word    string
	company bool
}

// tradeSpec is a line of business: what is bought (category, and the class of the Central Product
// Classification that Taiwan's 標的分類 follows), the words of its titles, the firms that sell it and
// how many of them the population holds.
type tradeSpec struct {
	key        string
	category   string // works, goods, services
	class      string // CPC code; its first two digits tell unrelated lines of business apart
	classLabel string
	objects    []string
	actions    []string
	industries []industry
	suppliers  int
	weight     float64 // share of tenders among trades outside an agency's focus
}

var trades = []tradeSpec{
	{"road", "works", "513", "土木工程", []string{"道路", "人行道", "排水溝", "停車場", "標線", "自行車道", "農路"},
		[]string{"維護工程", "改善工程", "新建工程", "刨鋪工程", "開口契約"},
		[]industry{{"營造", true}, {"土木包工業", false}, {"工程行", false}}, 1500, 3},
	{"building", "works", "512", "建築工程", []string{"校舍", "辦公廳舍", "活動中心", "公廁", "運動場", "公園", "綠地"},
		[]string{"新建工程", "整修工程", "修繕工程", "耐震補強工程", "改善工程"},
		[]industry{{"營造", true}, {"建設", true}, {"室內裝修", true}}, 1200, 2},
	{"mep", "works", "516", "機電及管線工程", []string{"自來水管線", "污水下水道", "空調設備", "電力設備", "號誌"},
		[]string{"改善工程", "汰換工程", "更新工程", "維護工程"},
		[]industry{{"水電工程", true}, {"機電工程", true}, {"電機工程", true}, {"水電行", false}}, 1000, 1.5},
	{"it", "goods", "452", "電腦及其週邊設備", []string{"電腦設備", "伺服器", "網路設備", "監視器"},
		[]string{"採購", "租賃", "汰換採購"},
		[]industry{{"資訊", true}, {"電腦", true}, {"科技", true}}, 800, 1.5},
	{"vehicles", "goods", "491", "車輛", []string{"公務車輛", "垃圾車", "消防車", "機車"},
		[]string{"採購", "租賃"},
		[]industry{{"汽車", true}, {"車業", true}}, 200, 0.5},
	{"books", "goods", "322", "圖書", []string{"圖書", "期刊", "電子書"},
		[]string{"採購"},
		[]industry{{"圖書", true}, {"書局", false}}, 200, 0.5},
	{"office", "goods", "451", "事務機器", []string{"影印機", "碎紙機", "投影設備"},
		[]string{"採購", "租賃"},
		[]industry{{"事務機器", true}, {"實業", true}, {"商行", false}}, 300, 0.7},
	{"supplies", "goods", "353", "清潔用品", []string{"清潔用品", "防疫用品"},
		[]string{"採購"},
		[]industry{{"實業", true}, {"企業社", false}, {"商行", false}}, 300, 0.5},
	{"consulting", "services", "867", "建築及工程服務", []string{"道路改善工程", "校舍新建工程", "排水系統", "都市計畫"},
		[]string{"委託設計監造", "委託規劃", "委託專業服務", "可行性評估"},
		[]industry{{"工程顧問", true}, {"建築師事務所", false}}, 600, 1},
	{"cleaning", "services", "874", "清潔服務", []string{"辦公廳舍", "公園", "公廁", "市場"},
		[]string{"清潔維護", "環境清潔委託服務", "委託服務"},
		[]industry{{"清潔", true}, {"環保", true}}, 400, 1},
	{"security", "services", "873", "保全服務", []string{"辦公廳舍", "停車場"},
		[]string{"駐衛保全委託服務"},
		[]industry{{"保全", true}}, 150, 0.3},
	{"events", "services", "962", "文化及藝文活動服務", []string{"藝文活動", "觀光行銷", "節慶活動", "宣導活動"},
		[]string{"委託辦理", "委託服務"},
		[]industry{{"文化事業", true}, {"國際", true}, {"行銷", true}}, 600, 1},
	{"maintenance", "services", "886", "維修保養服務", []string{"空調設備", "電梯", "消防設備", "監視器"},
		[]string{"保養維護", "維護服務"},
		[]industry{{"機電", true}, {"電梯", true}, {"消防設備", true}}, 500, 1},
	{"itsvc", "services", "842", "資訊服務", []string{"資訊系統", "網站", "雲端服務"},
		[]string{"建置案", "維護服務", "委託開發"},
		[]industry{{"資訊", true}, {"數位科技", true}}, 500, 1},
}

// tradeNameChars make the trade names (字號) of firms, two at a time.
var tradeNameChars = []rune("宏達建興大成永豐鼎泰昌隆富冠勝聯信源茂全華榮億佳美旺順新益祥和安開元偉鑫晟翔峰禾欣瑞嘉慶福聖國")

// companyForms are the legal forms of companies.
var companyForms = []string{"有限公司", "有限公司", "有限公司", "股份有限公司"}
