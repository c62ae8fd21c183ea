// Package retention ends a closed case's life: when its outcome's retention period has run out, the
// case is crypto-shredded (every grant and every ciphertext deleted, the recovery key's grant too), and
// only its non-identifying metadata stays for statistics.
//
// Officers are warned 30 days ahead, and a case is never shredded less than 30 days after its
// warning, even when a period is shortened. The daily River job (Worker) does both; `portal purge
// -dry-run` shows what it would do.
package retention
