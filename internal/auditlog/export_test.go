package auditlog

// NextHourForTest is the hourly job's schedule.
var NextHourForTest = everyHour{}.Next
