package admin

import (
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"integrity-portal/crypto"
)

// totpOpts are the authenticator-app defaults every app supports: SHA-1, 6 digits, 30 seconds.
var totpOpts = totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// totpStep finds the 30-second step whose code is code, allowing one step of clock drift either way.
// It returns 0 when the code matches none.
func totpStep(secret, code string, now time.Time) int64 {
	for _, skew := range []int64{0, -1, 1} {
		t := now.Add(time.Duration(skew*30) * time.Second)
		want, err := totp.GenerateCodeCustom(secret, t, totpOpts)
		if err == nil && crypto.LookupMatches([]byte(want), []byte(code)) {
			return t.Unix() / 30
		}
	}
	return 0
}
