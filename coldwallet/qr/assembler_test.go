package qr

import (
	"errors"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAssembler(t *testing.T) {
	payload := randomPayload(newRand(4), 2000)
	parts := mustSplit(t, payload, Options{MaxVersion: 15}) // 6 parts
	require.Len(t, parts, 6)

	var a Assembler
	require.False(t, a.Complete())
	require.Nil(t, a.Missing())
	require.Zero(t, a.Total())
	_, err := a.Payload()
	var ie *IncompleteError
	require.ErrorAs(t, err, &ie)
	require.Equal(t, "qr: incomplete: no parts", err.Error())

	for _, i := range []int{4, 0, 4, 5, 0} {
		require.NoError(t, a.Add(parts[i]))
	}
	require.Equal(t, 6, a.Total())
	require.Equal(t, 3, a.Received())
	require.Equal(t, []int{2, 3, 4}, a.Missing())
	_, err = a.Payload()
	require.ErrorIs(t, err, ErrIncomplete)
	require.ErrorAs(t, err, &ie)
	require.Equal(t, &IncompleteError{Total: 6, Missing: []int{2, 3, 4}}, ie)
	require.Equal(t, "qr: incomplete: have 3 of 6 parts, missing 2-4", err.Error())

	for _, p := range parts[1:4] {
		require.NoError(t, a.Add(p))
	}
	require.True(t, a.Complete())
	require.Nil(t, a.Missing())
	got, err := a.Payload()
	require.NoError(t, err)
	require.Equal(t, payload, got)
	require.NoError(t, a.Add(parts[2]), "a duplicate after completion")
}

func TestAssemblerRefusesForeignParts(t *testing.T) {
	r := newRand(5)
	payload := randomPayload(r, 2000)
	parts := mustSplit(t, payload, Options{MaxVersion: 15})
	other := mustSplit(t, randomPayload(r, 2000), Options{MaxVersion: 15})
	resplit := mustSplit(t, payload, Options{MaxVersion: 10})

	// A part claiming the same payload id but holding other bytes.
	p, err := ParsePart(parts[1])
	require.NoError(t, err)
	p.Data = slices.Clone(p.Data)
	p.Data[0] ^= 1
	conflicting := p.String()

	for _, tc := range []struct {
		name string
		part string
	}{
		{"a part of another payload", other[1]},
		{"the same payload split with other options", resplit[1]},
		{"the same payload split with other options, same part number", resplit[0]},
		{"other bytes under a part number already added", conflicting},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var a Assembler
			require.NoError(t, a.Add(parts[0]))
			require.NoError(t, a.Add(parts[1]))
			err := a.Add(tc.part)
			require.ErrorIs(t, err, ErrForeignPart)
			require.NotErrorIs(t, err, ErrCorruptPart)
			// A refused part changes nothing.
			require.Equal(t, 2, a.Received())
			require.Equal(t, []int{3, 4, 5, 6}, a.Missing())
			for _, p := range parts[2:] {
				require.NoError(t, a.Add(p))
			}
			got, err := a.Payload()
			require.NoError(t, err)
			require.Equal(t, payload, got)
		})
	}
}

// Parts whose own checksums match but whose payload id does not match the
// bytes they carry (so made on purpose) are caught after reassembly.
func TestAssemblerChecksPayloadID(t *testing.T) {
	payload := randomPayload(newRand(6), 1000)
	parts := mustSplit(t, payload, Options{MaxVersion: 15})
	forged := make([]string, len(parts))
	for i, s := range parts {
		p, err := ParsePart(s)
		require.NoError(t, err)
		p.Data = slices.Clone(p.Data)
		p.Data[len(p.Data)-1] ^= 0x80
		forged[i] = p.String()
	}
	_, err := join(forged)
	require.ErrorIs(t, err, ErrCorruptPart)
	require.Equal(t, "qr: corrupt part: the reassembled payload does not match its payload id", err.Error())
}

func TestJoinNamesTheRefusedInput(t *testing.T) {
	parts := mustSplit(t, randomPayload(newRand(7), 1500), Options{})
	_, err := join([]string{parts[0], parts[1], "NOT A PART", parts[2]})
	require.ErrorIs(t, err, ErrMalformedPart)
	require.Equal(t, "qr: input 3 of 4: malformed part: 10 characters, too short for a part (at least 46)", err.Error())
	_, err = join(nil)
	require.ErrorIs(t, err, ErrIncomplete)
}

// The property test of the acceptance criteria: random payloads up to 64 KB,
// random options, parts in random order with random duplicates and random
// parts dropped. join returns the original bytes when nothing was dropped,
// and otherwise an *IncompleteError naming exactly the dropped parts.
func TestJoinProperty(t *testing.T) {
	r := newRand(8)
	cases := 300
	if testing.Short() {
		cases = 60
	}
	optionsChoice := []Options{{}, {Level: LevelQ}, {MaxVersion: 12}, {Level: LevelL, MaxVersion: 30}, {Level: LevelH, MaxVersion: 25}}
	complete, incomplete := 0, 0
	for c := range cases {
		size := 1 + r.IntN(64<<10)
		if c%4 == 0 {
			size = 1 + r.IntN(2000) // many small payloads too
		}
		payload := randomPayload(r, size)
		opts := optionsChoice[r.IntN(len(optionsChoice))]
		parts := mustSplit(t, payload, opts)

		var scanned []string
		var dropped []int
		dropRate := []float64{0, 0, 0.05, 0.3}[r.IntN(4)]
		for i, p := range parts {
			if r.Float64() < dropRate {
				dropped = append(dropped, i+1)
				continue
			}
			for range 1 + r.IntN(3) { // one to three copies
				scanned = append(scanned, p)
			}
		}
		r.Shuffle(len(scanned), func(i, j int) { scanned[i], scanned[j] = scanned[j], scanned[i] })

		got, err := join(scanned)
		if len(dropped) == 0 {
			require.NoError(t, err, "case %d: %d bytes", c, size)
			require.Equal(t, payload, got, "case %d", c)
			complete++
			continue
		}
		incomplete++
		require.Nil(t, got)
		var ie *IncompleteError
		require.True(t, errors.As(err, &ie), "case %d: %v", c, err)
		if len(dropped) == len(parts) {
			require.Equal(t, &IncompleteError{}, ie)
			continue
		}
		require.Equal(t, &IncompleteError{Total: len(parts), Missing: dropped}, ie, "case %d", c)
		require.Contains(t, err.Error(), "missing "+formatParts(dropped))
	}
	require.Positive(t, complete)
	require.Positive(t, incomplete)
}
