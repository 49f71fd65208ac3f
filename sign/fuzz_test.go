package sign

import (
	"strings"
	"testing"
)

// FuzzParsePrivateKeyNIS: never panics; what parses exports to 64
// lowercase hex characters that parse to the same key; errors never
// contain the input.
func FuzzParsePrivateKeyNIS(f *testing.F) {
	f.Add(kat.nisHex)
	f.Add("00e8bf9bc0f35c12d8c8bf94dd3a8b5b4034f1063948e3cc5304e55e31aa4b95a6")
	f.Add("37ac" + strings.Repeat("11", 29))
	f.Add(kat.nisHex[:63])
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParsePrivateKeyNIS(s)
		if err != nil {
			if len(s) >= 8 && strings.Contains(err.Error(), s) {
				t.Fatalf("error echoes input: %v", err)
			}
			return
		}
		out, err := k.ExportNISHex()
		if err != nil || len(out) != 64 || strings.ToLower(out) != out {
			t.Fatalf("bad export %q %v", out, err)
		}
		k2, err := ParsePrivateKeyNIS(out)
		if err != nil || !k.Equal(k2) {
			t.Fatal("export does not round-trip")
		}
	})
}

// FuzzParseAddress: never panics; what parses prints canonically and
// parses back to itself, and has a valid checksum.
func FuzzParseAddress(f *testing.F) {
	f.Add(vecMainnet)
	f.Add(vecTestnet)
	f.Add("NDD2CT-6LQLIY-Q56KIX-I3ENTM-6EK3D4-4P5JFX-J4R4")
	f.Add("nope")
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAddress(s)
		if err != nil {
			return
		}
		if err := a.Validate(); err != nil {
			t.Fatal(err)
		}
		c, err := ParseCanonicalAddress(a.String())
		if err != nil || c != a {
			t.Fatalf("canonical form does not round-trip: %v", err)
		}
		p, err := ParseAddress(a.Pretty())
		if err != nil || p != a {
			t.Fatalf("pretty form does not round-trip: %v", err)
		}
	})
}
