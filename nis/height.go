package nis

import (
	"context"
)

// chainHeight is NIS's BlockHeight: {"height": N}.
type chainHeight struct {
	Height *int64 `json:"height"`
}

// ChainHeight returns the height of the node's last block (GET
// /chain/height, ChainController.chainHeight): what the confirmations of
// a transaction at height h are counted from (height - h + 1). The answer
// must be a height, 1 or more.
func (c *Client) ChainHeight(ctx context.Context) (uint64, error) {
	b, err := c.get(ctx, "/chain/height", nil)
	if err != nil {
		return 0, err
	}
	var h chainHeight
	if err := decodeStrict("chain height", b, &h); err != nil {
		return 0, err
	}
	if h.Height == nil {
		return 0, badResponse("chain height: height is required")
	}
	if *h.Height < 1 {
		return 0, badResponse("chain height: %d is not a block height", *h.Height)
	}
	return uint64(*h.Height), nil
}
