// Package crypto is the portal's key hierarchy, built on filippo.io/age. It knows no HTTP and no SQL:
// callers store what it returns and hand it back.
//
// # Policy: what is sealed to whom
//
//   - Recovery key (office): an age hybrid post-quantum identity (age1pq1…). Its identity is written
//     once for offline storage and never kept on the server; the database keeps its public recipient.
//     Every case identity is granted to it, so the stock age tool can always recover a case.
//   - Officer keys: one hybrid identity per officer, sealed with age's scrypt recipient under the
//     officer's password (work factor 2^18). Opening the seal is also the password check.
//   - Case keys: each case has a Mailbox identity (report, attachments, messages with the reporter) and
//     an Internal identity (notes, the reporter's identity, referral files). Content is sealed to their
//     public recipients. Each identity is sealed separately for every grantee: intake officers and
//     supervisors, the recovery key, and for the Mailbox identity the receipt. Granting is opening one's
//     own grant and sealing for someone else; revoking is deleting a grant.
//   - Receipt: 20 random digits (≈ 66.4 bits), never stored. One Argon2id run (salted with the server's
//     pepper) gives both the lookup value that finds the case and the symmetric key that seals the
//     Mailbox identity for the reporter, so a receipt operation costs one KDF.
//   - Sessions: a logged-in officer's or reporter's identity is re-sealed under a random SymmetricKey
//     that lives only in their cookie; the database keeps the sealed copy.
//
// # Memory
//
// scrypt at 2^18 holds 256 MiB and the receipt KDF 32 MiB. The server runs both only through one
// MemoryBudget (its OpenOfficerKey, ResealOfficerKey, DeriveReceiptKeys and Do), which bounds what
// they hold at once and gives the memory back to the system when idle; the plain functions are for
// the command line and tests.
//
// # What a copy of the database reveals
//
// Public recipients, sealed blobs and lookup values, and the plaintext metadata kept for work and
// statistics: case kind, category, agency, status and dates (those a reporter could be correlated
// with are kept no finer than the hour). No report text, message, attachment, reporter identity or
// receipt. A thief who also has the server's pepper must still run Argon2id once per receipt guess.
//
// # What a live server sees
//
// A running server sees each report as it arrives, and any case content an officer or reporter opens
// through it while they are logged in. A compromised live server can record that. Encryption at rest
// limits what a stolen copy reveals; it cannot make a compromised server blind.
package crypto
