// Package spreadsheet is the one place where the portal writes cells that a spreadsheet will open:
// every CSV and XLSX export goes through it, so that no text from a reporter, an officer or a data
// file can become a formula (CSV or formula injection).
package spreadsheet
