package slip39

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// The share mnemonic (SLIP-39, "Format of the share mnemonic"), as 10-bit
// words, big-endian:
//
//	identifier 15 | extendable 1 | iteration exponent 4     2 words
//	group index 4 | group threshold - 1 4 | group count - 1 4 |
//	member index 4 | member threshold - 1 4                 2 words
//	zero padding | share value (8n bits)                    ceil(8n/10) words
//	RS1024 checksum                                         3 words

// Word counts of the parts of a share.
const (
	idExpWords    = 2
	paramsWords   = 2
	metadataWords = idExpWords + paramsWords + checksumWords
	// MinShareWords is the length of a share of a 128-bit secret.
	MinShareWords = metadataWords + (minSecretSize*8+radixBits-1)/radixBits
	// maxShareWords is the length of a share of a 64-byte secret.
	maxShareWords = metadataWords + (maxSecretSize*8+radixBits-1)/radixBits
)

// MaxIterationExponent is the largest iteration exponent a share can
// carry (4 bits): 10000 << 15 PBKDF2 iterations, minutes of work.
const MaxIterationExponent = 15

// ShareInfo is the public part of a share: everything but its value. The
// first two words of a share carry the identifier, flag and exponent,
// the next two the group and member fields.
type ShareInfo struct {
	// Identifier is the random 15-bit identifier all shares of one backup
	// carry.
	Identifier uint16
	// Extendable is the extendable backup flag: when false the
	// identifier salts the encryption.
	Extendable bool
	// IterationExponent e: the encryption runs 10000 << e PBKDF2
	// iterations in all.
	IterationExponent uint8
	// GroupIndex is the group's x value, 0 to 15 (the group's number
	// minus one).
	GroupIndex uint8
	// GroupThreshold is how many groups recovery needs, 1 to 16.
	GroupThreshold uint8
	// GroupCount is how many groups there are, 1 to 16.
	GroupCount uint8
	// MemberIndex is the share's x value in its group, 0 to 15.
	MemberIndex uint8
	// MemberThreshold is how many shares of the group recovery needs, 1
	// to 16.
	MemberThreshold uint8
}

// redactedShare is what every printed form of a Share shows.
const redactedShare = "slip39.Share(REDACTED)"

// Share is one SLIP-39 share: its public fields (Info) and its secret
// value. Like MasterSecret it is opaque: every printed form shows
// "REDACTED" and it has no JSON or text form; its words come out only
// through ExportWords and ExportMnemonic.
type Share struct {
	info  ShareInfo
	value hidden
}

// Info returns the share's public fields.
func (s *Share) Info() ShareInfo { return s.info }

// ValueLen returns the length of the share value in bytes, which is the
// length of the master secret.
func (s *Share) ValueLen() int { return len(s.value.bytes()) }

// Destroy overwrites the share value; afterwards the share cannot be
// exported or combined.
func (s *Share) Destroy() {
	if s != nil {
		s.value.destroy()
	}
}

// String returns "slip39.Share(REDACTED)".
func (Share) String() string { return redactedShare }

// GoString returns "slip39.Share(REDACTED)", for %#v.
func (Share) GoString() string { return redactedShare }

// Format prints "slip39.Share(REDACTED)" for every fmt verb.
func (Share) Format(f fmt.State, _ rune) { io.WriteString(f, redactedShare) }

// LogValue makes slog print "REDACTED".
func (Share) LogValue() slog.Value { return slog.StringValue(redactedShare) }

// MarshalJSON always fails: a share has no JSON form.
func (Share) MarshalJSON() ([]byte, error) { return nil, errNoSerialization }

// MarshalText always fails: a share has no text form.
func (Share) MarshalText() ([]byte, error) { return nil, errNoSerialization }

// UnmarshalJSON always fails; parse shares with ParseShare.
func (*Share) UnmarshalJSON([]byte) error { return errNoSerialization }

// UnmarshalText always fails; parse shares with ParseShare.
func (*Share) UnmarshalText([]byte) error { return errNoSerialization }

// check returns nil when the fields fit their bits and the value is a
// master secret's size.
func (i ShareInfo) check(valueLen int) error {
	switch {
	case i.Identifier >= 1<<15, i.IterationExponent > MaxIterationExponent,
		i.GroupIndex > 15, i.MemberIndex > 15,
		i.GroupThreshold < 1, i.GroupThreshold > 16, i.GroupCount < 1, i.GroupCount > 16,
		i.MemberThreshold < 1, i.MemberThreshold > 16:
		return errors.New("slip39: internal error: share fields out of range")
	case i.GroupThreshold > i.GroupCount:
		return fmt.Errorf("slip39: %w", ErrGroupThreshold)
	}
	return checkSecretSize(valueLen)
}

