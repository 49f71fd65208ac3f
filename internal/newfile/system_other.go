//go:build !linux

package newfile

import (
	"errors"
	"os"
)

// renameNoReplace is not available on this system: a rename here may
// replace its target.
func renameNoReplace(oldname, newname string) error {
	return &os.LinkError{Op: "rename without replacing", Old: oldname, New: newname, Err: errors.ErrUnsupported}
}
