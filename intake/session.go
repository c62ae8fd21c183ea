package intake

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

// A reporter's mailbox session is split between the cookie and the database: the cookie holds a
// random id and a key, the database the mailbox identity sealed under that key, found by a hash of
// the id. Neither alone opens anything. Sessions end after 15 minutes idle, or 2 hours in all.
const (
	sessionCookie = "mailbox"
	sessionIdle   = "15 minutes"
	sessionMax    = "2 hours"
)

// startSession makes a session for a case whose mailbox identity the reporter just opened.
func (in *Intake) startSession(c *gin.Context, caseID int64, mailbox *age.HybridIdentity) error {
	ctx := c.Request.Context()
	id := make([]byte, 32)
	rand.Read(id)
	key := crypto.NewSymmetricKey()
	sealed, err := crypto.Grant(mailbox, key.Recipient())
	if err != nil {
		return err
	}
	hash := sha256.Sum256(id)
	// Expired sessions go first, so the table only ever holds live ones.
	if _, err := in.DB.Exec(ctx, `DELETE FROM reporter_sessions WHERE idle_until < now() OR valid_until < now()`); err != nil {
		return fmt.Errorf("intake: session purge: %w", err)
	}
	// The session remembers how far the reporter had read before this visit, so that what came since
	// stays marked as new while they read and reply.
	_, err = in.DB.Exec(ctx, `
		INSERT INTO reporter_sessions (id_hash, case_id, sealed, idle_until, valid_until, seen_before)
		VALUES ($1, $2, $3, now() + $4::interval, now() + $5::interval, (SELECT reporter_seen_entry FROM cases WHERE id = $2))`,
		hash[:], caseID, sealed, sessionIdle, sessionMax)
	if err != nil {
		return fmt.Errorf("intake: session: %w", err)
	}
	in.Site.SetCookie(c, sessionCookie, base64.RawURLEncoding.EncodeToString(append(id, key[:]...)), 0)
	return nil
}

var errNoSession = errors.New("intake: no mailbox session")

// mailboxSession is an open mailbox session: its case, the case's mailbox identity, and the last
// thread entry the reporter had been shown before this visit began.
type mailboxSession struct {
	caseID     int64
	mailbox    *age.HybridIdentity
	seenBefore int64
}

// session opens the request's mailbox session, extending its idle time.
func (in *Intake) session(c *gin.Context) (int64, *age.HybridIdentity, error) {
	s, err := in.openSession(c)
	return s.caseID, s.mailbox, err
}

// openSession is session with the whole of it.
func (in *Intake) openSession(c *gin.Context) (mailboxSession, error) {
	var s mailboxSession
	id, key, ok := in.sessionCookie(c)
	if !ok {
		return s, errNoSession
	}
	hash := sha256.Sum256(id)
	var sealed []byte
	err := in.DB.QueryRow(c.Request.Context(), `
		UPDATE reporter_sessions SET idle_until = now() + $2::interval
		WHERE id_hash = $1 AND idle_until > now() AND valid_until > now()
		RETURNING case_id, sealed, seen_before`, hash[:], sessionIdle).Scan(&s.caseID, &sealed, &s.seenBefore)
	if errors.Is(err, pgx.ErrNoRows) {
		return s, errNoSession
	}
	if err != nil {
		return s, fmt.Errorf("intake: session: %w", err)
	}
	if s.mailbox, err = crypto.OpenGrant(sealed, key.Identity()); err != nil {
		return mailboxSession{}, errNoSession
	}
	return s, nil
}

func (in *Intake) sessionCookie(c *gin.Context) ([]byte, crypto.SymmetricKey, bool) {
	var key crypto.SymmetricKey
	v, ok := in.Site.Cookie(c, sessionCookie)
	if !ok {
		return nil, key, false
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || len(b) != 64 {
		return nil, key, false
	}
	copy(key[:], b[32:])
	return b[:32], key, true
}

// endSession deletes the session and its cookie.
func (in *Intake) endSession(ctx context.Context, c *gin.Context) error {
	if id, _, ok := in.sessionCookie(c); ok {
		hash := sha256.Sum256(id)
		if _, err := in.DB.Exec(ctx, `DELETE FROM reporter_sessions WHERE id_hash = $1`, hash[:]); err != nil {
			return fmt.Errorf("intake: end session: %w", err)
		}
	}
	in.Site.SetCookie(c, sessionCookie, "", -1)
	return nil
}
