// Command nemcustody runs a NEM (NIS1) multisig, cold-storage custody setup:
// keys in encrypted keystores, custody plans, signing requests built online,
// reviewed and signed on air-gapped machines under a policy with a signing
// journal, and combined back into announce payloads.
//
//	nemcustody key generate --network testnet --label "vault A" --out vault-a.age
//	nemcustody plan create --network testnet --account $ACCOUNT --threshold 2 --cosigner ... --out plan.json
//	nemcustody policy init --template withdrawal --network testnet --recipient $TO --out policy.json
//	nemcustody node time --node https://node:7891
//	nemcustody request transfer --plan plan.json --initiator-keystore hot.age --to $TO --amount 250 \
//	    --node https://node:7891 --out request.txt --wrapper-out wrapper.json
//	nemcustody sign request.txt --keystore vault-a.age --policy policy.json --journal journal.jsonl \
//	    --plan plan.json --out response.txt
//	nemcustody sign request.txt ... --dry-run                 # every policy verdict, nothing signed or journaled
//	nemcustody combine request.txt response.txt --plan plan.json --presigned wrapper.json > announce.jsonl
//	nemcustody announce --node https://node:7891 announce.jsonl
//	nemcustody account --node https://node:7891 --plan plan.json
//	nemcustody payout submit --store payouts.sqlite --plan plan.json --id W-1042 --to $TO --amount 250
//	nemcustody payout build --store payouts.sqlite --plan plan.json --initiator-keystore hot.age \
//	    --node https://node:7891 --out batch-1.txt     # then: sign, payout announce, payout status --node
//	nemcustody journal show journal.jsonl --policy policy.json
//	nemcustody qr encode --png codes/ request.txt
//	nemcustody qr decode scanned.txt > request.txt          # or: qr decode --image codes/*.png
//	nemcustody watch --node https://node:7891 --account TB... --journal vault-a.jsonl
//	nemcustody key backup --keystore vault-a.age --group 2-of-3     # SLIP-39 shares, shown one at a time
//	nemcustody key restore --network testnet --kind seed --address TB... --label "vault A" --out restored.age
//	nemcustody plan health challenge --plan plan.json --record health.json
//	nemcustody key prove --keystore vault-a.age --plan plan.json --challenge $C --out vault-a.proof
//	nemcustody plan health accept --plan plan.json --record health.json vault-a.proof
//
// Results are JSON on stdout (review, journal show and tx decode --summary
// print text for people unless asked for JSON, sign the response envelope,
// combine one announce object per line, qr codes or the payload). Unknown
// flags are named when they look like flag names, never with their value;
// --version prints the version. Errors are one line on
// stderr, starting with "nemcustody: error:", and nothing is written to
// stdout. Exit codes: 0 ok, 1 failure, 2 usage (unknown command, bad or
// missing flags), and for watch 3 when it raised alerts (one
// "nemcustody: alert:" line each on stderr, one JSON line each on stdout).
//
// Secrets (private keys, mnemonics, shares, passphrases) are read from
// stdin, files, file descriptors or the terminal, never from the command
// line, and are never repeated in errors. A private key is printed only
// when a flag explicitly asks for it; SLIP-39 shares are shown on the
// terminal only (/dev/tty, one at a time), or written to new files when a
// flag asks. Files are created new, never overwritten: each is written to
// a temporary file beside its name, fsynced and linked into place, so a
// crash leaves the whole file or none (the journal heads and key health
// records, online-side state, are replaced atomically). A temporary file
// left by a killed run (".nemcustody-tmp-...") is named in a warning by
// the next run that writes to that directory; it is not an output.
package main
