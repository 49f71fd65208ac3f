package wire

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBuilderLayout(t *testing.T) {
	b := AppendU32(nil, 0x01020304)
	b = AppendU64(b, 0x0102030405060708)
	b = AppendBytes(b, []byte{0xaa, 0xbb})
	b = AppendString(b, "nem")
	b, m := BeginObject(b)
	b = AppendU32(b, 7)
	b = EndObject(b, m)
	require.Equal(t, []byte{
		4, 3, 2, 1,
		8, 7, 6, 5, 4, 3, 2, 1,
		2, 0, 0, 0, 0xaa, 0xbb,
		3, 0, 0, 0, 'n', 'e', 'm',
		4, 0, 0, 0, 7, 0, 0, 0,
	}, b)
	require.Zero(t, testing.AllocsPerRun(10, func() {
		buf := make([]byte, 0, 64)
		buf = AppendU64(buf, 1)
		buf, m := BeginObject(buf)
		_ = EndObject(AppendString(buf, "x"), m)
	}))
}

func TestReader(t *testing.T) {
	data := []byte{4, 3, 2, 1, 2, 0, 0, 0, 0xaa, 0xbb, 4, 0, 0, 0, 7, 0, 0, 0}
	r := NewReader(data)
	require.Equal(t, uint32(0x01020304), r.U32("a"))
	require.Equal(t, []byte{0xaa, 0xbb}, r.Bytes("b", 0, 2))
	o := r.Object("c", 4, 4)
	require.Equal(t, uint32(7), o.U32("c.x"))
	o.Close(r, "c")
	require.NoError(t, r.End("all"))

	cases := []struct {
		name  string
		read  func(r *Reader)
		want  error
		field string
		at    int
	}{
		{"short u32", func(r *Reader) { r.U32("x") }, ErrShort, "x", 0},
		{"length above max", func(r *Reader) { r.Bytes("b", 0, 1) }, ErrLength, "b", 0},
		{"null length", func(r *Reader) { r.Bytes("b", 0, 100) }, ErrLength, "b", 0},
		{"trailing bytes", func(r *Reader) { r.U32("x"); r.End("all") }, ErrTrailing, "all", 4},
		{"object with a remainder", func(r *Reader) {
			o := r.Object("o", 0, 100)
			o.U32("o.x")
			o.Close(r, "o")
		}, ErrTrailing, "o", 8},
	}
	inputs := map[string][]byte{
		"short u32":               {1, 2},
		"length above max":        {2, 0, 0, 0, 1, 2},
		"null length":             {0xff, 0xff, 0xff, 0xff},
		"trailing bytes":          {1, 0, 0, 0, 9},
		"object with a remainder": {5, 0, 0, 0, 1, 0, 0, 0, 9},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := NewReader(inputs[c.name])
			c.read(r)
			at, field, err := r.Failure()
			require.True(t, errors.Is(err, c.want), "%v", err)
			require.Equal(t, c.field, field)
			require.Equal(t, c.at, at)
			// After a failure every read returns zero values.
			require.Zero(t, r.U64("later"))
			require.Nil(t, r.Fixed("later", 1))
		})
	}
}
