package browsertest

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// SetCookies gives the browser the cookies an HTTP client holds for site, so that a page opens in
// a session the test made without the browser (a signed-in officer, an open mailbox).
func (b *Browser) SetCookies(t testing.TB, site string, cookies []*http.Cookie) {
	t.Helper()
	u, err := url.Parse(site)
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	err = chromedp.Do(b.ctx, chromedp.Func(func(ctx context.Context, tab *chromedp.Target) error {
		for _, c := range cookies {
			httpOnly := c.HttpOnly
			if _, err := cdp.Call(ctx, tab, network.SetCookie, network.SetCookieParams{Name: c.Name, Value: c.Value,
				URL: u.Scheme + "://" + u.Host + "/", HTTPOnly: &httpOnly}); err != nil {
				return err
			}
		}
		return nil
	}))
	if err != nil {
		b.fatal(t, "setting cookies", err)
	}
}
