package generate

import (
	"math"
	"math/rand/v2"
	"slices"
)

// dice draws from a PCG stream. Only PCG's output, which math/rand/v2 specifies, is used, with the
// arithmetic below on top, so the same seed gives the same data with any Go version.
type dice struct{ pcg *rand.PCG }

// newDice returns the stream for one use (stream) of a seed: the population, or process i.
func newDice(seed, stream uint64) dice {
	return dice{rand.NewPCG(splitmix(seed), splitmix(stream^0x6a09e667f3bcc908))}
}

// splitmix scrambles a number, so neighbouring seeds and streams start far apart.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// float returns a number in [0, 1).
func (d dice) float() float64 { return float64(d.pcg.Uint64()>>11) / (1 << 53) }

// intn returns a number in [0, n); the bias of the modulo is below 2⁻⁵⁰ for the small n used here.
func (d dice) intn(n int) int { return int(d.pcg.Uint64() % uint64(n)) }

// between returns a whole number in [lo, hi].
func (d dice) between(lo, hi int) int { return lo + d.intn(hi-lo+1) }

// uniform returns a number in [lo, hi).
func (d dice) uniform(lo, hi float64) float64 { return lo + (hi-lo)*d.float() }

// logUniform returns a number in [lo, hi) whose logarithm is uniform: as many tenders between 1 and
// 2 million as between 10 and 20 million.
func (d dice) logUniform(lo, hi float64) float64 {
	return math.Exp(d.uniform(math.Log(lo), math.Log(hi)))
}

// chance returns true with probability p.
func (d dice) chance(p float64) bool { return d.float() < p }

// weighted picks an index by cumulative weights (as made by cumulate).
func (d dice) weighted(cum []float64) int {
	u := d.float() * cum[len(cum)-1]
	i, _ := slices.BinarySearch(cum, u)
	if i < len(cum) && cum[i] == u {
		i++ // u sits on a boundary: it belongs to the next interval
	}
	return min(i, len(cum)-1)
}

// pick returns one of the strings.
func (d dice) pick(s []string) string { return s[d.intn(len(s))] }

// cumulate returns the running sums of weights.
func cumulate(weights []float64) []float64 {
	cum := make([]float64, len(weights))
	sum := 0.0
	for i, w := range weights {
		sum += w
		cum[i] = sum
	}
	return cum
}

// zipf returns cumulative weights 1/(k+v)^s for k = 0…n−1: a long tail in which the first few win
// much and most win little, as suppliers do.
func zipf(n int, s, v float64) []float64 {
	w := make([]float64, n)
	for k := range w {
		w[k] = math.Pow(float64(k)+v, -s)
	}
	return cumulate(w)
}
