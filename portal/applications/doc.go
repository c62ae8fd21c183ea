// Package applications keeps the records of citizens' applications (人民申請案件) to the city's
// agencies, the processing periods the agencies publish for them (Administrative Procedure Act §51),
// and the government office calendar, and computes the monthly statistics that the public pages
// show: how many applications came and were closed, how long they took, how many were closed
// within their period, and how many wait.
//
// Three CSV formats come in, each read by its own reader (ReadApplications, ReadPeriods,
// ReadCalendar) and imported all or nothing by File; their columns are in columns.go and, for the
// officers, in docs/data-formats.md. The readers share the house rules of the procurement CSV
// import (csvimport): zh or en headers, UTF-8 with or without a byte order mark or Big5, every
// problem listed by line and column. They also refuse applicant data (personal.go): a column whose
// header names a person, an ID number, an address or contact details, and a cell that holds an ID
// number (身分證字號), an address, a mobile number or an e-mail address.
//
// The counting rule (due.go, and the same in SQL in recompute.go):
//   - The day of receipt is not counted (Civil Code §120 II): a period of n calendar days received
//     on day d ends on d + n; of n working days, on the n-th working day after d; of n months, on
//     the day of d's number n months later, or that month's last day when it has no such day
//     (Civil Code §121).
//   - An extension (展延) adds its days to the period, in the period's kind of day: working days
//     for a period in working days, calendar days otherwise.
//   - Days suspended for 補正 (the applicant's corrections) do not count: they are added, as
//     calendar days, to the end of the period.
//   - A period whose last day is not a working day ends on the next working day (APA §48 IV).
//     Working days are those of the office calendar; a day it does not list is a working day from
//     Monday to Friday.
//   - With no published period, the period is two months (APA §51 II).
//   - An application is on time when it is closed on or before its due date.
//   - Processing days are calendar days: closed − received − suspended. Medians and P90s are of
//     these, whatever the unit of the period, so that services and agencies compare on one scale.
package applications
