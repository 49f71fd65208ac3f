package testvec

import (
	"fmt"
	"os"

	"github.com/nemcustody/nemcustody/internal/wire"
)

// maxBlockTransaction bounds one transaction of a block file (transaction
// MaxSize).
const maxBlockTransaction = 64 << 10

// ReadBlock reads a NIS block file (a nemesis block): its header, then
// each transaction as u32 length + verifiable bytes. It returns the
// network byte (the top byte of the block's version) and the raw
// transactions.
func ReadBlock(path string) (network byte, txs [][]byte, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, nil, err
	}
	r := wire.NewReader(b)
	if typ := r.U32("type"); typ != 0xFFFFFFFF {
		return 0, nil, fmt.Errorf("testvec: %s: block type 0x%08x, want 0xffffffff", path, typ)
	}
	version := r.U32("version")
	r.U32("timestamp")
	r.ExactBytes("signer", 32)
	r.ExactBytes("signature", 64)
	prev := r.Object("prevBlockHash", 36, 36)
	prev.ExactBytes("data", 32)
	prev.Close(r, "prevBlockHash")
	if h := r.U64("height"); h != 1 {
		return 0, nil, fmt.Errorf("testvec: %s: height %d, want 1", path, h)
	}
	n := r.U32("transactions")
	for range n {
		txs = append(txs, r.Bytes("transaction", 0, maxBlockTransaction))
	}
	if err := r.End("block"); err != nil {
		return 0, nil, fmt.Errorf("testvec: %s: %w", path, err)
	}
	return byte(version >> 24), txs, nil
}
