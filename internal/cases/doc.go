// Package cases is the case file that intake and admin share: creating a case with its key grants,
// its thread of sealed entries, its attachments, and the reporter-facing status.
//
// Invariants: nothing here ever sees plaintext content except through a key the caller passes in;
// a case is created in one transaction with every grant it needs, so it is never stored half-made;
// times a reporter could be correlated with are truncated to the hour by the database.
package cases
