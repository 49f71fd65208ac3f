package slip39

import "errors"

// errorIsAny reports whether err wraps one of targets.
func errorIsAny(err error, targets ...error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}
