package admin

import (
	"crypto/rand"
	"math/big"
	"strings"
)

// newPassword makes a 20-character one-time password from letters and digits that are hard to
// confuse, in groups of five.
func newPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679"
	var b strings.Builder
	for i := 0; i < 20; i++ {
		if i > 0 && i%5 == 0 {
			b.WriteByte('-')
		}
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		b.WriteByte(alphabet[n.Int64()])
	}
	return b.String()
}

// NewPassword is newPassword for the command line.
func NewPassword() string { return newPassword() }
