// Package crypto is the portal's key hierarchy, built on filippo.io/age. It knows no HTTP and no SQL:
// callers store what it returns and hand it back.
//
// The policy, in short (DESIGN.md §3 has the whole picture):
//   - The office's recovery key is an age hybrid post-quantum identity (age1pq1…). Its identity is
//     written once for offline storage and never kept on the server; only its public recipient is
//     stored, and every case key is sealed to it too, so the stock age tool can always recover a case.
//   - Each officer has a hybrid identity of their own, sealed with age's scrypt recipient under their
//     password. The server stores the recipient and the sealed identity; opening the seal is also how
//     a password is checked, so a login costs one KDF and there is no separate password hash to steal.
//   - A copy of the database reveals public recipients and sealed blobs only.
//   - While live, a server sees what it is asked to decrypt for a logged-in officer; a compromised
//     live server sees those too. docs/threat-model.md says so plainly.
package crypto
