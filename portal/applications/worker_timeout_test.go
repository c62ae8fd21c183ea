package applications

import (
	"testing"
	"time"
)

// River cancels a job after a minute unless its worker says otherwise; this one may run longer.
func TestWorkerTimeoutOutlastsRiversDefault(t *testing.T) {
	if got := (&RecomputeWorker{}).Timeout(nil); got < 10*time.Minute {
		t.Errorf("timeout %v: a long job would be cancelled and retried", got)
	}
}
