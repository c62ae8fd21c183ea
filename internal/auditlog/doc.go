// Package auditlog is the audit log's hash chain: how a row's hash is made, how the whole log is
// verified, and the checkpoints that let copies kept outside the office detect a log that was cut
// short or rewritten.
//
// Invariants: rows are appended under the advisory lock Lock, each chained to the row committed
// before it (admin.Audit); a checkpoint (rows, head) says that the log's first rows rows, in id order,
// end in the hash head. The log extends a checkpoint when it has at least that many rows and its row
// number rows has that hash. Checkpoints hold no content, so anyone may keep copies of them.
package auditlog
