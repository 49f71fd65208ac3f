package transaction

import (
	"fmt"

	"github.com/nemcustody/nemcustody/internal/nisform"
	"github.com/nemcustody/nemcustody/internal/wire"
	"github.com/nemcustody/nemcustody/sign"
)

// MessageType says how to read a message payload. NIS only stores it.
type MessageType uint32

// Message types.
const (
	MessagePlain     MessageType = 1 // payload is the message bytes (usually UTF-8)
	MessageEncrypted MessageType = 2 // payload is encrypted to the recipient (see package transaction/message)
)

// Message is a transfer's message. A transfer without a message has a nil
// *Message; NIS turns an empty message into no message, so an empty
// payload is not canonical.
type Message struct {
	Type    MessageType
	Payload []byte
}

// Limits NIS applies to transfers.
const (
	// MaxMessageSize is the largest message payload NIS accepts
	// (TransferTransactionValidator, after the remote-account fork).
	MaxMessageSize = 1024
	// MaxMosaics is the most mosaics a transfer may carry, not counting
	// nem:xem (MosaicBagValidator).
	MaxMosaics = 10
	// maxMosaicsParsed bounds the list a parser reads: ten plus nem:xem.
	maxMosaicsParsed = MaxMosaics + 1
)

// Transfer (type 0x0101) moves XEM, and in version 2 mosaics, to the
// recipient.
//
// Version 1, or version 2 with no mosaics: Amount micro-XEM move. Version 2
// with mosaics: Amount is a multiplier, and each mosaic moves
// Amount × Quantity / 1,000,000 of its smallest unit; XEM moves only if
// nem:xem is among the mosaics. Use Amount = 1 XEM for literal quantities.
type Transfer struct {
	Header
	Recipient sign.Address
	Amount    Amount
	Message   *Message
	// Mosaics are only allowed in version 2, sorted as NIS sorts them
	// (Canonicalize sorts them).
	Mosaics []Mosaic
}

// Type returns TypeTransfer.
func (*Transfer) Type() Type { return TypeTransfer }

// AppendBinary appends the non-verifiable serialization.
func (t *Transfer) appendBinary(b []byte) ([]byte, error) { return appendTx(b, t) }

// MarshalBinary returns the non-verifiable serialization.
func (t *Transfer) MarshalBinary() ([]byte, error) { return t.appendBinary(nil) }

func (t *Transfer) appendBody(b []byte) ([]byte, error) {
	if t.Version == 1 && len(t.Mosaics) > 0 {
		return b, fieldErr("mosaics", ErrVersion, "a version 1 transfer cannot carry mosaics")
	}
	b = appendAddress(b, t.Recipient)
	b = wire.AppendU64(b, uint64(t.Amount))
	if t.Message == nil {
		b = wire.AppendU32(b, 0)
	} else {
		var m int
		b, m = wire.BeginObject(b)
		b = wire.AppendU32(b, uint32(t.Message.Type))
		b = wire.AppendBytes(b, t.Message.Payload)
		b = wire.EndObject(b, m)
	}
	if t.Version == 2 {
		b = wire.AppendU32(b, uint32(len(t.Mosaics)))
		for _, mo := range t.Mosaics {
			var m int
			b, m = wire.BeginObject(b)
			b = appendMosaicID(b, mo.ID)
			b = wire.AppendU64(b, mo.Quantity)
			b = wire.EndObject(b, m)
		}
	}
	return b, nil
}

func (t *Transfer) parseBody(r *reader) {
	t.Recipient = r.address("recipient")
	t.Amount = Amount(r.U64("amount"))
	if o := (reader{r.Object("message", 0, 8+nisform.MaxBytes)}); o.Len() > 0 {
		t.Message = &Message{Type: MessageType(o.U32("message.type"))}
		t.Message.Payload = append([]byte{}, o.Bytes("message.payload", 0, nisform.MaxBytes)...)
		o.Close(&r.Reader, "message")
	} else {
		o.Close(&r.Reader, "message")
	}
	if t.Version == 2 {
		at := r.Pos()
		n := r.U32("mosaics")
		if n > maxMosaicsParsed {
			r.FailAt(at, "mosaics", fmt.Errorf("%w: %d mosaics, at most %d", ErrMalformed, n, maxMosaicsParsed))
			return
		}
		if n > 0 {
			t.Mosaics = make([]Mosaic, 0, n)
		}
		for i := range int(n) {
			f := fieldName(&mosaicFields, i, 0, "mosaics")
			o := reader{r.Object(f, 20, 4+8+nisform.MaxString*8+8)}
			id := o.mosaicID(fieldName(&mosaicFields, i, 1, "mosaics", ".mosaicId"))
			q := o.U64(fieldName(&mosaicFields, i, 2, "mosaics", ".mosaicId", ".quantity"))
			o.Close(&r.Reader, f)
			if r.Err() != nil {
				return
			}
			t.Mosaics = append(t.Mosaics, Mosaic{ID: id, Quantity: q})
		}
	}
}

func (t *Transfer) check(c *checker) {
	c.address("recipient", t.Recipient)
	c.amount("amount", t.Amount)
	if m := t.Message; m != nil {
		if m.Type != MessagePlain && m.Type != MessageEncrypted {
			c.fail("message.type", ErrInvalidField, "unknown message type %d", m.Type)
		}
		if len(m.Payload) == 0 {
			c.fail("message", ErrNonCanonical, "an empty message must be written as no message")
		}
		if len(m.Payload) > nisform.MaxBytes {
			c.fail("message.payload", ErrInvalidField, "%d bytes, NIS reads at most %d", len(m.Payload), nisform.MaxBytes)
		}
	}
	if t.Version == 1 && len(t.Mosaics) > 0 {
		c.fail("mosaics", ErrVersion, "a version 1 transfer cannot carry mosaics")
	}
	if len(t.Mosaics) > maxMosaicsParsed {
		c.fail("mosaics", ErrTooManyMosaics, "%d mosaics, at most %d plus nem:xem", len(t.Mosaics), MaxMosaics)
	}
	c.mosaics("mosaics", t.Mosaics)
}
