package auditlog

import (
	"crypto/sha256"
	"encoding/json"
	"time"
)

// Lock is the advisory lock that serializes appends, so each row chains to the one committed before
// it, and checkpoints, so a checkpoint's count and head belong together.
const Lock = 0x61756469740000 // "audit"

// HashSize is the length of a row's hash, SHA-256.
const HashSize = sha256.Size

// Hash is SHA-256 over the previous hash and the row's canonical content. Times are taken to the
// microsecond, which is what PostgreSQL keeps. The first row's previous hash is HashSize zero bytes.
func Hash(prev []byte, at time.Time, officerID *int64, action string, caseID *int64, detail string) []byte {
	canon, _ := json.Marshal([]any{at.UTC().Format("2006-01-02T15:04:05.000000Z"), officerID, action, caseID, detail})
	h := sha256.New()
	h.Write(prev)
	h.Write(canon)
	return h.Sum(nil)
}
