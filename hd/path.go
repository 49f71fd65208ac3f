package hd

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nemcustody/nemcustody/sign"
)

// hardened is the bit that marks a hardened SLIP-10 index.
const hardened = 1 << 31

// Path is a SLIP-10 derivation path. Every level is hardened (Ed25519
// SLIP-10 has no other kind); the values are stored without the hardened
// bit, so NEMPath(sign.Mainnet, 0) is {44, 43, 0, 0, 0}.
type Path []uint32

// coinType is the SLIP-44 coin type of the path on network n: 1 for
// testnet, 43 for mainnet and mijin, as hardware wallets do.
func coinType(n sign.Network) uint32 {
	if n == sign.Testnet {
		return 1
	}
	return 43
}

// NEMPath returns the path hardware wallets use for NEM account number
// account: m/44'/43'/account'/0'/0' on mainnet and mijin, coin type 1
// (m/44'/1'/account'/0'/0') on testnet.
func NEMPath(n sign.Network, account uint32) (Path, error) {
	if !n.Valid() {
		return nil, fmt.Errorf("hd: %w: 0x%02x", sign.ErrUnknownNetwork, byte(n))
	}
	if account >= hardened {
		return nil, fmt.Errorf("hd: %w: account %d is not below 2^31", ErrInvalidPath, account)
	}
	return Path{44, coinType(n), account, 0, 0}, nil
}

// ParsePath parses the "m/44'/43'/0'/0'/0'" form. Every level must be
// marked hardened with ', h or H; an unhardened level is refused rather
// than silently hardened.
func ParsePath(s string) (Path, error) {
	parts := strings.Split(s, "/")
	if len(parts) < 2 || parts[0] != "m" {
		return nil, fmt.Errorf("hd: %w: must start with m/ and have at least one level", ErrInvalidPath)
	}
	p := make(Path, 0, len(parts)-1)
	for i, part := range parts[1:] {
		num, ok := strings.CutSuffix(part, "'")
		if !ok {
			num, ok = strings.CutSuffix(part, "h")
		}
		if !ok {
			num, ok = strings.CutSuffix(part, "H")
		}
		if !ok {
			return nil, fmt.Errorf("hd: %w: level %d is not hardened (Ed25519 derivation is hardened-only)", ErrInvalidPath, i+1)
		}
		v, err := strconv.ParseUint(num, 10, 32)
		if err != nil || v >= hardened || (len(num) > 1 && num[0] == '0') {
			return nil, fmt.Errorf("hd: %w: level %d is not a number below 2^31", ErrInvalidPath, i+1)
		}
		p = append(p, uint32(v))
	}
	return p, nil
}

// String returns the path as m/44'/43'/0'/0'/0'.
func (p Path) String() string {
	var b strings.Builder
	b.WriteString("m")
	for _, v := range p {
		b.WriteByte('/')
		b.WriteString(strconv.FormatUint(uint64(v), 10))
		b.WriteByte('\'')
	}
	return b.String()
}
