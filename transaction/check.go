package transaction

import (
	"fmt"

	"github.com/nemcustody/nemcustody/sign"
)

// Check reports whether tx is a transaction NIS would deserialize without
// complaint and re-serialize to the same bytes, so that a signature over
// its encoding verifies on a node:
//
//   - a known network, a version the type has, times and amounts that fit
//     NIS's Java int and long;
//   - every enum value known, every name matching NIS's patterns, the
//     mosaic definition's creator equal to the signer;
//   - canonical form: modifications sorted by type then address string,
//     mosaics sorted by their "ns:name : quantity" string, no duplicates,
//     no empty message object, the four mosaic properties;
//   - every address, inner transaction and cosignature on tx's network.
//
// Parse applies Check to everything it accepts. Validate adds the rules
// NIS's validators apply later (fees, deadlines, sizes, counts).
func Check(tx Transaction) error {
	if isNil(tx) {
		return errNoTransaction()
	}
	c := &checker{net: tx.Common().Network}
	c.tx(tx)
	return c.err
}

// checkParsed is Check for what the parser just read: it validated every
// address's characters and checksum as it read them (reader.address), so
// the checksums are not computed again.
func checkParsed(tx Transaction) error {
	c := &checker{net: tx.Common().Network, parsed: true}
	c.tx(tx)
	return c.err
}

// checker collects the first failure, with the path of the field.
type checker struct {
	net    sign.Network
	prefix string
	err    error
	// parsed: the addresses were read by the parser, which validated
	// them (sign.AddressFromBytes).
	parsed bool
}

func (c *checker) fail(field string, sentinel error, format string, args ...any) {
	if c.err == nil {
		c.err = fieldErr(c.prefix+field, sentinel, format, args...)
	}
}

// failWrap is fail for a refusal by another package: the error wraps both
// sentinel and err, whose text is kept as it is.
func (c *checker) failWrap(field string, sentinel, err error) {
	if c.err == nil {
		c.err = &FieldError{Field: c.prefix + field, Err: fmt.Errorf("%w: %w", sentinel, err)}
	}
}

func (c *checker) tx(tx Transaction) {
	h := tx.Common()
	t := tx.Type()
	if t.maxVersion() == 0 {
		c.fail("type", ErrUnknownType, "0x%04x", uint32(t))
		return
	}
	if !h.Network.Valid() {
		c.fail("version", sign.ErrWrongNetwork, "network byte 0x%02x", byte(h.Network))
	}
	if h.Network != c.net {
		c.fail("version", sign.ErrWrongNetwork, "%s transaction inside a %s one", h.Network, c.net)
	}
	if h.Version < 1 || h.Version > t.maxVersion() {
		c.fail("version", ErrVersion, "%s has no version %d", t, h.Version)
	}
	c.time("timeStamp", h.Timestamp)
	c.time("deadline", h.Deadline)
	c.amount("fee", h.Fee)
	checkBody(tx, c)
}

// checkBody calls the body check of tx's concrete type; see parseBody for
// why it is a type switch.
func checkBody(tx Transaction, c *checker) {
	switch t := tx.(type) {
	case *Transfer:
		t.check(c)
	case *ImportanceTransfer:
		t.check(c)
	case *MultisigAggregateModification:
		t.check(c)
	case *MultisigSignature:
		t.check(c)
	case *Multisig:
		t.check(c)
	case *ProvisionNamespace:
		t.check(c)
	case *MosaicDefinitionCreation:
		t.check(c)
	case *MosaicSupplyChange:
		t.check(c)
	}
}

func (c *checker) time(field string, t Timestamp) {
	if t > MaxTimestamp {
		c.fail(field, ErrInvalidField, "%d is above NIS's largest time (2^31-1)", uint32(t))
	}
}

func (c *checker) amount(field string, a Amount) {
	if a > MaxAmount {
		c.fail(field, ErrInvalidField, "%d is above NIS's largest amount (2^63-1)", uint64(a))
	}
}

func (c *checker) quantity(field string, q uint64) {
	if q > uint64(MaxAmount) {
		c.fail(field, ErrInvalidField, "%d is above NIS's largest quantity (2^63-1)", q)
	}
}

func (c *checker) address(field string, a sign.Address) {
	if c.parsed {
		// Validated by the parser; only the network is left.
	} else if err := a.Validate(); err != nil {
		c.failWrap(field, ErrInvalidField, err)
		return
	}
	if a.Network() != c.net {
		c.fail(field, sign.ErrWrongNetwork, "%s address in a %s transaction", a.Network(), c.net)
	}
}

func (c *checker) mosaicID(field string, id MosaicID) {
	if sub, why := id.problem(); sub != "" {
		c.fail(field+"."+sub, ErrInvalidField, "%s", why)
	}
}

// child checks a nested transaction (an inner transaction or a
// cosignature) with the field prefix extended.
func (c *checker) child(field string, tx Transaction) {
	if isNil(tx) {
		c.fail(field, ErrMalformed, "missing")
		return
	}
	saved := c.prefix
	c.prefix = saved + field + "."
	c.tx(tx)
	c.prefix = saved
}
