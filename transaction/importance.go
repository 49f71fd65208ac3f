package transaction

import (
	"github.com/nemcustody/nemcustody/internal/wire"
	"github.com/nemcustody/nemcustody/sign"
)

// ImportanceMode says whether an importance transfer links or unlinks the
// remote harvesting account.
type ImportanceMode uint32

// Importance transfer modes.
const (
	ImportanceActivate   ImportanceMode = 1
	ImportanceDeactivate ImportanceMode = 2
)

// ImportanceTransfer (type 0x0801) delegates harvesting to a remote
// account, or stops doing so.
type ImportanceTransfer struct {
	Header
	Mode   ImportanceMode
	Remote sign.PublicKey
}

// Type returns TypeImportanceTransfer.
func (*ImportanceTransfer) Type() Type { return TypeImportanceTransfer }

// AppendBinary appends the non-verifiable serialization.
func (t *ImportanceTransfer) appendBinary(b []byte) ([]byte, error) { return appendTx(b, t) }

// MarshalBinary returns the non-verifiable serialization.
func (t *ImportanceTransfer) MarshalBinary() ([]byte, error) { return t.appendBinary(nil) }

func (t *ImportanceTransfer) appendBody(b []byte) ([]byte, error) {
	b = wire.AppendU32(b, uint32(t.Mode))
	return wire.AppendBytes(b, t.Remote[:]), nil
}

func (t *ImportanceTransfer) parseBody(r *reader) {
	t.Mode = ImportanceMode(r.U32("mode"))
	t.Remote = r.publicKey("remoteAccount")
}

func (t *ImportanceTransfer) check(c *checker) {
	if t.Mode != ImportanceActivate && t.Mode != ImportanceDeactivate {
		c.fail("mode", ErrInvalidField, "unknown importance transfer mode %d", t.Mode)
	}
}
