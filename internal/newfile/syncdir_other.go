//go:build windows || plan9 || js || wasip1

package newfile

// syncDir does nothing: a directory cannot be opened for fsync here, and
// the file system keeps its own metadata journal (NTFS).
func syncDir(string) error { return nil }
