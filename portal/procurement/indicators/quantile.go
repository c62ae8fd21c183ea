package indicators

import (
	"math"
	"slices"
)

// quantile returns the tau-quantile of data the way cardinal computes it (statrs'
// OrderStatistics::quantile): Hyndman and Fan's type 8, "approximately median-unbiased", with
//
//	h = (n + 1/3)·tau + 1/3,  q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])   (1-based order statistics)
//
// clamped to the minimum when ⌊h⌋ < 1 or tau = 0 and to the maximum when ⌊h⌋ ≥ n or tau = 1.
// It returns NaN for empty data or tau outside [0, 1]. data is not modified.
func quantile(data []float64, tau float64) float64 {
	n := len(data)
	if n == 0 || !(tau >= 0 && tau <= 1) {
		return math.NaN()
	}
	sorted := slices.Clone(data)
	slices.Sort(sorted)
	return sortedQuantile(sorted, tau)
}

// sortedQuantile is quantile over data already sorted in increasing order.
func sortedQuantile(sorted []float64, tau float64) float64 {
	n := len(sorted)
	if n == 0 || !(tau >= 0 && tau <= 1) {
		return math.NaN()
	}
	h := (float64(n)+1.0/3.0)*tau + 1.0/3.0
	hf := int(h) // h > 0, so truncation is the floor
	if hf <= 0 || tau == 0 {
		return sorted[0]
	}
	if hf >= n || 1-tau <= epsilon { // statrs: ulps_eq!(tau, 1.0)
		return sorted[n-1]
	}
	a, b := sorted[hf-1], sorted[hf]
	return a + (h-float64(hf))*(b-a)
}

// epsilon is the machine epsilon of float64 (Rust's f64::EPSILON).
const epsilon = 0x1p-52

// quartiles returns the first and third quartiles of data (NaN, NaN if empty).
func quartiles(data []float64) (q1, q3 float64) {
	sorted := slices.Clone(data)
	slices.Sort(sorted)
	return sortedQuantile(sorted, 0.25), sortedQuantile(sorted, 0.75)
}

// lowerFence is Q1 − 1.5·IQR, computed with a fused multiply-add as cardinal does.
func lowerFence(q1, q3 float64) float64 { return math.FMA(q3-q1, -1.5, q1) }

// upperFence is Q3 + 1.5·IQR, computed with a fused multiply-add as cardinal does.
func upperFence(q1, q3 float64) float64 { return math.FMA(q3-q1, 1.5, q3) }
