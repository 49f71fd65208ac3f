package verifytrace

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSetAndRestore: Seen reaches the installed observer only, and the
// restore function puts back the one before.
func TestSetAndRestore(t *testing.T) {
	Seen([32]byte{1}, [64]byte{2}) // no observer: nothing happens
	var outer, inner atomic.Int32
	restoreOuter := Set(func([32]byte, [64]byte) { outer.Add(1) })
	Seen([32]byte{}, [64]byte{})
	restoreInner := Set(func(pub [32]byte, sig [64]byte) {
		require.Equal(t, byte(7), pub[0])
		require.Equal(t, byte(9), sig[63])
		inner.Add(1)
	})
	Seen([32]byte{7}, [64]byte{63: 9})
	restoreInner()
	Seen([32]byte{}, [64]byte{})
	restoreOuter()
	Seen([32]byte{}, [64]byte{})
	require.Equal(t, int32(2), outer.Load())
	require.Equal(t, int32(1), inner.Load())
}
