package transaction

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/nemcustody/nemcustody/internal/nisform"
)

// MosaicID names a mosaic: a namespace ("nem", "alice.vouchers") and a
// name within it ("xem"). NIS writes it as "namespace:name".
type MosaicID struct {
	Namespace string
	Name      string
}

// XEMMosaic is nem:xem, XEM itself as a mosaic.
var XEMMosaic = MosaicID{Namespace: "nem", Name: "xem"}

// String returns "namespace:name".
func (id MosaicID) String() string { return id.Namespace + ":" + id.Name }

// ParseMosaicID parses "namespace:name" and validates both parts.
func ParseMosaicID(s string) (MosaicID, error) {
	ns, name, ok := strings.Cut(s, ":")
	if !ok {
		return MosaicID{}, fieldErr("mosaicId", ErrInvalidField, "%q is not namespace:name", s)
	}
	id := MosaicID{Namespace: ns, Name: name}
	return id, id.Validate()
}

// Validate applies NIS's rules: a namespace of at most 3 dot-separated
// parts matching [a-z0-9][a-z0-9_-]* (root at most 16 characters, others
// 64) and at most 128 characters in all, and a name matching
// [a-z0-9][a-z0-9'_-]*( [a-z0-9'_-]+)* of at most 32 characters.
//
// The 128-character limit is not a namespace rule: NIS reads the
// namespaceId string of a MosaicId with its default string limit and
// truncates anything longer, so a longer (otherwise valid) namespace would
// name another mosaic and the signature would not verify.
func (id MosaicID) Validate() error {
	if sub, why := id.problem(); sub != "" {
		return fieldErr(sub, ErrInvalidField, "%s", why)
	}
	return nil
}

// problem returns the part of id that breaks NIS's rules ("namespaceId" or
// "name") and why, or "" (see Validate).
func (id MosaicID) problem() (sub, why string) {
	if why := namespaceError(id.Namespace, maxNamespaceDepth); why != "" {
		return "namespaceId", why
	}
	if len(id.Namespace) > nisform.MaxString {
		return "namespaceId", fmt.Sprintf("%d characters; NIS reads at most %d and would truncate it", len(id.Namespace), nisform.MaxString)
	}
	if !validMosaicName(id.Name) {
		return "name", fmt.Sprintf("%q does not match NIS's mosaic name pattern (lower case, digits, ' _ - and single inner spaces, at most 32)", id.Name)
	}
	return "", ""
}

// Mosaic is a quantity of a mosaic attached to a version 2 transfer. The
// quantity is in the mosaic's smallest unit; the transfer's Amount
// multiplies it (see Transfer).
type Mosaic struct {
	ID       MosaicID
	Quantity uint64
}

// String returns NIS's Mosaic.toString: "namespace:name : quantity", the
// string NIS sorts attachments by.
func (m Mosaic) String() string {
	return m.ID.String() + " : " + strconv.FormatUint(m.Quantity, 10)
}

// compareMosaics orders mosaics as NIS does: by their String form,
// compared as Java compares strings (UTF-16 code units, bytewise for the
// ASCII that valid names contain). It does not allocate.
func compareMosaics(a, b Mosaic) int {
	var ab, bb [256]byte
	x := appendMosaicKey(ab[:0], a)
	y := appendMosaicKey(bb[:0], b)
	return bytes.Compare(x, y)
}

func appendMosaicKey(dst []byte, m Mosaic) []byte {
	dst = append(dst, m.ID.Namespace...)
	dst = append(dst, ':')
	dst = append(dst, m.ID.Name...)
	dst = append(dst, " : "...)
	return strconv.AppendUint(dst, m.Quantity, 10)
}

// checkMosaics requires valid ids, quantities that fit a Java long,
// strictly ascending NIS order and no mosaic id twice (NIS would merge
// duplicates, which changes the bytes).
func (c *checker) mosaics(field string, ms []Mosaic) {
	for i, m := range ms {
		f := fieldName(&mosaicFields, i, 0, field)
		c.mosaicID(fieldName(&mosaicFields, i, 1, field, ".mosaicId"), m.ID)
		c.quantity(fieldName(&mosaicFields, i, 2, field, ".mosaicId", ".quantity"), m.Quantity)
		for j := 0; j < i; j++ {
			if ms[j].ID == m.ID {
				c.fail(f, ErrNonCanonical, "mosaic %s appears twice (NIS would merge them)", m.ID)
			}
		}
		if i > 0 && compareMosaics(ms[i-1], m) >= 0 {
			c.fail(f, ErrNonCanonical, "mosaics must be sorted by their \"namespace:name : quantity\" string: %q comes after %q", ms[i-1], m)
		}
	}
}