// indices returns the share's word indices, checksum included. The
// result holds the secret value: the caller clears it.
func (s *Share) indices() ([]uint16, error) {
	v := s.value.bytes()
	if v == nil {
		return nil, fmt.Errorf("slip39: %w", ErrDestroyed)
	}
	i := s.info
	if err := i.check(len(v)); err != nil {
		return nil, err
	}
	valueWords := (len(v)*8 + radixBits - 1) / radixBits
	out := make([]uint16, 0, metadataWords+valueWords)
	ext := uint32(0)
	if i.Extendable {
		ext = 1
	}
	idExp := uint32(i.Identifier)<<5 | ext<<4 | uint32(i.IterationExponent)
	params := uint32(i.GroupIndex)<<16 | uint32(i.GroupThreshold-1)<<12 | uint32(i.GroupCount-1)<<8 |
		uint32(i.MemberIndex)<<4 | uint32(i.MemberThreshold-1)
	out = append(out, uint16(idExp>>10), uint16(idExp&1023), uint16(params>>10), uint16(params&1023))
	// The value, left-padded with zero bits to a whole number of words.
	acc, bits := uint32(0), valueWords*radixBits-len(v)*8
	for _, b := range v {
		acc = acc<<8 | uint32(b)
		bits += 8
		for bits >= radixBits {
			bits -= radixBits
			out = append(out, uint16(acc>>bits&1023))
		}
	}
	cs := rs1024Create(i.Extendable, out)
	return append(out, cs[:]...), nil
}

// ExportWords returns the share's words. The result is a secret: whoever
// reads it holds the share.
func (s *Share) ExportWords() ([]string, error) {
	idx, err := s.indices()
	if err != nil {
		return nil, err
	}
	defer clear(idx)
	out := make([]string, len(idx))
	for k, x := range idx {
		out[k] = words[x]
	}
	return out, nil
}

// ExportMnemonic returns the share's words separated by single spaces.
// The result is a secret.
func (s *Share) ExportMnemonic() (string, error) {
	w, err := s.ExportWords()
	if err != nil {
		return "", err
	}
	return strings.Join(w, " "), nil
}

// ParseShare reads one share: its words separated by white space, in any
// ASCII letter case. It checks every rule SLIP-39 sets for a single share
// (the word list, the length, the checksum, the padding, a group
// threshold not above the group count) and returns an error wrapping the
// sentinel of the first rule broken: ErrWord (a *WordError naming the
// word's position), ErrLength, ErrSecretLength, ErrChecksum,
// ErrGroupThreshold or ErrPadding. Errors never repeat a word.
//
// What ParseShare accepts, ExportMnemonic writes back word for word
// (lower case, single spaces).
func ParseShare(mnemonic string) (*Share, error) {
	fields := strings.Fields(mnemonic)
	n := len(fields)
	switch {
	case n == 0:
		return nil, fmt.Errorf("slip39: %w: no words", ErrLength)
	case n > maxShareWords:
		return nil, fmt.Errorf("slip39: %w: %d words, more than the %d of a %d-byte secret", ErrSecretLength, n, maxShareWords, maxSecretSize)
	}
	idx := make([]uint16, n)
	defer clear(idx)
	for k, w := range fields {
		x, ok := WordIndex(w)
		if !ok {
			return nil, &WordError{Position: k + 1}
		}
		idx[k] = uint16(x)
	}
	if n < MinShareWords {
		return nil, fmt.Errorf("slip39: %w: %d words, want at least %d", ErrLength, n, MinShareWords)
	}
	valueBits := radixBits * (n - metadataWords)
	padding := valueBits % 16
	if padding > 8 {
		return nil, fmt.Errorf("slip39: %w: %d words hold no whole master secret", ErrSecretLength, n)
	}
	idExp := uint32(idx[0])<<10 | uint32(idx[1])
	info := ShareInfo{
		Identifier:        uint16(idExp >> 5),
		Extendable:        idExp>>4&1 == 1,
		IterationExponent: uint8(idExp & 15),
	}
	if !rs1024Verify(info.Extendable, idx) {
		return nil, fmt.Errorf("slip39: %w (a word is wrong or out of order)", ErrChecksum)
	}
	params := uint32(idx[2])<<10 | uint32(idx[3])
	info.GroupIndex = uint8(params >> 16 & 15)
	info.GroupThreshold = uint8(params>>12&15) + 1
	info.GroupCount = uint8(params>>8&15) + 1
	info.MemberIndex = uint8(params >> 4 & 15)
	info.MemberThreshold = uint8(params&15) + 1
	if info.GroupThreshold > info.GroupCount {
		return nil, fmt.Errorf("slip39: %w: %d of %d groups", ErrGroupThreshold, info.GroupThreshold, info.GroupCount)
	}
	value := make([]byte, (valueBits-padding)/8)
	acc, bits, out := uint32(0), 0, 0
	for k, x := range idx[idExpWords+paramsWords : n-checksumWords] {
		acc = acc<<radixBits | uint32(x)
		bits += radixBits
		if k == 0 {
			// The padding sits in front of the first value word.
			if acc>>(radixBits-padding) != 0 {
				clear(value)
				return nil, fmt.Errorf("slip39: %w", ErrPadding)
			}
			bits -= padding
			acc &= 1<<bits - 1
		}
		for bits >= 8 {
			bits -= 8
			value[out] = byte(acc >> bits)
			out++
		}
		acc &= 1<<bits - 1
	}
	s := &Share{info: info, value: newHidden(value)}
	clear(value)
	return s, nil
}
