package applications

import "fmt"

// Kind is one of the three kinds of file.
type Kind string

const (
	KindApplications Kind = "applications"
	KindPeriods      Kind = "periods"
	KindCalendar     Kind = "calendar"
)

// ParseKind reads a kind as the command line names it.
func ParseKind(s string) (Kind, error) {
	switch k := Kind(s); k {
	case KindApplications, KindPeriods, KindCalendar:
		return k, nil
	}
	return "", fmt.Errorf("applications: %q is not a kind of file: applications, periods or calendar", s)
}
