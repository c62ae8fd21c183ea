package spreadsheet

import (
	"encoding/csv"
	"io"
)

// CSV writes records as encoding/csv does, every field passed through Text first, so that no caller
// can forget a column.
type CSV struct {
	w   *csv.Writer
	row []string // reused, so that the caller's record is left as it was
}

// NewCSV writes to w. The caller writes the byte-order mark, if any, before the first record.
func NewCSV(w io.Writer) *CSV { return &CSV{w: csv.NewWriter(w)} }

// Write writes one record (buffered: see Flush).
func (c *CSV) Write(record []string) error {
	c.row = c.row[:0]
	for _, f := range record {
		c.row = append(c.row, Text(f))
	}
	return c.w.Write(c.row)
}

// WriteAll writes the records and flushes.
func (c *CSV) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := c.Write(r); err != nil {
			return err
		}
	}
	c.w.Flush()
	return c.w.Error()
}

// Flush writes any buffered data to the underlying writer.
func (c *CSV) Flush() { c.w.Flush() }

// Error reports any error from a previous Write or Flush.
func (c *CSV) Error() error { return c.w.Error() }
