package transaction

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMosaicIDNamespaceLength: a three-level namespace can have up to
// 16+1+64+1+64 = 146 characters by NamespaceId's rules, but NIS reads a
// MosaicId's namespaceId with its default 128-character limit and
// truncates the rest, so only namespaces of at most 128 characters can be
// carried by a transaction.
func TestMosaicIDNamespaceLength(t *testing.T) {
	part := func(n int) string { return strings.Repeat("a", n) }
	cases := []struct {
		name      string
		namespace string
		ok        bool
	}{
		{"root of 16", part(16), true},
		{"three levels, 128 characters", part(16) + "." + part(64) + "." + part(46), true},
		{"three levels, 129 characters", part(16) + "." + part(64) + "." + part(47), false},
		{"three levels, 146 characters", part(16) + "." + part(64) + "." + part(64), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := MosaicID{Namespace: c.namespace, Name: "coin"}.Validate()
			if c.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrInvalidField)
			require.ErrorContains(t, err, "would truncate")
		})
	}
}
