// Package admin is the ethics officers' side: accounts now; login, the case queue and its workflow,
// audit and statistics as they are built.
//
// Invariants: an officer's age identity exists only sealed under their password (crypto.OfficerKey);
// authorization is part of each query, never a later check.
package admin
