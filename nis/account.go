package nis

import (
	"context"
	"fmt"
	"math"
	"net/url"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// maxCosignatories is NIS's limit on an account's cosignatories
// (BlockChainConstants.MAX_ALLOWED_COSIGNATORIES_PER_ACCOUNT).
const maxCosignatories = 32

// maxCosignatoryOf bounds the multisig accounts one account is listed as
// a cosignatory of. NIS sets no limit; an answer longer than this is
// refused rather than trusted.
const maxCosignatoryOf = 1024

// Account is what a node reports about an account (GET /account/get:
// NIS's AccountMetaDataPair of AccountInfo and AccountMetaData).
type Account struct {
	Address sign.Address
	// PublicKey is nil when the node does not know the key (the account
	// has never signed anything and was never added as a cosignatory).
	PublicKey *sign.PublicKey
	// Balance and VestedBalance are in micro-XEM.
	Balance, VestedBalance transaction.Amount
	HarvestedBlocks        int64
	// Label is NIS's label, usually empty.
	Label      string
	Importance float64
	// Multisig is nil when the account is not a multisig account.
	Multisig *MultisigInfo
	// Cosignatories are the multisig account's cosignatories, as the node
	// lists them (meta.cosignatories).
	Cosignatories []Cosignatory
	// CosignatoryOf lists the multisig accounts this account cosigns for
	// (meta.cosignatoryOf).
	CosignatoryOf []sign.Address
	// Status is "LOCKED" or "UNLOCKED" (harvesting on this node);
	// RemoteStatus is the remote-harvesting status ("INACTIVE", "ACTIVE",
	// ...). Both are informative.
	Status, RemoteStatus string
}

// MultisigInfo is NIS's MultisigInfo.
type MultisigInfo struct {
	CosignatoriesCount int
	// MinCosignatories is 0 to CosignatoriesCount; 0 means all of them.
	MinCosignatories int
}

// Cosignatory is one cosignatory of a multisig account.
type Cosignatory struct {
	Address sign.Address
	// PublicKey is nil when the node does not report it.
	PublicKey *sign.PublicKey
}

// Required returns how many signatures the account needs for anything
// but a removal, as multisig.State.Required counts them: all
// cosignatories when the stored MinCosignatories is 0 or equals their
// number (NIS's n-of-n mode), else MinCosignatories. It is 0 for an
// account that is not multisig.
func (a *Account) Required() int {
	if a.Multisig == nil {
		return 0
	}
	// Only the number of cosignatories matters here; their keys may be
	// unknown to the node.
	st := multisig.State{Cosignatories: make([]sign.PublicKey, a.Multisig.CosignatoriesCount), MinCosignatories: a.Multisig.MinCosignatories}
	return st.Required()
}

// State returns the account's multisig state as NIS stores it: its
// cosignatories and the stored minCosignatories (0 meaning all of them),
// the model every threshold computation uses (multisig.State). It fails
// if the node did not report a cosignatory's public key, or reports a
// state NIS cannot hold.
func (a *Account) State() (multisig.State, error) {
	var st multisig.State
	if a.Multisig != nil {
		st.MinCosignatories = a.Multisig.MinCosignatories
	}
	for _, c := range a.Cosignatories {
		if c.PublicKey == nil {
			return multisig.State{}, fmt.Errorf("nis: the node did not report the public key of cosignatory %s", c.Address)
		}
		st.Cosignatories = append(st.Cosignatories, *c.PublicKey)
	}
	if err := st.Check(); err != nil {
		return multisig.State{}, fmt.Errorf("nis: account %s: %w", a.Address, err)
	}
	return st, nil
}

// accountInfoJSON is NIS's AccountInfo.
type accountInfoJSON struct {
	Address         *string       `json:"address"`
	PublicKey       *string       `json:"publicKey"`
	Balance         *int64        `json:"balance"`
	VestedBalance   *int64        `json:"vestedBalance"`
	HarvestedBlocks *int64        `json:"harvestedBlocks"`
	Label           *string       `json:"label"`
	Importance      *float64      `json:"importance"`
	MultisigInfo    *multisigJSON `json:"multisigInfo"`
}

// multisigJSON is NIS's MultisigInfo; {} (no multisig) leaves both nil.
type multisigJSON struct {
	CosignatoriesCount *int `json:"cosignatoriesCount"`
	MinCosignatories   *int `json:"minCosignatories"`
}

// accountMetaJSON is NIS's AccountMetaData.
type accountMetaJSON struct {
	Status        *string           `json:"status"`
	RemoteStatus  *string           `json:"remoteStatus"`
	CosignatoryOf []accountInfoJSON `json:"cosignatoryOf"`
	Cosignatories []accountInfoJSON `json:"cosignatories"`
}

// accountPairJSON is NIS's AccountMetaDataPair.
type accountPairJSON struct {
	Account *accountInfoJSON `json:"account"`
	Meta    *accountMetaJSON `json:"meta"`
}

// Account returns the node's view of the account at addr (GET
// /account/get): balance, public key if known, and multisig state. The
// answer is checked: the address must be the one asked for, a public key
// must belong to its address, amounts must not be negative, and the
// multisig counts must agree with the cosignatories listed (at most 32).
func (c *Client) Account(ctx context.Context, addr sign.Address) (*Account, error) {
	if err := addr.Validate(); err != nil {
		return nil, fmt.Errorf("nis: account: %w", err)
	}
	b, err := c.get(ctx, "/account/get", url.Values{"address": {addr.String()}})
	if err != nil {
		return nil, err
	}
	return parseAccount(b, addr)
}

// parseAccount reads and checks an /account/get answer for addr.
func parseAccount(b []byte, addr sign.Address) (*Account, error) {
	var p accountPairJSON
	if err := decodeStrict("account", b, &p); err != nil {
		return nil, err
	}
	if p.Account == nil || p.Meta == nil {
		return nil, badResponse("account: account and meta are required")
	}
	a, err := p.Account.parse("account")
	if err != nil {
		return nil, err
	}
	if a.Address != addr {
		return nil, badResponse("account: the node answered for %s, not %s", a.Address, addr)
	}
	m := p.Meta
	if m.Status == nil || m.RemoteStatus == nil || m.CosignatoryOf == nil || m.Cosignatories == nil {
		return nil, badResponse("account: meta.status, remoteStatus, cosignatoryOf and cosignatories are required")
	}
	a.Status, a.RemoteStatus = clean(*m.Status), clean(*m.RemoteStatus)
	if len(m.Cosignatories) > maxCosignatories || len(m.CosignatoryOf) > maxCosignatoryOf {
		return nil, badResponse("account: too many cosignatories listed")
	}
	seen := map[sign.Address]bool{}
	for i := range m.Cosignatories {
		ci, err := m.Cosignatories[i].parse(fmt.Sprintf("meta.cosignatories[%d]", i))
		if err != nil {
			return nil, err
		}
		if seen[ci.Address] || ci.Address == a.Address || ci.Address.Network() != a.Address.Network() {
			return nil, badResponse("account: cosignatory %s listed twice, or the account itself, or of another network", ci.Address)
		}
		seen[ci.Address] = true
		a.Cosignatories = append(a.Cosignatories, Cosignatory{Address: ci.Address, PublicKey: ci.PublicKey})
	}
	for i := range m.CosignatoryOf {
		ci, err := m.CosignatoryOf[i].parse(fmt.Sprintf("meta.cosignatoryOf[%d]", i))
		if err != nil {
			return nil, err
		}
		a.CosignatoryOf = append(a.CosignatoryOf, ci.Address)
	}
	n := len(a.Cosignatories)
	switch {
	case a.Multisig == nil && n > 0:
		return nil, badResponse("account: cosignatories listed but no multisigInfo")
	case a.Multisig != nil && a.Multisig.CosignatoriesCount != n:
		return nil, badResponse("account: multisigInfo.cosignatoriesCount is %d but %d cosignatories are listed", a.Multisig.CosignatoriesCount, n)
	}
	return a, nil
}

// parse checks one AccountInfo object.
func (j *accountInfoJSON) parse(what string) (*Account, error) {
	if j.Address == nil || j.Balance == nil || j.VestedBalance == nil || j.HarvestedBlocks == nil || j.Importance == nil || j.MultisigInfo == nil {
		return nil, badResponse("%s: address, balance, vestedBalance, harvestedBlocks, importance and multisigInfo are required", what)
	}
	addr, err := sign.ParseCanonicalAddress(*j.Address)
	if err != nil {
		return nil, badResponse("%s: address: %v", what, err)
	}
	a := &Account{Address: addr}
	if j.PublicKey != nil {
		pub, err := sign.ParsePublicKey(*j.PublicKey)
		if err != nil {
			return nil, badResponse("%s: publicKey is not a public key", what)
		}
		if pub.Address(addr.Network()) != addr {
			return nil, badResponse("%s: publicKey does not belong to %s", what, addr)
		}
		a.PublicKey = &pub
	}
	if *j.Balance < 0 || *j.VestedBalance < 0 || *j.VestedBalance > *j.Balance || *j.HarvestedBlocks < 0 {
		return nil, badResponse("%s: negative amounts, or a vested balance above the balance", what)
	}
	a.Balance, a.VestedBalance, a.HarvestedBlocks = transaction.Amount(*j.Balance), transaction.Amount(*j.VestedBalance), *j.HarvestedBlocks
	if j.Label != nil {
		a.Label = clean(*j.Label)
	}
	if imp := *j.Importance; math.IsNaN(imp) || imp < 0 || imp > 1 {
		return nil, badResponse("%s: importance out of range", what)
	}
	a.Importance = *j.Importance
	ms := j.MultisigInfo
	switch {
	case ms.CosignatoriesCount == nil && ms.MinCosignatories == nil:
	case ms.CosignatoriesCount == nil || ms.MinCosignatories == nil:
		return nil, badResponse("%s: multisigInfo needs both cosignatoriesCount and minCosignatories", what)
	default:
		n, m := *ms.CosignatoriesCount, *ms.MinCosignatories
		if n < 1 || n > maxCosignatories || m < 0 || m > n {
			return nil, badResponse("%s: multisigInfo %d of %d is out of range", what, m, n)
		}
		a.Multisig = &MultisigInfo{CosignatoriesCount: n, MinCosignatories: m}
	}
	return a, nil
}
