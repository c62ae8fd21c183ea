package main

import (
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
