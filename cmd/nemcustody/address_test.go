package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
)

type checkJSON struct {
	Valid         bool   `json:"valid"`
	Address       string `json:"address"`
	PrettyAddress string `json:"prettyAddress"`
	Network       string `json:"network"`
}

func TestAddressCheckValid(t *testing.T) {
	const (
		testnet = "TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMF"
		mainnet = "NDD2CT6LQLIYQ56KIXI3ENTM6EK3D44P5JFXJ4R4"
	)
	for _, tc := range []struct {
		name string
		args []string
		want checkJSON
	}{
		{"testnet", []string{testnet}, checkJSON{true, testnet, "TB3JCH-VARQNG-DS3UVG-AJPTFE-22UQFG-MCQHSB-NBMF", "testnet"}},
		{"mainnet", []string{mainnet}, checkJSON{true, mainnet, "NDD2CT-6LQLIY-Q56KIX-I3ENTM-6EK3D4-4P5JFX-J4R4", "mainnet"}},
		{"network before", []string{"--network", "testnet", testnet}, checkJSON{true, testnet, "TB3JCH-VARQNG-DS3UVG-AJPTFE-22UQFG-MCQHSB-NBMF", "testnet"}},
		{"network after", []string{testnet, "--network", "testnet"}, checkJSON{true, testnet, "TB3JCH-VARQNG-DS3UVG-AJPTFE-22UQFG-MCQHSB-NBMF", "testnet"}},
		{"network after with =", []string{mainnet, "--network=MAINNET"}, checkJSON{true, mainnet, "NDD2CT-6LQLIY-Q56KIX-I3ENTM-6EK3D4-4P5JFX-J4R4", "mainnet"}},
		{"pretty lower case", []string{"tb3jch-varqng-ds3uvg-ajptfe-22uqfg-mcqhsb-nbmf"}, checkJSON{true, testnet, "TB3JCH-VARQNG-DS3UVG-AJPTFE-22UQFG-MCQHSB-NBMF", "testnet"}},
		{"after --", []string{"--network", "testnet", "--", testnet}, checkJSON{true, testnet, "TB3JCH-VARQNG-DS3UVG-AJPTFE-22UQFG-MCQHSB-NBMF", "testnet"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got checkJSON
			requireOK(t, runCLI(t, "", append([]string{"address", "check"}, tc.args...)...), &got)
			require.Equal(t, tc.want, got)
		})
	}

	// An address made by key inspect checks.
	k, err := sign.GenerateKey(nil)
	require.NoError(t, err)
	defer k.Destroy()
	priv, err := k.ExportNISHex()
	require.NoError(t, err)
	var gen keyJSON
	requireOK(t, runCLI(t, priv, "key", "inspect", "--network", "mijin"), &gen)
	var got checkJSON
	requireOK(t, runCLI(t, "", "address", "check", gen.PrettyAddress, "--network", "mijin"), &got)
	require.Equal(t, gen.Address, got.Address)
	require.Equal(t, "mijin", got.Network)
}

func TestAddressCheckInvalid(t *testing.T) {
	const testnet = "TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMF"
	for _, tc := range []struct {
		name   string
		args   []string
		reason string
	}{
		{"checksum mismatch", []string{"TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMG"}, "checksum"},
		{"one character changed", []string{"TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBME"}, "checksum"},
		{"wrong network", []string{testnet, "--network", "mainnet"}, "wrong network"},
		{"wrong network, flag first", []string{"--network", "mijin", testnet}, "wrong network"},
		{"too short", []string{testnet[:39]}, "characters"},
		{"too long", []string{testnet + "A"}, "characters"},
		{"empty", []string{""}, "characters"},
		{"not base32", []string{"TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBM1"}, "base32"},
		{"unknown network byte", []string{"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, "unknown network"},
		{"public key", []string{"edfd32f6e760648c032f9acb4b30d514265f6a5b5f8a7154f2618922b4062084"}, "characters"},
		{"control characters", []string{"TB3JCHVARQNG\nDS3UVGAJPTFE22UQFGMCQHSBNBMF"}, "invalid address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"address", "check"}, tc.args...)...)
			requireFailure(t, r)
			require.Contains(t, r.stderr, tc.reason)
			require.False(t, strings.Contains(r.stderr, "\"valid\""))
		})
	}
}
