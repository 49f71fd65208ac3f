package sign

import (
	"fmt"
	"strings"
)

// Network is a NEM (NIS1) network, identified by the version byte that
// starts every address and the top byte of every transaction version.
type Network byte

// The NIS1 networks. There is no "mijin test" network in NIS1; 0x90 exists
// only in Catapult SDKs and is rejected here.
const (
	Mainnet Network = 0x68 // addresses start with N
	Testnet Network = 0x98 // addresses start with T
	Mijin   Network = 0x60 // private mijin chains; addresses start with M
)

// Networks lists every network this package knows, in a stable order.
var Networks = []Network{Mainnet, Testnet, Mijin}

// Valid reports whether n is one of Mainnet, Testnet or Mijin.
func (n Network) Valid() bool {
	return n == Mainnet || n == Testnet || n == Mijin
}

// String returns "mainnet", "testnet" or "mijin", or a hex form such as
// "network(0x90)" for an unknown byte.
func (n Network) String() string {
	switch n {
	case Mainnet:
		return "mainnet"
	case Testnet:
		return "testnet"
	case Mijin:
		return "mijin"
	}
	return fmt.Sprintf("network(0x%02x)", byte(n))
}

// ParseNetwork parses a network name: "mainnet", "testnet" or "mijin"
// ("mijinnet", NIS's own name, is accepted too), in any letter case.
func ParseNetwork(name string) (Network, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "mainnet":
		return Mainnet, nil
	case "testnet":
		return Testnet, nil
	case "mijin", "mijinnet":
		return Mijin, nil
	}
	return 0, fmt.Errorf("sign: %w: want mainnet, testnet or mijin", ErrUnknownNetwork)
}

// MarshalText implements encoding.TextMarshaler; unknown networks fail.
func (n Network) MarshalText() ([]byte, error) {
	if !n.Valid() {
		return nil, fmt.Errorf("sign: %w: 0x%02x", ErrUnknownNetwork, byte(n))
	}
	return []byte(n.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseNetwork.
func (n *Network) UnmarshalText(text []byte) error {
	v, err := ParseNetwork(string(text))
	if err != nil {
		return err
	}
	*n = v
	return nil
}
