// Package nistest is an in-memory NEM NIS1 node for testing code that talks
// to NIS, in the spirit of net/http/httptest: an exchange backend, a
// watcher, a custody ceremony script, this module's own tests. It speaks
// enough of NIS's REST API, with NIS's JSON shapes and answers, and applies
// the NIS rules that matter to multisig custody, so that a test can walk a
// whole withdrawal (conversion, wrapper, cosignatures, announce, block)
// without a network:
//
//	node := nistest.New(sign.Testnet, 367_856_452) // network time, seconds
//	node.Fund(account, 1_000_000*transaction.XEM)
//	node.AutoHarvest = true                          // or node.Harvest() when the test decides
//	srv := httptest.NewServer(node)
//	defer srv.Close()
//	c := &nis.Client{BaseURL: srv.URL}
//
// The node's clock is set by the test (New, SetTime, Advance) and never
// read from the system, so deadlines and timestamps behave the same on
// every run.
//
// # What it simulates
//
//   - The multisig state model, through multisig.State (NIS's
//     MultisigLinks): cosignatories and the STORED minCosignatories value,
//     0 meaning "all must sign"; a conversion without a min-cosignatories
//     change stores 0; a later change is relative and added to the stored
//     value (MultisigMinCosignatoriesModificationObserver); at most one
//     removal per modification; the range checks
//     (NumCosignatoryRangeValidator); a multisig account signs nothing
//     itself (MultisigNonOperationalValidator).
//   - Signature counting (MultisigSignaturesPresentValidator): the
//     wrapper's signer counts as one; a cosigner being removed is neither
//     counted nor required, and in n-of-n mode the removal needs every
//     other cosigner. A wrapper stays in the unconfirmed pool until it has
//     the signatures; Harvest includes it only then.
//   - A cosignature announced before its wrapper is in the pool is refused
//     with FAILURE_MULTISIG_NO_MATCHING_MULTISIG (73), as is one by the
//     wrapper's initiator or by a key that is not a cosignatory
//     (MultisigSignatureMatchPredicate).
//   - Deadlines and timestamps against the node's clock
//     (transaction.CheckTimes: a deadline passed, more than 24 h after the
//     timestamp, a timestamp more than 10 s ahead); expired transactions
//     are dropped from the pool at the next block.
//   - Fees and balances: NIS's current minimum fees and every other rule
//     of transaction.Validate. Balances move as transaction.Debits says NIS
//     moves them: the debtor (the multisig account for a wrapper and its
//     cosignatures) pays every fee, the XEM and mosaics moved and the
//     levies of the mosaic definitions the node holds (DefineMosaic), and
//     each recipient is credited; a debtor whose balance, less what its
//     pool transactions will spend, does not cover the cost is refused
//     (FAILURE_INSUFFICIENT_BALANCE).
//   - The push service's hash cache: the answer to a hash is repeated for
//     CacheTTL (PushCacheTTL, ten minutes), SUCCESS repeated as NEUTRAL;
//     with NeutralFirst, NEUTRAL is cached before validation, as NIS does,
//     so a refused transaction announced again can be answered NEUTRAL. A
//     transaction already in the pool is NEUTRAL, one in the chain
//     FAILURE_HASH_EXISTS, a signature that does not verify
//     FAILURE_SIGNATURE_NOT_VERIFIABLE, another network
//     FAILURE_WRONG_NETWORK.
//   - Pages: /account/transfers/{all,incoming,outgoing} newest first, below
//     the "id" parameter, pageSize clamped to 5..100 (default 25);
//     /account/unconfirmedTransactions lists the 25 newest pool
//     transactions involving the account.
//
// Endpoints: GET /time-sync/network-time, /chain/height, /account/get,
// /account/unconfirmedTransactions, /account/transfers/{all,incoming,
// outgoing}, /mosaic/definition, /mosaic/supply; POST
// /transaction/announce. Answers have NIS's JSON shapes
// (CommunicationTimeStamps, BlockHeight, AccountMetaDataPair, SerializableList of
// TransactionMetaDataPair and UnconfirmedTransactionMetaDataPair,
// MosaicDefinition, MosaicIdSupplyPair, NemAnnounceResult) and errors
// NIS's ErrorResponse.
//
// # What it does not simulate
//
// It is not a blockchain and not a full NIS. It has no blocks beyond a
// height counter, no forks, rollbacks, harvesting rewards or importance
// (vested balance equals balance, importance is 0); no peers, so nothing
// is relayed and every announce reaches this one pool; no namespaces,
// and no mosaics besides nem:xem and those a test defines (DefineMosaic,
// SetMosaicBalance: a transfer carrying another mosaic is refused with
// FAILURE_MOSAIC_UNKNOWN, and namespace and mosaic definition transactions
// change nothing but the fee and rental paid); no importance
// transfers' effects; no checks that need another account's multisig state
// (an added cosignatory that is itself multisig, an account that cosigns
// for another); no endpoints besides those above (no node info, blocks,
// websockets, and never /transaction/prepare-announce, which would take a
// private key); no 503 while booting, no rate limits, no TLS. A test that
// needs those must use a real node.
package nistest
