package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/keystore"
)

func TestReadPassphrase(t *testing.T) {
	cases := []struct {
		name, input, want string // want "" means refused
	}{
		{"no newline", "correct horse", "correct horse"},
		{"LF", "correct horse\n", "correct horse"},
		{"CRLF", "correct horse\r\n", "correct horse"},
		{"blank lines after", "correct horse\n\n\r\n", "correct horse"},
		{"inner and outer spaces kept", "  correct  horse \n", "  correct  horse "},
		{"maximum size", strings.Repeat("p", keystore.MaxPassphraseSize) + "\n", strings.Repeat("p", keystore.MaxPassphraseSize)},
		{"empty", "", ""},
		{"only a newline", "\n", ""},
		{"second line", "correct horse\nbattery staple\n", ""},
		{"second line after a blank one", "correct horse\n\nbattery\n", ""},
		{"too long", strings.Repeat("p", keystore.MaxPassphraseSize+1), ""},
		{"far too long", strings.Repeat("p", 1<<20), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := passphraseFromReader(strings.NewReader(c.input))
			if c.want == "" {
				require.ErrorIs(t, err, errPassphraseInput)
				assert.Nil(t, got)
				if len(c.input) > 4 && len(c.input) < 100 {
					assert.NotContains(t, err.Error(), strings.TrimSpace(c.input))
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.want, string(got))
		})
	}
}

func TestReadPassphraseFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pass.txt")
	require.NoError(t, os.WriteFile(path, []byte("correct horse battery staple\n"), 0o600))
	got, err := passphraseFromFile(path)
	require.NoError(t, err)
	assert.Equal(t, "correct horse battery staple", string(got))

	_, err = passphraseFromFile(filepath.Join(t.TempDir(), "missing"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestReadPassphraseFDLeavesTheDescriptorOpen(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	_, err = w.WriteString("correct horse battery staple\n")
	require.NoError(t, err)
	require.NoError(t, w.Close())

	got, err := passphraseFromFD(int(r.Fd()))
	require.NoError(t, err)
	assert.Equal(t, "correct horse battery staple", string(got))
	_, err = r.Stat()
	require.NoError(t, err, "the caller's descriptor is still open")

	_, err = passphraseFromFD(-1)
	require.ErrorIs(t, err, errPassphraseInput)
}
