package verifytrace

import "sync/atomic"

// hook is the observer Set installed; nil when none is.
var hook atomic.Pointer[func(pub [32]byte, sig [64]byte)]

// Set installs f as the observer of every later sign.Verify call: f gets
// the public key and the signature of each, before the verification. It
// returns a function that puts back the previous observer. f must be safe
// for concurrent use.
func Set(f func(pub [32]byte, sig [64]byte)) (restore func()) {
	old := hook.Swap(&f)
	return func() { hook.Store(old) }
}

// Seen reports one verification of sig under pub to the observer, if one
// is installed. sign.Verify calls it; the arrays are passed by value so
// that nothing escapes when no observer is installed.
func Seen(pub [32]byte, sig [64]byte) {
	if f := hook.Load(); f != nil && *f != nil {
		(*f)(pub, sig)
	}
}
