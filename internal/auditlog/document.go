package auditlog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// Document is the published list of checkpoints, as /opendata/audit-checkpoints.json serves it and
// as anyone keeps a copy of it.
type Document struct {
	Checkpoints []Checkpoint `json:"checkpoints"`
}

// maxDocument bounds a copy read back: a checkpoint an hour for a century is about 100 MB.
const maxDocument = 256 << 20

// Read reads a copy of the published checkpoints.
func Read(r io.Reader) ([]Checkpoint, error) {
	var d Document
	dec := json.NewDecoder(io.LimitReader(r, maxDocument))
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("not a list of audit checkpoints: %w", err)
	}
	if d.Checkpoints == nil {
		return nil, errors.New(`not a list of audit checkpoints: no "checkpoints"`)
	}
	for i, c := range d.Checkpoints {
		if c.Rows <= 0 || len(c.Head) != HashSize {
			return nil, fmt.Errorf("checkpoint %d: it needs a row count above 0 and a head hash", i+1)
		}
	}
	return d.Checkpoints, nil
}

// Load reads a copy of the published checkpoints from a file, or from an http(s) address.
func Load(ctx context.Context, source string) ([]Checkpoint, error) {
	if !strings.HasPrefix(source, "https://") && !strings.HasPrefix(source, "http://") {
		f, err := os.Open(source)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		list, err := Read(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", source, err)
		}
		return list, nil
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, source, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", source, resp.Status)
	}
	list, err := Read(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	return list, nil
}
