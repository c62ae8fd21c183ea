package browsertest

import (
	"context"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// navWatch sees whether an action starts a navigation of the main frame, and
// when that navigation has finished loading.
type navWatch struct {
	started chan struct{} // closed when a navigation starts
	done    chan struct{} // closed when it has loaded (or was in-page only)
	stop    context.CancelFunc
	err     error
}

// watchNavigation starts watching the main frame frameID of the tab of ctx.
// Call it before the action, so that no event is missed, and call stop after.
func watchNavigation(ctx context.Context, frameID cdp.FrameID) *navWatch {
	lctx, stop := context.WithCancel(ctx)
	w := &navWatch{started: make(chan struct{}), done: make(chan struct{}), stop: stop}
	isStarted, isDone := false, false
	start := func() {
		if !isStarted {
			isStarted = true
			close(w.started)
		}
	}
	finish := func() {
		if !isDone {
			start()
			isDone = true
			close(w.done)
		}
	}
	// Listen calls the func in order, on one goroutine, so the flags need no lock.
	w.err = chromedp.Listen(lctx, func(ev any) {
		switch ev := ev.(type) {
		case *page.EventFrameRequestedNavigation:
			if ev.FrameID == frameID {
				start()
			}
		case *page.EventFrameStartedLoading:
			if ev.FrameID == frameID {
				start()
			}
		case *page.EventNavigatedWithinDocument:
			if ev.FrameID == frameID {
				finish() // a #fragment link: no new document
			}
		case *page.EventLoadEventFired:
			if isStarted {
				finish()
			}
		case *page.EventFrameStoppedLoading:
			if isStarted && ev.FrameID == frameID {
				finish() // also ends a navigation that loads no page, such as a 204
			}
		}
	})
	return w
}

// wait returns at once if no navigation started within grace, and otherwise
// when the new page has loaded or ctx ends.
func (w *navWatch) wait(ctx context.Context, grace time.Duration) error {
	if w.err != nil {
		return w.err
	}
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case <-w.started:
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-w.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
