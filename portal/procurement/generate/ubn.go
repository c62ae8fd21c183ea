package generate

// ubnWeights are the weights of the 統一編號 check: each digit times its weight, the digits of each
// product added up.
var ubnWeights = [8]int{1, 2, 1, 2, 1, 2, 4, 1}

// ValidUBN reports whether s is a valid 統一編號 (Unified Business Number): eight digits whose
// weighted digit sum is a multiple of 5 (the rule since 2023, which accepts every number valid under
// the older multiple-of-10 rule), or, when the seventh digit is 7 (whose product, 28, may count as
// 1 or 0), one more than a multiple of 5.
func ValidUBN(s string) bool {
	if len(s) != 8 {
		return false
	}
	sum := 0
	for i := range 8 {
		d := int(s[i]) - '0'
		if d < 0 || d > 9 {
			return false
		}
		p := d * ubnWeights[i]
		sum += p/10 + p%10
	}
	if sum%5 == 0 {
		return true
	}
	return s[6] == '7' && (sum+1)%5 == 0
}

// ubnFrom makes a 統一編號 from seven digits (0 ≤ n < 10,000,000) by choosing the last digit so that
// the weighted sum is a multiple of 10, which is valid under the old rule and the new one alike.
func ubnFrom(n int) string {
	var b [8]byte
	for i := 6; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	sum := 0
	for i := range 7 {
		p := int(b[i]-'0') * ubnWeights[i]
		sum += p/10 + p%10
	}
	b[7] = byte('0' + (10-sum%10)%10)
	return string(b[:])
}
