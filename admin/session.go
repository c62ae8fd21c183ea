package admin

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"

	"filippo.io/age"
	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
)

// An officer's session is split like a reporter's: the cookie holds a random id and a key, the
// database the officer's identity sealed under that key, found by a hash of the id. Neither alone
// opens a case. Sessions end after 15 minutes idle or 8 hours in all, and are replaced at each stage
// of the login so a cookie seen before login is worthless after.
const (
	sessionCookie = "officer"
	sessionIdle   = "15 minutes"
	sessionMax    = "8 hours"
	loginWindow   = "10 minutes" // to finish the second factor after the password
)

// SignedIn is the signed-in officer, with their opened identity.
type SignedIn struct {
	ID          int64
	Username    string
	DisplayName string
	Roles       []string
	Identity    *age.HybridIdentity
	stage       string
	mustChange  bool
	pending     []byte
	key         crypto.SymmetricKey
	idHash      []byte
}

// Has reports whether the officer holds a role.
func (o *SignedIn) Has(role string) bool {
	for _, r := range o.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// startSession makes a session at stage for an officer whose identity is open, replacing the
// request's current session if any.
func (a *Admin) startSession(c *gin.Context, officerID int64, id *age.HybridIdentity, stage string) error {
	ctx := c.Request.Context()
	if err := a.endSession(ctx, c); err != nil {
		return err
	}
	sid := make([]byte, 32)
	rand.Read(sid)
	key := crypto.NewSymmetricKey()
	sealed, err := crypto.Seal([]byte(id.String()), key.Recipient())
	if err != nil {
		return err
	}
	hash := sha256.Sum256(sid)
	max := sessionMax
	if stage != "active" {
		max = loginWindow
	}
	if _, err := a.DB.Exec(ctx, `DELETE FROM officer_sessions WHERE valid_until < now() OR idle_until < now()`); err != nil {
		return fmt.Errorf("admin: session purge: %w", err)
	}
	_, err = a.DB.Exec(ctx, `
		INSERT INTO officer_sessions (id_hash, officer_id, stage, sealed, idle_until, valid_until)
		VALUES ($1, $2, $3, $4, now() + $5::interval, now() + $6::interval)`,
		hash[:], officerID, stage, sealed, sessionIdle, max)
	if err != nil {
		return fmt.Errorf("admin: session: %w", err)
	}
	a.Site.SetCookie(c, sessionCookie, base64.RawURLEncoding.EncodeToString(append(sid, key[:]...)), 0)
	return nil
}

var errNoSession = errors.New("admin: no session")

// session opens the request's session at any stage, extending its idle time.
func (a *Admin) session(c *gin.Context) (*SignedIn, error) {
	v, ok := a.Site.Cookie(c, sessionCookie)
	if !ok {
		return nil, errNoSession
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || len(b) != 64 {
		return nil, errNoSession
	}
	hash := sha256.Sum256(b[:32])
	o := &SignedIn{idHash: hash[:]}
	copy(o.key[:], b[32:])
	var sealed []byte
	err = a.DB.QueryRow(c.Request.Context(), `
		UPDATE officer_sessions s SET idle_until = now() + $2::interval
		FROM officers o
		WHERE s.id_hash = $1 AND s.idle_until > now() AND s.valid_until > now()
		  AND o.id = s.officer_id AND o.disabled_at IS NULL
		RETURNING o.id, o.username, o.display_name, o.roles, s.stage, s.sealed, s.pending, o.must_change_password`,
		hash[:], sessionIdle).Scan(&o.ID, &o.Username, &o.DisplayName, &o.Roles, &o.stage, &sealed, &o.pending, &o.mustChange)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errNoSession
	}
	if err != nil {
		return nil, fmt.Errorf("admin: session: %w", err)
	}
	plain, err := crypto.Open(sealed, o.key.Identity())
	if err != nil {
		return nil, errNoSession
	}
	if o.Identity, err = age.ParseHybridIdentity(string(plain)); err != nil {
		return nil, errNoSession
	}
	return o, nil
}

// endSession deletes the request's session and its cookie.
func (a *Admin) endSession(ctx context.Context, c *gin.Context) error {
	if v, ok := a.Site.Cookie(c, sessionCookie); ok {
		if b, err := base64.RawURLEncoding.DecodeString(v); err == nil && len(b) == 64 {
			hash := sha256.Sum256(b[:32])
			if _, err := a.DB.Exec(ctx, `DELETE FROM officer_sessions WHERE id_hash = $1`, hash[:]); err != nil {
				return fmt.Errorf("admin: end session: %w", err)
			}
		}
	}
	a.Site.SetCookie(c, sessionCookie, "", -1)
	return nil
}
