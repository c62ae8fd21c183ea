package indicators

import (
	"math"
	"testing"
)

// Type-8 quantiles, h = (n + 1/3)·tau + 1/3, computed by hand.
func TestQuantile(t *testing.T) {
	// Sorted: -3 -1 -0.5 0 0.2 1 4 5 6 10 (n = 10).
	data := []float64{-1, 5, 0, -3, 10, -0.5, 4, 0.2, 1, 6}
	for _, c := range []struct {
		tau, want float64
	}{
		{0, -3},
		{1, 10},
		{0.5, 0.6},                 // h = 5.5:     x5 + 0.5·(x6 − x5) = 0.2 + 0.5·0.8
		{0.2, -0.8},                // h = 2.4:     −1 + 0.4·0.5
		{0.7, 137.0 / 30},          // h = 7.5667:  4 + 0.5667·1
		{0.01, -3},                 // h = 0.4367 < 1: minimum
		{0.99, 10},                 // h = 10.57 ≥ n: maximum
		{0.25, -1 + (11.0/12)*0.5}, // h = 2.9167: −1 + 0.9167·0.5
	} {
		if got := quantile(data, c.tau); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("quantile(%v) = %v, want %v", c.tau, got, c.want)
		}
	}
	if data[0] != -1 {
		t.Error("quantile modified its input")
	}
}

func TestQuantileEdges(t *testing.T) {
	if !math.IsNaN(quantile(nil, 0.5)) {
		t.Error("empty data must give NaN")
	}
	if !math.IsNaN(quantile([]float64{1}, 1.5)) || !math.IsNaN(quantile([]float64{1}, -0.1)) {
		t.Error("tau outside [0, 1] must give NaN")
	}
	if q := quantile([]float64{7}, 0.25); q != 7 {
		t.Errorf("single value: %v", q)
	}
}

// The fences of the R024 conformance case: ratios 0, 0 and seven times 100.
func TestFences(t *testing.T) {
	data := []float64{0, 100, 100, 100, 100, 100, 100, 100, 0}
	q1, q3 := quartiles(data)
	// Q1: h = 9⅓·¼ + ⅓ = 2⅔, so 0 + ⅔·100; Q3: h = 7⅓, so 100.
	if math.Abs(q1-200.0/3) > 1e-12 || q3 != 100 {
		t.Fatalf("quartiles = %v, %v", q1, q3)
	}
	if lf := lowerFence(q1, q3); math.Abs(lf-50.0/3) > 1e-12 {
		t.Errorf("lower fence = %v, want 16.667", lf)
	}
	if uf := upperFence(q1, q3); math.Abs(uf-150) > 1e-12 {
		t.Errorf("upper fence = %v, want 150", uf)
	}
}
