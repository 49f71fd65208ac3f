package transaction

import (
	"fmt"
	"strings"

	"github.com/nemcustody/nemcustody/internal/nisform"
	"github.com/nemcustody/nemcustody/internal/wire"
	"github.com/nemcustody/nemcustody/sign"
)

// ProvisionNamespace (type 0x2001) rents a root namespace or creates a
// sub-namespace. The rental fee goes to the namespace sink account.
type ProvisionNamespace struct {
	Header
	RentalFeeSink sign.Address
	RentalFee     Amount
	// NewPart is the new level's name: [a-z0-9][a-z0-9_-]*, at most 16
	// characters for a root, 64 below.
	NewPart string
	// Parent is the parent namespace ("alice" or "alice.shop"), or "" to
	// rent a root namespace (written as a null string).
	Parent string
}

// Type returns TypeProvisionNamespace.
func (*ProvisionNamespace) Type() Type { return TypeProvisionNamespace }

// AppendBinary appends the non-verifiable serialization.
func (t *ProvisionNamespace) appendBinary(b []byte) ([]byte, error) { return appendTx(b, t) }

// MarshalBinary returns the non-verifiable serialization.
func (t *ProvisionNamespace) MarshalBinary() ([]byte, error) { return t.appendBinary(nil) }

func (t *ProvisionNamespace) appendBody(b []byte) ([]byte, error) {
	b = appendAddress(b, t.RentalFeeSink)
	b = wire.AppendU64(b, uint64(t.RentalFee))
	b = wire.AppendString(b, t.NewPart)
	if t.Parent == "" {
		return wire.AppendU32(b, wire.NullLength), nil
	}
	return wire.AppendString(b, t.Parent), nil
}

func (t *ProvisionNamespace) parseBody(r *reader) {
	t.RentalFeeSink = r.address("rentalFeeSink")
	t.RentalFee = Amount(r.U64("rentalFee"))
	t.NewPart = r.str("newPart", nisform.MaxString)
	at := r.Pos()
	parent, ok := r.optStr("parent", nisform.MaxString)
	if ok && parent == "" {
		r.FailAt(at, "parent", fmt.Errorf("%w: empty parent (a root namespace has a null parent)", ErrInvalidField))
	}
	t.Parent = parent
}

// FullName returns the namespace being provisioned: "parent.newPart", or
// newPart for a root.
func (t *ProvisionNamespace) FullName() string {
	if t.Parent == "" {
		return t.NewPart
	}
	return t.Parent + "." + t.NewPart
}

func (t *ProvisionNamespace) check(c *checker) {
	c.address("rentalFeeSink", t.RentalFeeSink)
	c.amount("rentalFee", t.RentalFee)
	if t.Parent != "" {
		if why := namespaceError(t.Parent, maxNamespaceDepth-1); why != "" {
			c.fail("parent", ErrInvalidField, "%s", why)
		}
	}
	limit := maxRootLength
	if t.Parent != "" {
		limit = maxSublevelLength
	}
	switch {
	case !validNamespacePart(t.NewPart) || strings.Contains(t.NewPart, "."):
		c.fail("newPart", ErrInvalidField, "%q does not match [a-z0-9][a-z0-9_-]*", t.NewPart)
	case len(t.NewPart) > limit:
		c.fail("newPart", ErrInvalidField, "longer than %d characters", limit)
	}
}
