//go:build !nemcustody_faultinject

package faultpoint

import "io"

// Point marks the place before the step name names. It does nothing in
// this build.
func Point(name string) {}

// Write writes b to w: it is w.Write(b) in this build. name names the
// write for the crash test.
func Write(name string, w io.Writer, b []byte) (int, error) { return w.Write(b) }
