package nis

import (
	"context"
	"fmt"
	"net/url"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
	"github.com/nemcustody/nemcustody/transaction/nisjson"
)

// MosaicDefinition returns the node's definition of a mosaic (GET
// /mosaic/definition?mosaicId=namespace:name,
// MosaicDefinitionController.getMosaicDefinition): NIS's MosaicDefinition
// JSON, read strictly (nisjson.DecodeMosaicDefinition) with every
// address on network n, and refused unless it is the definition of id. A
// mosaic the node does not know is a *StatusError (404) wrapping
// ErrRejected.
//
// The answer is the node's word, and the node is untrusted: a request
// carries it to the offline signer, which checks its levy against the one
// its policy pins (coldwallet.PolicyMosaic); the watcher uses it to count
// levies in outflows.
func (c *Client) MosaicDefinition(ctx context.Context, id transaction.MosaicID, n sign.Network) (*transaction.MosaicDefinition, error) {
	if err := id.Validate(); err != nil {
		return nil, fmt.Errorf("nis: mosaic definition: %w", err)
	}
	b, err := c.get(ctx, "/mosaic/definition", url.Values{"mosaicId": {id.String()}})
	if err != nil {
		return nil, err
	}
	if err := checkJSON(b); err != nil {
		return nil, badResponse("mosaic definition: %v", err)
	}
	d, err := nisjson.DecodeMosaicDefinition(b, n)
	if err != nil {
		return nil, badResponse("mosaic definition: %v", err)
	}
	if d.ID != id {
		return nil, badResponse("mosaic definition: the node answered for %s, not %s", d.ID, id)
	}
	return d, nil
}

// mosaicSupplyJSON is NIS's MosaicIdSupplyPair.
type mosaicSupplyJSON struct {
	MosaicID *struct {
		NamespaceID *string `json:"namespaceId"`
		Name        *string `json:"name"`
	} `json:"mosaicId"`
	Supply *int64 `json:"supply"`
}

// MosaicSupply returns a mosaic's current supply in whole units (GET
// /mosaic/supply?mosaicId=namespace:name, MosaicController
// .getMosaicSupply), what the fee of a transfer of it depends on
// (transaction.MosaicSupply): the initial supply and every supply change
// since. The answer must name id and a supply within NIS's range.
func (c *Client) MosaicSupply(ctx context.Context, id transaction.MosaicID) (uint64, error) {
	if err := id.Validate(); err != nil {
		return 0, fmt.Errorf("nis: mosaic supply: %w", err)
	}
	b, err := c.get(ctx, "/mosaic/supply", url.Values{"mosaicId": {id.String()}})
	if err != nil {
		return 0, err
	}
	var p mosaicSupplyJSON
	if err := decodeStrict("mosaic supply", b, &p); err != nil {
		return 0, err
	}
	if p.MosaicID == nil || p.MosaicID.NamespaceID == nil || p.MosaicID.Name == nil || p.Supply == nil {
		return 0, badResponse("mosaic supply: mosaicId.namespaceId, mosaicId.name and supply are required")
	}
	if got := (transaction.MosaicID{Namespace: *p.MosaicID.NamespaceID, Name: *p.MosaicID.Name}); got != id {
		return 0, badResponse("mosaic supply: the node answered for %s, not %s", clean(got.String()), id)
	}
	if *p.Supply < 0 || *p.Supply > transaction.MaxQuantity {
		return 0, badResponse("mosaic supply: %d whole units is out of range", *p.Supply)
	}
	return uint64(*p.Supply), nil
}
