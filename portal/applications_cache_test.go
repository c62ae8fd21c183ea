package portal

import (
	"testing"
)

// The application pages are kept as rendered until the next recomputation: data imported since
// shows only once recomputed, and then at once, on the city page and on the agency's.
func TestApplicationPagesChangeWithTheRecomputation(t *testing.T) {
	h, pool := appSite(t)
	get(t, h, "zh-TW", "/applications").mustContain(t, "/applications", "<dt>收件</dt><dd>共 15 件</dd>")
	get(t, h, "zh-TW", agencyHref(civilAgency)).mustContain(t, "the agency", "<dt>收件</dt><dd>共 13 件</dd>")
	importApps(t, pool, "applications", "機關代碼,機關名稱,案件編號,申請項目代碼,申請項目,申請方式,收件日期,結案日期,處理結果\n"+
		civilAgency+",臺中市政府民政局,NEW-1,01,戶籍謄本,臨櫃,2024-03-04,2024-03-05,核准\n")
	get(t, h, "zh-TW", "/applications").mustContain(t, "before the recomputation", "<dt>收件</dt><dd>共 15 件</dd>")
	appRecompute(t, pool)
	get(t, h, "zh-TW", "/applications").mustContain(t, "after the recomputation", "<dt>收件</dt><dd>共 16 件</dd>")
	get(t, h, "en", "/applications").mustContain(t, "after, in English", "<dd>16 in all</dd>")
	get(t, h, "zh-TW", agencyHref(civilAgency)).mustContain(t, "the agency after the recomputation", "<dt>收件</dt><dd>共 14 件</dd>")
}
