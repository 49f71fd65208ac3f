package testvec

import (
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func write(t *testing.T, name, content string) string {
	p := filepath.Join(t.TempDir(), name)
	if filepath.Ext(name) == ".gz" {
		f, err := os.Create(p)
		require.NoError(t, err)
		zw := gzip.NewWriter(f)
		_, err = zw.Write([]byte(content))
		require.NoError(t, err)
		require.NoError(t, zw.Close())
		require.NoError(t, f.Close())
		return p
	}
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

func TestReadDat(t *testing.T) {
	for _, name := range []string{"v.dat", "v.dat.gz"} {
		p := write(t, name, "# a : b\n: 01 : ff ,\n\n: 02 : ee\n")
		rows, err := ReadDat(p, 2)
		require.NoError(t, err)
		require.Equal(t, [][]string{{"01", "ff"}, {"02", "ee"}}, rows)
		_, err = ReadDat(p, 3)
		require.ErrorContains(t, err, "2 columns, want 3")
	}
	_, err := ReadDat(write(t, "bad.dat", "01 : 02\n"), 2)
	require.ErrorContains(t, err, "does not start with ':'")
	_, err = ReadDat(filepath.Join(t.TempDir(), "missing.dat"), 2)
	require.Error(t, err)
}

func TestReadJSON(t *testing.T) {
	var v struct{ A int }
	require.NoError(t, ReadJSON(write(t, "v.json.gz", `{"A": 3}`), &v))
	require.Equal(t, 3, v.A)
	require.Error(t, ReadJSON(write(t, "u.json", `{"A": 3, "B": 4}`), &v), "unknown fields are refused")
	require.Error(t, ReadJSON(write(t, "n.json.gz", "not gzip"), &v))
}
