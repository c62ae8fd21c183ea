package admin

import (
	"context"
	"errors"
	"strings"
	"testing"

	"integrity-portal/crypto"
	"integrity-portal/internal/testdb"
)

func TestOfficerAccounts(t *testing.T) {
	ctx := context.Background()
	db := testdb.New(t)

	o, err := AddOfficer(ctx, db, NewOfficer{Username: " Chen.Mei ", DisplayName: "陳美", Roles: []string{"intake", "investigator"}, Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	if o.Username != "chen.mei" || len(o.Roles) != 2 || o.DisabledAt != nil {
		t.Errorf("added officer = %+v", o)
	}
	if _, err := AddOfficer(ctx, db, NewOfficer{Username: "chen.mei", DisplayName: "x", Roles: []string{"auditor"}, Password: "long enough password"}); !errors.Is(err, ErrUsernameTaken) {
		t.Errorf("duplicate username: %v", err)
	}

	// The stored identity opens with the password and nothing else; the database holds no secret key.
	var k crypto.OfficerKey
	db.QueryRow(ctx, "SELECT age_recipient, sealed_identity FROM officers WHERE username = 'chen.mei'").Scan(&k.Recipient, &k.Sealed)
	if _, err := crypto.OpenOfficerKey(k, "long enough password"); err != nil {
		t.Errorf("stored key does not open with the password: %v", err)
	}
	if strings.Contains(string(k.Sealed), "AGE-SECRET-KEY") {
		t.Error("the secret key is stored in clear")
	}

	if err := DisableOfficer(ctx, db, "CHEN.MEI"); err != nil {
		t.Fatal(err)
	}
	if err := DisableOfficer(ctx, db, "nobody"); !errors.Is(err, ErrNoOfficer) {
		t.Errorf("disable unknown: %v", err)
	}
	list, err := ListOfficers(ctx, db)
	if err != nil || len(list) != 1 || list[0].DisabledAt == nil {
		t.Errorf("list = %+v, %v", list, err)
	}
	if n, _ := CountOfficers(ctx, db); n != 1 {
		t.Errorf("count = %d", n)
	}
}

func TestNewOfficerValidation(t *testing.T) {
	ok := NewOfficer{Username: "lin", DisplayName: "林", Roles: []string{"supervisor"}, Password: "twelve chars"}
	if err := ValidateNewOfficer(ok); err != nil {
		t.Fatalf("valid officer refused: %v", err)
	}
	cases := map[string]func(*NewOfficer){
		"short password":  func(n *NewOfficer) { n.Password = "short" },
		"unknown role":    func(n *NewOfficer) { n.Roles = []string{"king"} },
		"no role":         func(n *NewOfficer) { n.Roles = nil },
		"bad username":    func(n *NewOfficer) { n.Username = "-lin" },
		"unicode name":    func(n *NewOfficer) { n.Username = "林" },
		"no display name": func(n *NewOfficer) { n.DisplayName = "" },
	}
	for name, change := range cases {
		n := ok
		change(&n)
		if err := ValidateNewOfficer(n); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestDemoFlag(t *testing.T) {
	ctx := context.Background()
	db := testdb.New(t)
	if DemoLoaded(ctx, db) {
		t.Fatal("fresh database reports demo data")
	}
	if err := RecordDemoLoad(ctx, db, "officers"); err != nil {
		t.Fatal(err)
	}
	if !DemoLoaded(ctx, db) {
		t.Error("demo load not reported")
	}
}
