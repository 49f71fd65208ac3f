package main

import (
	"github.com/nemcustody/nemcustody/sign"
)

var addressGroup = &group{
	name:     "address",
	summary:  "check addresses",
	commands: []*command{addressCheckCmd},
}

var addressCheckCmd = &command{
	name:    "check",
	summary: "check an address's length, alphabet, network and checksum",
	run:     runAddressCheck,
	usage: `Usage: nemcustody address check ADDRESS [--network NETWORK]

Checks a NEM address as people type it (the 40-character form or the dashed
form, any letter case): length, base32 alphabet, a known network byte and the
checksum. With --network, an address of another network is refused. Flags may
come before or after ADDRESS.

A valid address prints JSON: valid (true), address (canonical form),
prettyAddress, network; exit status 0. An invalid one prints the reason on
stderr; exit status 1.

Example:
  nemcustody address check TB3JCH-VARQNG-DS3UVG-AJPTFE-22UQFG-MCQHSB-NBMF --network testnet

Flags:
  --network NETWORK   require mainnet, testnet or mijin
`,
}

func runAddressCheck(e *env, args []string) error {
	flags := newFlagSet("address check")
	network := flags.String("network", "", "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		return usagef("missing ADDRESS")
	case len(pos) > 1:
		return usagef("too many arguments: want one ADDRESS")
	}
	n, haveNetwork, err := networkFlag(*network, false)
	if err != nil {
		return err
	}
	a, err := sign.ParseAddress(pos[0])
	if err != nil {
		return err
	}
	if haveNetwork {
		if err := a.CheckNetwork(n); err != nil {
			return err
		}
	}
	return writeJSON(e, struct {
		Valid         bool         `json:"valid"`
		Address       sign.Address `json:"address"`
		PrettyAddress string       `json:"prettyAddress"`
		Network       sign.Network `json:"network"`
	}{true, a, a.Pretty(), a.Network()})
}
