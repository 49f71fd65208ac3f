//go:build !windows && !plan9 && !js && !wasip1

package newfile

import (
	"errors"
	"os"
	"syscall"
)

// syncDir fsyncs dir so that names created or removed in it survive a
// crash. A file system that cannot (EINVAL, ENOTSUP) is not an error.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, errors.ErrUnsupported) {
		return nil
	}
	return err
}
