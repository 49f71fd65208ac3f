package transaction

import (
	"sync"

	"github.com/nemcustody/nemcustody/internal/keccak"
)

// encodeBuffers recycles the buffers HashOf encodes into.
var encodeBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// HashOf returns the transaction hash: Keccak-256 of the non-verifiable
// bytes, the hash explorers show and NIS's hash cache records. For a
// multisig wrapper this is the wrapper's hash; see InnerHash.
func HashOf(tx Transaction) (Hash, error) {
	if isNil(tx) {
		return Hash{}, errNoTransaction()
	}
	bp := encodeBuffers.Get().(*[]byte)
	defer encodeBuffers.Put(bp)
	b, err := tx.appendBinary((*bp)[:0])
	if err != nil {
		return Hash{}, err
	}
	*bp = b[:0]
	return keccak.Sum256(b), nil
}

// InnerHash returns the hash of a wrapper's inner transaction: what every
// cosignature names in OtherHash and what NIS reports as
// innerTransactionHash.
func InnerHash(ms *Multisig) (Hash, error) {
	if ms == nil {
		return Hash{}, errNoTransaction()
	}
	if isNil(ms.Inner) {
		return Hash{}, fieldErr("otherTrans", ErrMalformed, "no inner transaction")
	}
	return HashOf(ms.Inner)
}
