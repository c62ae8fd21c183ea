// Package captcha is the intake form's captcha: distorted digits as a PNG, or read aloud as a WAV in
// Mandarin or English, for visitors in Tor Browser with JavaScript off. The challenges live in
// PostgreSQL, so any app server can render or verify a challenge another one made.
//
// It uses only dchest/captcha's drawing and sound functions (RandomDigits, NewImage, NewAudio), never
// that package's in-memory global store.
//
// How a form uses it:
//
//	id, err := captcha.New(ctx, db)           // put id in a hidden field; show /captcha/<id>.png
//	ok, err := captcha.Verify(ctx, db, id, a) // on submit; if !ok, make a new challenge and ask again
//	pass, err := captcha.NewPass(ctx, db)     // right, but the form comes back for another field
//	ok, err := captcha.RedeemPass(ctx, db, p) // its next submit, instead of an answer (pass.go)
//
// Invariants:
//   - one try per challenge: Verify deletes the challenge whatever the answer, in a single
//     DELETE … RETURNING, so two servers verifying the same id at once cannot both succeed;
//   - a challenge expires TTL after New; expired challenges never verify and never render, and
//     Purge deletes them;
//   - a row holds the random id, the answer digits and the expiry time: nothing about the client
//     (no address, no session, no User-Agent), and nothing here logs the id;
//   - rendering the image or audio does not consume the challenge;
//   - there is no switch to turn the captcha off (tests answer it through AnswerForTest, which reads
//     the database).
package captcha

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"strings"
	"time"
	"unicode"

	dcaptcha "github.com/dchest/captcha"

	"integrity-portal/internal/database"
)

const (
	// DefaultLength is how many digits a challenge has.
	DefaultLength = 6
	// TTL is how long a challenge stays valid after New.
	TTL = 20 * time.Minute

	// Width and Height are the size of the PNG in pixels.
	Width  = 240
	Height = 80

	// maxAnswerLen bounds what Verify will normalise; a real answer is far shorter.
	maxAnswerLen = 256
)

// ErrNotFound is returned by Image, Audio and AnswerForTest for an id that is unknown, expired or
// already used.
var ErrNotFound = errors.New("captcha: challenge not found or expired")

// errLang is returned by Audio for a language dchest/captcha has no recording of that we offer.
var errLang = errors.New("captcha: unsupported audio language")

// New makes a challenge of DefaultLength random digits, stores it with an expiry of TTL, and returns
// its id: 26 characters of base32 (A–Z, 2–7) carrying 130 random bits, safe in a URL path.
func New(ctx context.Context, db database.DB) (id string, err error) {
	id = newID()
	if err := insert(ctx, db, id, dcaptcha.RandomDigits(DefaultLength)); err != nil {
		return "", err
	}
	return id, nil
}

// Verify checks answer against challenge id and consumes the challenge whatever the result: there is
// one try per challenge, so after a wrong answer the form must show a new one.
//
// The answer is normalised first: full-width digits (０–９) become ASCII digits, and spaces
// (including the ideographic space) and hyphens or dashes are removed. The comparison runs in
// constant time. An unknown, expired or already used id gives false and a nil error; only a
// database failure returns an error.
func Verify(ctx context.Context, db database.DB, id, answer string) (bool, error) {
	if !validID(id) {
		return false, nil
	}
	digits, live, err := take(ctx, db, id)
	if err != nil || !live {
		return false, err
	}
	given, ok := normalize(answer)
	if !ok {
		return false, nil
	}
	return subtle.ConstantTimeCompare(given, digits) == 1, nil
}

// Image writes the challenge as a Width×Height PNG. It does not consume the challenge. An unknown or
// expired id gives ErrNotFound and writes nothing.
func Image(ctx context.Context, db database.DB, id string, w io.Writer) error {
	digits, err := load(ctx, db, id)
	if err != nil {
		return err
	}
	_, err = dcaptcha.NewImage(id, digits, Width, Height).WriteTo(w)
	return err
}

// Audio writes the challenge as a WAV (8 kHz, 8-bit mono) reading the digits aloud with noise: lang
// "zh" (or "zh-TW") for Mandarin, "en" for English; any other lang is an error. It does not consume
// the challenge. An unknown or expired id gives ErrNotFound and writes nothing.
func Audio(ctx context.Context, db database.DB, id, lang string, w io.Writer) error {
	switch lang {
	case "zh-TW":
		lang = "zh"
	case "zh", "en":
	default:
		return errLang
	}
	digits, err := load(ctx, db, id)
	if err != nil {
		return err
	}
	// Render into memory first, so a failure cannot leave half a file in w.
	var buf bytes.Buffer
	if _, err := dcaptcha.NewAudio(id, digits, lang).WriteTo(&buf); err != nil {
		return err
	}
	_, err = buf.WriteTo(w)
	return err
}

// normalize turns a typed answer into digit values 0–9, dropping spaces and hyphens and folding
// full-width digits. ok is false if anything else is left, or the answer is absurdly long.
func normalize(answer string) (digits []byte, ok bool) {
	if len(answer) > maxAnswerLen {
		return nil, false
	}
	digits = make([]byte, 0, DefaultLength)
	for _, r := range answer {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r-'0'))
		case r >= '０' && r <= '９':
			digits = append(digits, byte(r-'０'))
		case unicode.IsSpace(r) || isHyphen(r):
		default:
			return nil, false
		}
	}
	return digits, true
}

// isHyphen reports whether r is a hyphen, dash or minus a visitor might type between digit groups.
func isHyphen(r rune) bool {
	return strings.ContainsRune("-‐‑‒–—―−－﹣", r)
}
