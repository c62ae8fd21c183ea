package metastrip

import "errors"

func errorsIsMalformed(err error) bool { return errors.Is(err, ErrMalformed) }
