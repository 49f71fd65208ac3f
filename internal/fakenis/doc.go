// Package fakenis is an in-memory NIS node for tests: enough of NIS's REST
// API, behaviour and JSON to exercise package nis and the CLI without a
// network. It is not a blockchain: it keeps balances, multisig state, an
// unconfirmed pool and a list of confirmed transactions, and it applies
// the rules of the NIS classes named in announce.go.
//
// Endpoints: GET /time-sync/network-time, /account/get,
// /account/unconfirmedTransactions, /account/transfers/{all,incoming,
// outgoing}, /mosaic/definition, /mosaic/supply; POST
// /transaction/announce. Answers have NIS's JSON shapes
// (CommunicationTimeStamps, AccountMetaDataPair, SerializableList of
// TransactionMetaDataPair and UnconfirmedTransactionMetaDataPair,
// MosaicDefinition, MosaicIdSupplyPair, NemAnnounceResult) and errors
// NIS's ErrorResponse.
//
// Balances move as transaction.Debits says NIS moves them: the debtor
// (the multisig account for a wrapper and its cosignatures) pays every
// fee, the XEM and mosaics moved and the levies of the mosaic definitions
// the node holds (DefineMosaic), and each recipient is credited.
//
// The node's clock is set by the test (SetTime, Advance), never read from
// the system.
package fakenis
