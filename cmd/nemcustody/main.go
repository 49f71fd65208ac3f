// Command nemcustody makes and checks NEM (NIS1) keys and addresses for a
// multisig, cold-storage custody setup.
//
//	nemcustody key generate --network testnet --out cosigner1.key
//	nemcustody key inspect --network testnet < cosigner1.key
//	nemcustody key derive --network mainnet --account 0 < mnemonic.txt
//	nemcustody address check TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMF
//	nemcustody watch --node https://node:7891 --account TB... --journal vault-a.jsonl
//
// Results are JSON on stdout. Errors are one line on stderr, starting with
// "nemcustody: error:", and nothing is written to stdout. Exit codes: 0 ok,
// 1 failure, 2 usage (unknown command, bad or missing flags), and for
// watch 3 when it raised alerts (one "nemcustody: alert:" line each on
// stderr, one JSON line each on stdout).
//
// Secrets (private keys, mnemonics, passphrases) are read from stdin or from
// files, never from the command line, and are never repeated in errors. A
// private key is printed only when a flag explicitly asks for it.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
