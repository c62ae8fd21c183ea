package portal

import "testing"

func TestAmountsAreWrittenExactlyWithSeparators(t *testing.T) {
	s := func(v string) *string { return &v }
	cases := []struct {
		a    amount
		want string
	}{
		{amount{s("25420000"), s("TWD")}, "NT$25,420,000"},
		{amount{s("999"), s("TWD")}, "NT$999"},
		{amount{s("1000"), s("TWD")}, "NT$1,000"},
		{amount{s("1234567.125"), s("GBP")}, "GBP 1,234,567.125"},
		{amount{s("-1500000"), nil}, "-1,500,000"},
		{amount{nil, s("TWD")}, "—"},
		{amount{s("1311264.0"), s("MXN")}, "MXN 1,311,264"}, // as a publisher wrote it
		{amount{s("1234.5600"), s("USD")}, "USD 1,234.56"},
		{amount{s("100.000"), s("TWD")}, "NT$100"},
	}
	for _, c := range cases {
		if got := c.a.String(); got != c.want {
			t.Errorf("%v = %q, want %q", c.a, got, c.want)
		}
	}
	if got := number(10000).String(); got != "10,000" {
		t.Errorf("number(10000) = %q", got)
	}
	if r := (ratio{Part: 1, Whole: 3}); r.Percent() != "33.3%" || (ratio{}).Percent() != "—" {
		t.Errorf("ratio: %s %s", r.Percent(), ratio{}.Percent())
	}
}

func TestIDsInAddresses(t *testing.T) {
	for id, want := range map[string]bool{
		"ocds-213czf-000-00001": true, "TW-GOV-3.79.56": true, "name-臺北市某公司": true, "12345678": true,
		"": false, " x": false, "x ": false, "a\x00b": false, "a\nb": false, "\xff": false,
	} {
		if validID(id) != want {
			t.Errorf("validID(%q) = %v", id, !want)
		}
	}
	for id, want := range map[string]string{"TW-UBN-70576576": "70576576", "70576576": "70576576", "GB-COH-1": "", "TW-UBN-123": ""} {
		if got := businessID(id); got != want {
			t.Errorf("businessID(%q) = %q, want %q", id, got, want)
		}
	}
}
