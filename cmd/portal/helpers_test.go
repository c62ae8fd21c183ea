package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"testing"

	"filippo.io/age"
)

func mustRecipient(t *testing.T, s string) *age.HybridRecipient {
	t.Helper()
	r, err := age.ParseHybridRecipient(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustIdentityFromFile(t *testing.T, path string) age.Identity {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ids, err := age.ParseIdentities(f)
	if err != nil || len(ids) != 1 {
		t.Fatalf("identity file: %v", err)
	}
	return ids[0]
}

// pw is a test officer's password: long enough, and not containing the username.
func pw(username string) string {
	sum := sha256.Sum256([]byte(username))
	return "test passphrase " + hex.EncodeToString(sum[:6])
}
