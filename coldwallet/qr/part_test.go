package qr

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// hello is the worked example of the package documentation.
const (
	helloPayload = "Hello, air gap!\n"
	helloPart    = "NC1/001/001/000016/FHFLCQD6GYQARELA/JBSWY3DPFQQGC2LSEBTWC4BBBI/VYA2PBY"
)

func TestWorkedExample(t *testing.T) {
	require.Equal(t, []string{helloPart}, mustSplit(t, []byte(helloPayload), Options{}))
	p, err := ParsePart(helloPart)
	require.NoError(t, err)
	require.Equal(t, Part{
		Index: 1, Total: 1, PayloadSize: 16,
		PayloadID: NewPayloadID([]byte(helloPayload)),
		Data:      []byte(helloPayload),
	}, p)
	require.Equal(t, "FHFLCQD6GYQARELA", p.PayloadID.String())
	require.Equal(t, helloPart, p.String())
	require.Len(t, helloPart, partOverhead+b32.EncodedLen(16))
}

func TestParsePartRefuses(t *testing.T) {
	body := helloPart[:len(helloPart)-crcChars]
	// replace returns body with s[i:i+len(r)] replaced by r.
	replace := func(i int, r string) string { return body[:i] + r + body[i+len(r):] }
	id, data := "FHFLCQD6GYQARELA", "JBSWY3DPFQQGC2LSEBTWC4BBBI"
	for _, tc := range []struct {
		name string
		part string
		want error
	}{
		{"empty", "", ErrMalformedPart},
		{"one character short of the shortest part", helloPart[:partOverhead+1], ErrMalformedPart},
		{"longer than any QR code holds", strings.Repeat("A", maxPartLength+1), ErrMalformedPart},
		{"lower case", strings.ToLower(helloPart), ErrMalformedPart},
		{"trailing newline", helloPart + "\n", ErrMalformedPart},
		{"leading space", " " + helloPart, ErrMalformedPart},
		{"a QR alphanumeric character parts do not use", strings.Replace(helloPart, "/", ":", 1), ErrMalformedPart},
		{"non-ASCII", strings.Replace(helloPart, "A", "Å", 1), ErrMalformedPart},
		{"format version 2", withCRC("NC2" + body[3:]), ErrMalformedPart},
		{"another format", withCRC("UR1" + body[3:]), ErrMalformedPart},
		{"checksum changed", body + "VYA2PBA", ErrCorruptPart},
		{"checksum with its spare bits set", body + "VYA2PBZ", ErrMalformedPart},
		{"checksum not base32", body + "VYA2PB1", ErrMalformedPart},
		{"no / before the checksum", body[:len(body)-1] + "VVYA2PBY", ErrMalformedPart},
		{"data changed", replace(36, "K") + "VYA2PBY", ErrCorruptPart},
		{"part number changed", withCRC(replace(4, "002"))[:len(helloPart)-crcChars] + "VYA2PBY", ErrCorruptPart},
		{"part number 0", withCRC(replace(4, "000")), ErrMalformedPart},
		{"part number above the count", withCRC(replace(4, "002")), ErrMalformedPart},
		{"part count 0", withCRC(replace(8, "000")), ErrMalformedPart},
		{"payload size 0", withCRC(replace(12, "000000")), ErrMalformedPart},
		{"payload size above the maximum", withCRC(replace(12, "262145")), ErrMalformedPart},
		{"more parts than bytes", withCRC("NC1/001/003/000002/" + id + "/ME/"), ErrMalformedPart},
		{"payload size says 17", withCRC(replace(12, "000017")), ErrMalformedPart},
		{"payload size says 15", withCRC(replace(12, "000015")), ErrMalformedPart},
		{"part number not decimal", withCRC(replace(4, "0A1")), ErrMalformedPart},
		{"payload size not decimal", withCRC(replace(12, "00001G")), ErrMalformedPart},
		{"separator replaced", withCRC(replace(7, "0")), ErrMalformedPart},
		{"payload id not base32", withCRC(replace(19, "1")), ErrMalformedPart},
		{"payload id one character short", withCRC(strings.Replace(body, id, id[1:], 1)), ErrMalformedPart},
		{"data not base32", withCRC(replace(36, "8")), ErrMalformedPart},
		{"data one character short", withCRC(strings.Replace(body, data, data[1:], 1)), ErrMalformedPart},
		{"data with its spare bits set", withCRC(strings.Replace(body, "BBBI/", "BBBJ/", 1)), ErrMalformedPart},
		{"an extra field", withCRC(body + "EXTRA/"), ErrMalformedPart},
		{"data padded", withCRC(strings.Replace(body, data, data+"======", 1)), ErrMalformedPart},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParsePart(tc.part)
			require.ErrorIs(t, err, tc.want)
			require.Zero(t, p)
			require.True(t, strings.HasPrefix(err.Error(), "qr: "), err.Error())
			if len(tc.part) > 0 {
				require.NotContains(t, err.Error(), tc.part)
			}
			var a Assembler
			require.ErrorIs(t, a.Add(tc.part), tc.want)
			require.Zero(t, a.Total())
		})
	}
}

func TestPartBounds(t *testing.T) {
	for _, size := range []int{1, 2, 7, 100, 578, 579, 3072, MaxPayloadSize} {
		for _, total := range []int{1, 2, 3, 7, 10, 99, maxParts} {
			if total > size {
				continue
			}
			next := 0
			for i := 1; i <= total; i++ {
				off, n := partBounds(size, total, i)
				require.Equal(t, next, off, "size %d total %d part %d", size, total, i)
				require.True(t, n == size/total || n == size/total+1)
				if i > 1 {
					_, prev := partBounds(size, total, i-1)
					require.LessOrEqual(t, n, prev, "longer parts first")
				}
				next = off + n
			}
			require.Equal(t, size, next)
		}
	}
}

func TestFormatParts(t *testing.T) {
	for _, tc := range []struct {
		parts []int
		want  string
	}{
		{nil, ""},
		{[]int{4}, "4"},
		{[]int{1, 2}, "1-2"},
		{[]int{1, 2, 3, 5, 7, 8}, "1-3, 5, 7-8"},
		{[]int{2, 4, 6}, "2, 4, 6"},
	} {
		require.Equal(t, tc.want, formatParts(tc.parts))
	}
}
