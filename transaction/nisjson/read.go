package nisjson

import (
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/nemcustody/nemcustody/internal/nisform"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// jsonReader turns JSON values into field values the way NIS's
// JsonDeserializer does, but strictly. It keeps the first failure, with the
// JSON path of the field; after a failure every read returns a zero value.
type jsonReader struct {
	err error
}

func (d *jsonReader) fail(field string, sentinel error, format string, args ...any) {
	if d.err == nil {
		d.err = fieldErr(field, sentinel, format, args...)
	}
}

// failWrap is fail for a refusal by another package: the error wraps both
// sentinel and err, whose text is kept as it is.
func (d *jsonReader) failWrap(field string, sentinel, err error, why string) {
	if d.err == nil {
		d.err = fmt.Errorf("nisjson: %s: %w: %w (%s)", field, sentinel, err, why)
	}
}

// jsonObj reads the members of one JSON object and remembers which were
// read, so that end can refuse the others.
type jsonObj struct {
	d    *jsonReader
	path string
	v    *jsonValue
	used []bool
}

// object opens v, which must be a JSON object, at path.
func (d *jsonReader) object(v *jsonValue, path string) *jsonObj {
	o := &jsonObj{d: d, path: path, v: &jsonValue{kind: jsonObject}}
	if d.err != nil {
		return o
	}
	if v == nil || v.kind != jsonObject {
		kind := jsonNull
		if v != nil {
			kind = v.kind
		}
		if path == "" {
			d.err = fmt.Errorf("nisjson: %w: want a JSON object, got %s", transaction.ErrMalformed, kind)
		} else {
			d.fail(path, transaction.ErrMalformed, "want a JSON object, got %s", kind)
		}
		return o
	}
	o.v = v
	o.used = make([]bool, len(v.members))
	return o
}

func (o *jsonObj) field(key string) string { return joinPath(o.path, key) }

// has reports whether key is present (even as null) without reading it.
func (o *jsonObj) has(key string) bool {
	for _, m := range o.v.members {
		if m.key == key {
			return true
		}
	}
	return false
}

// lookup returns the value of key and marks it read. A missing key and a
// JSON null both give nil, as NIS's JSONObject.get does.
func (o *jsonObj) lookup(key string) *jsonValue {
	for i, m := range o.v.members {
		if m.key == key {
			o.used[i] = true
			if m.value.kind == jsonNull {
				return nil
			}
			return m.value
		}
	}
	return nil
}

// require returns the value of key, which must be present, non-null and
// of the given kind.
func (o *jsonObj) require(key string, kind jsonKind) *jsonValue {
	v := o.lookup(key)
	if o.d.err != nil {
		return nil
	}
	if v == nil {
		o.d.fail(o.field(key), transaction.ErrMalformed, "missing")
		return nil
	}
	if v.kind != kind {
		o.d.fail(o.field(key), transaction.ErrMalformed, "want %s, got %s", kind, v.kind)
		return nil
	}
	return v
}

// end refuses every key that was not read.
func (o *jsonObj) end() {
	for i, m := range o.v.members {
		if !o.used[i] {
			o.d.fail(o.field(m.key), transaction.ErrMalformed, "unknown key")
			return
		}
	}
}

// integer reads a JSON integer in [min, max]. Floats, exponents, strings
// and other types are refused: NIS reads numbers with readInt and readLong,
// which accept only JSON integers.
func (o *jsonObj) integer(key string, min, max int64) int64 {
	v := o.require(key, jsonNumber)
	if v == nil {
		return 0
	}
	if strings.ContainsAny(v.text, ".eE") {
		o.d.fail(o.field(key), transaction.ErrMalformed, "%s is not an integer (NIS refuses fractions and exponents)", v.text)
		return 0
	}
	n, err := strconv.ParseInt(v.text, 10, 64)
	if err != nil || n < min || n > max {
		o.d.fail(o.field(key), transaction.ErrInvalidField, "%s is outside %d..%d", v.text, min, max)
		return 0
	}
	return n
}

// int32 reads a Java int (readInt).
func (o *jsonObj) int32(key string) int32 {
	return int32(o.integer(key, math.MinInt32, math.MaxInt32))
}

// enum reads a Java int that must be positive; the caller checks the value.
func (o *jsonObj) enum(key string) uint32 {
	return uint32(o.integer(key, 0, math.MaxInt32))
}

// long reads a non-negative Java long: amounts, fees and quantities, which
// NIS refuses when negative.
func (o *jsonObj) long(key string) uint64 {
	return uint64(o.integer(key, 0, math.MaxInt64))
}

// timestamp reads a network time: a non-negative Java int.
func (o *jsonObj) timestamp(key string) transaction.Timestamp {
	return transaction.Timestamp(o.integer(key, 0, int64(transaction.MaxTimestamp)))
}

// str reads a JSON string of at most maxLen UTF-16 code units (NIS's
// deserializer truncates longer strings, which would change the bytes).
func (o *jsonObj) str(key string, maxLen int) string {
	v := o.require(key, jsonString)
	if v == nil {
		return ""
	}
	if n := utf16Len(v.text); n > maxLen {
		o.d.fail(o.field(key), transaction.ErrInvalidField, "%d characters, NIS reads at most %d", n, maxLen)
		return ""
	}
	return v.text
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// hexBytes reads a hex string of min to max bytes, in either case.
func (o *jsonObj) hexBytes(key string, min, max int) []byte {
	v := o.require(key, jsonString)
	if v == nil {
		return nil
	}
	if len(v.text)%2 != 0 {
		o.d.fail(o.field(key), transaction.ErrInvalidField, "odd number of hex characters")
		return nil
	}
	if n := len(v.text) / 2; n < min || n > max {
		if min == max {
			o.d.fail(o.field(key), transaction.ErrInvalidField, "%d hex characters, want %d", len(v.text), 2*min)
		} else {
			o.d.fail(o.field(key), transaction.ErrInvalidField, "%d bytes, want %d to %d", n, min, max)
		}
		return nil
	}
	b, err := hex.DecodeString(v.text)
	if err != nil {
		o.d.fail(o.field(key), transaction.ErrInvalidField, "not hexadecimal")
		return nil
	}
	return b
}

func (o *jsonObj) publicKey(key string) sign.PublicKey {
	return sign.PublicKey(orZero(o.hexBytes(key, sign.PublicKeySize, sign.PublicKeySize), sign.PublicKeySize))
}

func (o *jsonObj) signature(key string) sign.Signature {
	return sign.Signature(orZero(o.hexBytes(key, sign.SignatureSize, sign.SignatureSize), sign.SignatureSize))
}

// address reads an encoded address. NIS upper-cases what it reads
// (Address.fromEncoded), so either case is accepted; dashes, spaces and
// anything else that is not 40 base32 characters with a valid checksum and
// a known network byte are refused.
func (o *jsonObj) address(key string) sign.Address {
	v := o.require(key, jsonString)
	if v == nil {
		return sign.Address{}
	}
	// Upper-case ASCII only: strings.ToUpper would turn look-alikes such
	// as 'ſ' (U+017F) into base32 letters.
	for i := 0; i < len(v.text); i++ {
		if v.text[i] >= 0x80 {
			o.d.fail(o.field(key), transaction.ErrInvalidField, "invalid address: a character is not ASCII")
			return sign.Address{}
		}
	}
	a, err := sign.ParseCanonicalAddress(strings.ToUpper(v.text))
	if err != nil {
		o.d.failWrap(o.field(key), transaction.ErrInvalidField, err, "NIS reads 40 base32 characters, without dashes or spaces")
		return sign.Address{}
	}
	return a
}

// object reads a required nested object. An empty object is what NIS
// writes for null, so it counts as missing.
func (o *jsonObj) object(key string) *jsonObj {
	v := o.lookup(key)
	if o.d.err == nil && v != nil && v.kind == jsonObject && len(v.members) == 0 {
		o.d.fail(o.field(key), transaction.ErrMalformed, "missing (an empty object is NIS's null)")
	}
	if o.d.err == nil && v == nil {
		o.d.fail(o.field(key), transaction.ErrMalformed, "missing")
	}
	return o.d.object(v, o.field(key))
}

// optObject reads an optional nested object: a missing key, null and {}
// all mean none (NIS's readOptionalObject), and give nil.
func (o *jsonObj) optObject(key string) *jsonObj {
	v := o.lookup(key)
	if o.d.err != nil || v == nil || (v.kind == jsonObject && len(v.members) == 0) {
		return nil
	}
	return o.d.object(v, o.field(key))
}

// array reads a required JSON array of at most max elements.
func (o *jsonObj) array(key string, max int) []*jsonValue {
	v := o.require(key, jsonArray)
	if v == nil {
		return nil
	}
	if len(v.items) > max {
		o.d.fail(o.field(key), transaction.ErrMalformed, "%d elements, at most %d", len(v.items), max)
		return nil
	}
	return v.items
}

// mosaicID reads a MosaicId object.
func (o *jsonObj) mosaicID(key string) transaction.MosaicID {
	m := o.object(key)
	id := transaction.MosaicID{Namespace: m.str("namespaceId", nisform.MaxString), Name: m.str("name", nisform.MaxString)}
	m.end()
	return id
}
