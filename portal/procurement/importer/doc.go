// Package importer imports one procurement file of any supported format into the store, all or
// nothing: OCDS release or record packages and JSON Lines, Taiwan e-procurement notices, and CSV
// (see docs/data-formats.md). `portal import procurement` and the data officers' upload page (a
// background job, Worker) both go through File, so the rules are the same everywhere.
package importer
