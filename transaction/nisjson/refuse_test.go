package nisjson

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Valid NIS JSON objects the refusal cases below edit (testnet).
const (
	jsonSigner    = "edfd32f6e760648c032f9acb4b30d514265f6a5b5f8a7154f2618922b4062084"
	jsonCosigner  = "c5f54ba980fcbb657dbaaa42700539b207873e134d2375efeab5f1ab52f87844"
	jsonRecipient = "TALICE2GMA34CXHD7XLJQ536NM5UNKQHTORNNT2J"

	jsonTransferV1 = `{"type":257,"version":-1744830463,"timeStamp":74649215,"signer":"` + jsonSigner + `",` +
		`"fee":2000000,"deadline":74735615,"recipient":"` + jsonRecipient + `","amount":2000000,` +
		`"message":{"type":1,"payload":"74657374"}}`
	jsonTransferV2 = `{"type":257,"version":-1744830462,"timeStamp":74649215,"signer":"` + jsonSigner + `",` +
		`"fee":2000000,"deadline":74735615,"recipient":"` + jsonRecipient + `","amount":1000000,"message":{},` +
		`"mosaics":[{"mosaicId":{"namespaceId":"nem","name":"xem"},"quantity":5}]}`
	jsonModificationV1 = `{"type":4097,"version":-1744830463,"timeStamp":1,"signer":"` + jsonSigner + `",` +
		`"fee":500000,"deadline":2,"modifications":[{"modificationType":1,"cosignatoryAccount":"` + jsonCosigner + `"}]}`
	jsonModificationV2 = `{"type":4097,"version":-1744830462,"timeStamp":1,"signer":"` + jsonSigner + `",` +
		`"fee":500000,"deadline":2,"modifications":[{"modificationType":1,"cosignatoryAccount":"` + jsonCosigner + `"}],` +
		`"minCosignatories":{"relativeChange":1}}`
	jsonWrapper = `{"type":4100,"version":-1744830463,"timeStamp":1,"signer":"` + jsonCosigner + `",` +
		`"fee":150000,"deadline":2,"otherTrans":` + jsonTransferV1 + `}`
	jsonNamespace = `{"type":8193,"version":-1744830463,"timeStamp":1,"signer":"` + jsonSigner + `",` +
		`"fee":150000,"deadline":2,"rentalFeeSink":"` + jsonRecipient + `","rentalFee":100000000,"newPart":"shop","parent":"alice"}`
	jsonMosaicDefinition = `{"type":16385,"version":-1744830463,"timeStamp":1,"signer":"` + jsonSigner + `",` +
		`"fee":150000,"deadline":2,"mosaicDefinition":{"creator":"` + jsonSigner + `",` +
		`"id":{"namespaceId":"alice","name":"coin"},"description":"a coin",` +
		`"properties":[{"name":"divisibility","value":"4"},{"name":"initialSupply","value":"1000"},` +
		`{"name":"supplyMutable","value":"true"},{"name":"transferable","value":"false"}],"levy":{}},` +
		`"creationFeeSink":"` + jsonRecipient + `","creationFee":10000000}`
)

// edit replaces old, which must occur exactly once in s, with new.
func edit(t testing.TB, s, old, new string) string {
	t.Helper()
	require.Equal(t, 1, strings.Count(s, old), "%q must occur once in %s", old, s)
	return strings.Replace(s, old, new, 1)
}

// TestDecodeJSONRefuses lists inputs NIS would refuse, or read differently
// from what a reviewer sees, and the error each gets: its sentinel and the
// JSON path in the message.
func TestDecodeJSONRefuses(t *testing.T) {
	for _, base := range []string{jsonTransferV1, jsonTransferV2, jsonModificationV1, jsonModificationV2, jsonWrapper, jsonNamespace, jsonMosaicDefinition} {
		_, err := Decode([]byte(base))
		require.NoError(t, err, "base %s", base)
	}
	deep := jsonTransferV1[:len(jsonTransferV1)-1] + `,"x":` + strings.Repeat("[", 20) + strings.Repeat("]", 20) + "}"
	huge := edit(t, jsonTransferV1, `"74657374"`, `"`+strings.Repeat("00", MaxSize/2)+`"`)
	cases := []struct {
		name string
		in   string
		err  error
		msg  string
	}{
		{"empty input", "", transaction.ErrMalformed, "empty JSON input"},
		{"only white space", " \n", transaction.ErrMalformed, "ends early"},
		{"truncated JSON", jsonTransferV1[:len(jsonTransferV1)/2], transaction.ErrMalformed, "ends early"},
		{"JSON array instead of object", "[" + jsonTransferV1 + "]", transaction.ErrMalformed, "want a JSON object, got an array"},
		{"JSON string instead of object", `"tx"`, transaction.ErrMalformed, "want a JSON object, got a string"},
		{"two objects", jsonTransferV1 + jsonTransferV1, transaction.ErrMalformed, "data after the JSON value"},
		{"garbage after the object", jsonTransferV1 + "x", transaction.ErrMalformed, "data after the JSON value"},
		{"trailing comma", edit(t, jsonTransferV1, `"74657374"}}`, `"74657374"},}`), transaction.ErrMalformed, "invalid JSON"},
		{"invalid UTF-8", edit(t, jsonTransferV1, `"74657374"`, "\"\xff\""), transaction.ErrMalformed, "not valid UTF-8"},
		{"input over 1 MiB", huge, transaction.ErrMalformed, "more than 1048576"},
		{"nested too deeply", deep, transaction.ErrMalformed, "x[0][0][0][0][0][0][0]: malformed transaction: nested too deeply: more than 8 levels"},

		{"unknown key", edit(t, jsonTransferV1, `"amount"`, `"amout":1,"amount"`), transaction.ErrMalformed, "amout: malformed transaction: unknown key"},
		{"unknown key in message", edit(t, jsonTransferV1, `"type":1,`, `"type":1,"publicKey":"00",`), transaction.ErrMalformed, "message.publicKey: malformed transaction: unknown key"},
		{"duplicate key", edit(t, jsonTransferV1, `"fee":2000000,`, `"fee":2000000,"fee":1,`), transaction.ErrMalformed, "fee: malformed transaction: duplicate key"},
		{"duplicate key in message", edit(t, jsonTransferV1, `"type":1,`, `"type":1,"type":2,`), transaction.ErrMalformed, "message.type: malformed transaction: duplicate key"},
		{"duplicate key in another case", edit(t, jsonTransferV1, `"fee":2000000,`, `"fee":2000000,"FEE":1,`), transaction.ErrMalformed,
			"FEE: malformed transaction: duplicate key: the same key as an earlier one in another letter case"},
		{"_propertyOrderArray", edit(t, jsonTransferV1, `"amount"`, `"_propertyOrderArray":[],"amount"`), transaction.ErrMalformed, "_propertyOrderArray: malformed transaction: unknown key"},
		{"signature inside otherTrans", edit(t, jsonWrapper, `"fee":2000000`, `"signature":"00","fee":2000000`), transaction.ErrMalformed, "otherTrans.signature: malformed transaction: unknown key"},
		{"signatures inside otherTrans", edit(t, jsonWrapper, `"fee":2000000`, `"signatures":[],"fee":2000000`), transaction.ErrMalformed, "otherTrans.signatures: malformed transaction: unknown key"},

		{"float number", edit(t, jsonTransferV1, `"fee":2000000`, `"fee":2000000.0`), transaction.ErrMalformed, "fee: malformed transaction: 2000000.0 is not an integer"},
		{"exponent", edit(t, jsonTransferV1, `"fee":2000000`, `"fee":2e6`), transaction.ErrMalformed, "fee: malformed transaction: 2e6 is not an integer"},
		{"string number", edit(t, jsonTransferV1, `"fee":2000000`, `"fee":"2000000"`), transaction.ErrMalformed, "fee: malformed transaction: want a number, got a string"},
		{"boolean number", edit(t, jsonTransferV1, `"amount":2000000`, `"amount":true`), transaction.ErrMalformed, "amount: malformed transaction: want a number, got a boolean"},
		{"null required number", edit(t, jsonTransferV1, `"amount":2000000`, `"amount":null`), transaction.ErrMalformed, "amount: malformed transaction: missing"},
		{"missing required key", edit(t, jsonTransferV1, `"amount":2000000,`, ``), transaction.ErrMalformed, "amount: malformed transaction: missing"},
		{"negative fee", edit(t, jsonTransferV1, `"fee":2000000`, `"fee":-1`), transaction.ErrInvalidField, "fee: invalid field: -1 is outside 0..9223372036854775807"},
		{"fee above 2^63-1", edit(t, jsonTransferV1, `"fee":2000000`, `"fee":9223372036854775808`), transaction.ErrInvalidField, "fee: invalid field"},
		{"amount above 2^64", edit(t, jsonTransferV1, `"amount":2000000`, `"amount":18446744073709551616`), transaction.ErrInvalidField, "amount: invalid field"},
		{"negative mosaic quantity", edit(t, jsonTransferV2, `"quantity":5`, `"quantity":-5`), transaction.ErrInvalidField, "mosaics[0].quantity: invalid field"},

		{"version with unknown network", edit(t, jsonTransferV1, `-1744830463`, `1426063361`), sign.ErrWrongNetwork, "version: wrong network: network byte 0x55"},
		{"version 3 of a transfer", edit(t, jsonTransferV1, `-1744830463`, `-1744830461`), transaction.ErrVersion, "version: unsupported transaction version: transfer has no version 3"},
		{"version 2 of a namespace", edit(t, jsonNamespace, `-1744830463`, `-1744830462`), transaction.ErrVersion, "provision namespace has no version 2"},
		{"version above 2^32-1", edit(t, jsonTransferV1, `-1744830463`, `4294967297`), transaction.ErrInvalidField, "version: invalid field"},
		{"version below -2^31", edit(t, jsonTransferV1, `-1744830463`, `-2147483649`), transaction.ErrInvalidField, "version: invalid field"},
		{"unknown type", edit(t, jsonTransferV1, `"type":257`, `"type":258`), transaction.ErrUnknownType, "type: unknown transaction type: 258"},
		{"type as string", edit(t, jsonTransferV1, `"type":257`, `"type":"257"`), transaction.ErrMalformed, "type: malformed transaction: want a number"},

		{"timestamp 2^31", edit(t, jsonTransferV1, `74649215`, `2147483648`), transaction.ErrInvalidField, "timeStamp: invalid field: 2147483648 is outside 0..2147483647"},
		{"negative timestamp", edit(t, jsonTransferV1, `74649215`, `-1`), transaction.ErrInvalidField, "timeStamp: invalid field"},
		{"deadline 2^31", edit(t, jsonTransferV1, `74735615`, `2147483648`), transaction.ErrInvalidField, "deadline: invalid field"},

		{"bad hex in signer", edit(t, jsonTransferV1, jsonSigner, "zz"+jsonSigner[2:]), transaction.ErrInvalidField, "signer: invalid field: not hexadecimal"},
		{"short signer", edit(t, jsonTransferV1, jsonSigner, jsonSigner[2:]), transaction.ErrInvalidField, "signer: invalid field: 62 hex characters, want 64"},
		{"odd-length payload", edit(t, jsonTransferV1, `"74657374"`, `"7465737"`), transaction.ErrInvalidField, "message.payload: invalid field: odd number of hex characters"},
		{"bad hex in payload", edit(t, jsonTransferV1, `"74657374"`, `"7465737x"`), transaction.ErrInvalidField, "message.payload: invalid field: not hexadecimal"},
		{"payload over 2048 bytes", edit(t, jsonTransferV1, `"74657374"`, `"`+strings.Repeat("ab", 2049)+`"`), transaction.ErrInvalidField, "message.payload: invalid field: 2049 bytes"},

		{"address with dashes", edit(t, jsonTransferV1, jsonRecipient, "TALICE-2GMA34-CXHD7X-LJQ536-NM5UNK-QHTORN-NT2J"), transaction.ErrInvalidField, "recipient: invalid field"},
		{"address with spaces", edit(t, jsonTransferV1, jsonRecipient, " "+jsonRecipient[1:]), transaction.ErrInvalidField, "recipient: invalid field"},
		{"address with a bad checksum", edit(t, jsonTransferV1, jsonRecipient, jsonRecipient[:39]+"K"), transaction.ErrInvalidField, "recipient: invalid field: sign: invalid address: checksum mismatch"},
		{"address with 'ı' (U+0131) for I", edit(t, jsonTransferV1, jsonRecipient, "TALıCE2GMA34CXHD7XLJQ536NM5UNKQHTORNNT2J"), transaction.ErrInvalidField, "nisjson: recipient: invalid field: invalid address: a character is not ASCII"},
		{"mainnet address in a testnet transfer", edit(t, jsonTransferV1, jsonRecipient, "NDMYSLXI4L3FYUQWO4MJOVL6BSTJJXKDSZRMT4LT"), sign.ErrWrongNetwork, "recipient: wrong network"},

		{"mosaics in a version 1 transfer", edit(t, jsonTransferV1, `"amount"`, `"mosaics":[],"amount"`), transaction.ErrVersion, "mosaics: unsupported transaction version"},
		{"null mosaics in a version 1 transfer", edit(t, jsonTransferV1, `"amount"`, `"mosaics":null,"amount"`), transaction.ErrVersion, "mosaics: unsupported transaction version"},
		{"no mosaics key in a version 2 transfer", edit(t, jsonTransferV2, `,"mosaics":[{"mosaicId":{"namespaceId":"nem","name":"xem"},"quantity":5}]`, ``), transaction.ErrMalformed, "mosaics: malformed transaction: missing"},
		{"mosaic listed twice", edit(t, jsonTransferV2, `"quantity":5}`, `"quantity":5},{"mosaicId":{"namespaceId":"nem","name":"xem"},"quantity":6}`), transaction.ErrNonCanonical, "mosaics[1]: non-canonical encoding: mosaic nem:xem is listed twice"},
		{"twelve mosaics", edit(t, jsonTransferV2, `"quantity":5}`, `"quantity":5}`+strings.Repeat(`,{"mosaicId":{"namespaceId":"nem","name":"xem"},"quantity":5}`, 11)), transaction.ErrMalformed, "mosaics: malformed transaction: 12 elements, at most 11"},
		{"upper-case mosaic name", edit(t, jsonTransferV2, `"xem"`, `"XEM"`), transaction.ErrInvalidField, "mosaics[0].mosaicId.name: invalid field"},
		{"minCosignatories in version 1", edit(t, jsonModificationV1, `}]}`, `}],"minCosignatories":{"relativeChange":1}}`), transaction.ErrVersion, "minCosignatories: unsupported transaction version"},
		{"empty minCosignatories in version 1", edit(t, jsonModificationV1, `}]}`, `}],"minCosignatories":{}}`), transaction.ErrVersion, "minCosignatories: unsupported transaction version"},
		{"relativeChange above int32", edit(t, jsonModificationV2, `"relativeChange":1`, `"relativeChange":2147483648`), transaction.ErrInvalidField, "minCosignatories.relativeChange: invalid field"},
		{"unknown key in minCosignatories", edit(t, jsonModificationV2, `"relativeChange":1`, `"relativeChange":1,"x":1`), transaction.ErrMalformed, "minCosignatories.x: malformed transaction: unknown key"},
		{"version 1 without modifications", edit(t, jsonModificationV1, `[{"modificationType":1,"cosignatoryAccount":"`+jsonCosigner+`"}]`, `[]`), transaction.ErrInvalidField, "modifications: invalid field"},
		{"version 2 with nothing", edit(t, jsonModificationV2, `[{"modificationType":1,"cosignatoryAccount":"`+jsonCosigner+`"}],"minCosignatories":{"relativeChange":1}`, `[],"minCosignatories":{}`), transaction.ErrInvalidField, "neither modifications nor a min-cosignatories change"},
		{"modificationType 3", edit(t, jsonModificationV1, `"modificationType":1`, `"modificationType":3`), transaction.ErrInvalidField, "modifications[0].modificationType: invalid field: unknown modification type 3"},
		{"cosignatory listed twice", edit(t, jsonModificationV1, `}]}`, `},{"modificationType":2,"cosignatoryAccount":"`+strings.ToUpper(jsonCosigner)+`"}]}`), transaction.ErrNonCanonical, "modifications[1]: non-canonical encoding: cosignatory"},

		{"unknown message type", edit(t, jsonTransferV1, `"type":1,`, `"type":3,`), transaction.ErrInvalidField, "message.type: invalid field: unknown message type 3"},
		{"unknown message type with empty payload", edit(t, jsonTransferV1, `"type":1,"payload":"74657374"`, `"type":3,"payload":""`), transaction.ErrInvalidField, "message.type: invalid field: unknown message type 3"},
		{"message without payload", edit(t, jsonTransferV1, `,"payload":"74657374"`, ``), transaction.ErrMalformed, "message.payload: malformed transaction: missing"},
		{"message as a string", edit(t, jsonTransferV1, `{"type":1,"payload":"74657374"}`, `"test"`), transaction.ErrMalformed, "message: malformed transaction: want a JSON object, got a string"},

		{"wrapper inside a wrapper", edit(t, jsonWrapper, jsonTransferV1, jsonWrapper), transaction.ErrUnknownType, "otherTrans.type: unknown transaction type: a multisig wrapper cannot be nested"},
		{"cosignature inside a wrapper", edit(t, jsonWrapper, `"type":257`, `"type":4098`), transaction.ErrUnknownType, "otherTrans.type: unknown transaction type: a multisig signature cannot be wrapped"},
		{"inner transaction of another network", edit(t, jsonWrapper, `"version":-1744830463,"timeStamp":74649215`, `"version":1744830465,"timeStamp":74649215`), sign.ErrWrongNetwork, "otherTrans.version: wrong network"},
		{"error path inside otherTrans", edit(t, jsonWrapper, `"amount":2000000`, `"amount":-2`), transaction.ErrInvalidField, "otherTrans.amount: invalid field"},
		{"empty otherTrans", edit(t, jsonWrapper, jsonTransferV1, `{}`), transaction.ErrMalformed, "otherTrans: malformed transaction: missing (an empty object is NIS's null)"},

		{"empty parent", edit(t, jsonNamespace, `"parent":"alice"`, `"parent":""`), transaction.ErrInvalidField, "parent: invalid field: empty"},
		{"upper-case newPart", edit(t, jsonNamespace, `"shop"`, `"SHOP"`), transaction.ErrInvalidField, "newPart: invalid field"},
		{"newPart over 128 characters", edit(t, jsonNamespace, `"shop"`, `"`+strings.Repeat("s", 129)+`"`), transaction.ErrInvalidField, "newPart: invalid field: 129 characters, NIS reads at most 128"},

		{"three properties", edit(t, jsonMosaicDefinition, `,{"name":"transferable","value":"false"}`, ``), transaction.ErrInvalidField, "mosaicDefinition.properties: invalid field: 3 properties"},
		{"unknown property", edit(t, jsonMosaicDefinition, `"transferable"`, `"transferrable"`), transaction.ErrInvalidField, "mosaicDefinition.properties[3].name: invalid field: unknown property"},
		{"property twice", edit(t, jsonMosaicDefinition, `"transferable"`, `"divisibility"`), transaction.ErrInvalidField, "mosaicDefinition.properties[3].name: invalid field: property \"divisibility\" given twice"},
		{"property value with a leading zero", edit(t, jsonMosaicDefinition, `"value":"4"`, `"value":"04"`), transaction.ErrNonCanonical, "mosaicDefinition.properties: non-canonical encoding"},
		{"property value TRUE", edit(t, jsonMosaicDefinition, `"value":"true"`, `"value":"TRUE"`), transaction.ErrNonCanonical, "mosaicDefinition.properties: non-canonical encoding"},
		{"property value as a number", edit(t, jsonMosaicDefinition, `"value":"4"`, `"value":4`), transaction.ErrMalformed, "mosaicDefinition.properties[0].value: malformed transaction: want a string"},
		{"divisibility 7", edit(t, jsonMosaicDefinition, `"value":"4"`, `"value":"7"`), transaction.ErrInvalidField, "divisibility"},
		{"creator is not the signer", edit(t, jsonMosaicDefinition, `"creator":"`+jsonSigner, `"creator":"`+jsonCosigner), transaction.ErrInvalidField, "mosaicDefinition.creator: invalid field: the creator must be the signer"},
		{"levy type 3", edit(t, jsonMosaicDefinition, `"levy":{}`, `"levy":{"type":3,"recipient":"`+jsonRecipient+`","mosaicId":{"namespaceId":"nem","name":"xem"},"fee":1}`), transaction.ErrInvalidField, "mosaicDefinition.levy.type: invalid field: unknown levy type 3"},
		{"levy without fee", edit(t, jsonMosaicDefinition, `"levy":{}`, `"levy":{"type":1,"recipient":"`+jsonRecipient+`","mosaicId":{"namespaceId":"nem","name":"xem"}}`), transaction.ErrMalformed, "mosaicDefinition.levy.fee: malformed transaction: missing"},
		{"empty description", edit(t, jsonMosaicDefinition, `"a coin"`, `" "`), transaction.ErrInvalidField, "mosaicDefinition.description: invalid field: empty or only white space"},
		{"description over 512 characters", edit(t, jsonMosaicDefinition, `"a coin"`, `"`+strings.Repeat("é", 513)+`"`), transaction.ErrInvalidField, "mosaicDefinition.description: invalid field: 513 characters, NIS reads at most 512"},
		{"empty mosaic id", edit(t, jsonMosaicDefinition, `{"namespaceId":"alice","name":"coin"}`, `{}`), transaction.ErrMalformed, "mosaicDefinition.id: malformed transaction: missing"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tx, err := Decode([]byte(c.in))
			require.Nil(t, tx)
			require.ErrorIs(t, err, c.err)
			require.ErrorContains(t, err, c.msg)
			// One prefix, added where the error was made: by this
			// package's reader, or by transaction.Check after it.
			msg := err.Error()
			require.True(t, strings.HasPrefix(msg, "nisjson: ") != strings.HasPrefix(msg, "transaction: "), msg)
			require.NotContains(t, msg[strings.Index(msg, ": ")+2:], "nisjson: ", msg)
			_, err = DecodeSigned([]byte(c.in))
			require.Error(t, err, "the verifiable reader refuses it too")
		})
	}
}

// TestDecodeJSONAccepts lists spellings the reader accepts and what they
// mean.
func TestDecodeJSONAccepts(t *testing.T) {
	base, err := Decode([]byte(jsonTransferV1))
	require.NoError(t, err)
	noMessage := *base.(*transaction.Transfer)
	noMessage.Message = nil
	cases := []struct {
		name string
		in   string
		want transaction.Transaction
	}{
		{"version as the unsigned u32", edit(t, jsonTransferV1, `-1744830463`, `2550136833`), base},
		{"upper-case hex", edit(t, jsonTransferV1, jsonSigner, strings.ToUpper(jsonSigner)), base},
		{"lower-case address", edit(t, jsonTransferV1, jsonRecipient, strings.ToLower(jsonRecipient)), base},
		{"white space between tokens", strings.ReplaceAll(jsonTransferV1, ",", " ,\n\t"), base},
		{"keys in another order", `{"amount":2000000,"message":{"payload":"74657374","type":1},"recipient":"` + jsonRecipient +
			`","deadline":74735615,"fee":2000000,"signer":"` + jsonSigner + `","timeStamp":74649215,"version":-1744830463,"type":257}`, base},
		{"a top-level signature, ignored", edit(t, jsonTransferV1, `"fee"`, `"signature":"`+strings.Repeat("ab", 64)+`","fee"`), base},
		{"a top-level signature of any value, ignored", edit(t, jsonTransferV1, `"fee"`, `"signature":null,"fee"`), base},
		{"top-level signatures, ignored", edit(t, jsonTransferV1, `"fee"`, `"signatures":[{"x":1}],"fee"`), base},
		{"message {} is no message", edit(t, jsonTransferV1, `{"type":1,"payload":"74657374"}`, `{}`), &noMessage},
		{"message null is no message", edit(t, jsonTransferV1, `{"type":1,"payload":"74657374"}`, `null`), &noMessage},
		{"no message key", edit(t, jsonTransferV1, `,"message":{"type":1,"payload":"74657374"}`, ``), &noMessage},
		{"an empty payload is no message", edit(t, jsonTransferV1, `"74657374"`, `""`), &noMessage},
		{"an empty encrypted payload is no message", edit(t, jsonTransferV1, `"type":1,"payload":"74657374"`, `"type":2,"payload":""`), &noMessage},
		{"fee 2^63-1", edit(t, jsonTransferV1, `"fee":2000000`, `"fee":9223372036854775807`), func() transaction.Transaction {
			tx := *base.(*transaction.Transfer)
			tx.Fee = transaction.MaxAmount
			return &tx
		}()},
		{"timestamp 2^31-1", edit(t, jsonTransferV1, `74649215`, `2147483647`), func() transaction.Transaction {
			tx := *base.(*transaction.Transfer)
			tx.Timestamp = transaction.MaxTimestamp
			return &tx
		}()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tx, err := Decode([]byte(c.in))
			require.NoError(t, err)
			require.Equal(t, c.want, tx)
		})
	}
}

// TestDecodeJSONSortsLists: the reader sorts mosaics and modifications
// into NIS's order (Canonicalize), so the order of a hand-written list does
// not change the bytes.
func TestDecodeJSONSortsLists(t *testing.T) {
	in := edit(t, jsonTransferV2, `{"mosaicId":{"namespaceId":"nem","name":"xem"},"quantity":5}`,
		`{"mosaicId":{"namespaceId":"nem","name":"xem"},"quantity":5},{"mosaicId":{"namespaceId":"alice","name":"coin"},"quantity":7}`)
	tx, err := Decode([]byte(in))
	require.NoError(t, err)
	require.Equal(t, []transaction.Mosaic{{ID: transaction.MosaicID{Namespace: "alice", Name: "coin"}, Quantity: 7}, {ID: transaction.XEMMosaic, Quantity: 5}}, tx.(*transaction.Transfer).Mosaics)
	out, err := Encode(tx)
	require.NoError(t, err)
	require.Contains(t, string(out), `"mosaics":[{"mosaicId":{"namespaceId":"alice","name":"coin"},"quantity":7},{"mosaicId":{"namespaceId":"nem","name":"xem"},"quantity":5}]`)
}

// TestMinCosignatoriesEmptyVersusZero: in a version 2 aggregate
// modification, "minCosignatories": {} (no change: a zero-length field)
// and {"relativeChange": 0} (a change of zero: 04000000 00000000) are
// both valid and are different transactions; each encodes back to itself.
func TestMinCosignatoriesEmptyVersusZero(t *testing.T) {
	empty := edit(t, jsonModificationV2, `{"relativeChange":1}`, `{}`)
	zero := edit(t, jsonModificationV2, `{"relativeChange":1}`, `{"relativeChange":0}`)
	missing := edit(t, jsonModificationV2, `,"minCosignatories":{"relativeChange":1}`, ``)
	null := edit(t, jsonModificationV2, `{"relativeChange":1}`, `null`)

	decode := func(s string) (transaction.Transaction, []byte) {
		tx, err := Decode([]byte(s))
		require.NoError(t, err)
		b, err := tx.MarshalBinary()
		require.NoError(t, err)
		return tx, b
	}
	emptyTx, emptyBin := decode(empty)
	zeroTx, zeroBin := decode(zero)
	require.Nil(t, emptyTx.(*transaction.MultisigAggregateModification).MinCosignatories)
	require.Equal(t, &transaction.MinCosignatoriesChange{RelativeChange: 0}, zeroTx.(*transaction.MultisigAggregateModification).MinCosignatories)
	require.True(t, bytes.HasSuffix(emptyBin, []byte{0, 0, 0, 0}))
	require.True(t, bytes.HasSuffix(zeroBin, []byte{4, 0, 0, 0, 0, 0, 0, 0}))
	require.Equal(t, len(emptyBin)+4, len(zeroBin))
	h1, err := transaction.HashOf(emptyTx)
	require.NoError(t, err)
	h2, err := transaction.HashOf(zeroTx)
	require.NoError(t, err)
	require.NotEqual(t, h1, h2)

	for _, same := range []string{missing, null} {
		tx, b := decode(same)
		require.Equal(t, emptyTx, tx)
		require.Equal(t, emptyBin, b)
	}
	for _, c := range []struct {
		tx   transaction.Transaction
		json string
	}{{emptyTx, `"minCosignatories":{}`}, {zeroTx, `"minCosignatories":{"relativeChange":0}`}} {
		out, err := Encode(c.tx)
		require.NoError(t, err)
		require.Contains(t, string(out), c.json)
		back, _ := decode(string(out))
		require.Equal(t, c.tx, back)
	}
}

// TestDecodeSignedJSONRefuses: the verifiable reader requires the
// signature, and for a wrapper the cosignature array, each cosignature of
// the wrapper's inner transaction.
func TestDecodeSignedJSONRefuses(t *testing.T) {
	sig := `"signature":"` + strings.Repeat("ab", 64) + `",`
	signedTransfer := edit(t, jsonTransferV1, `"fee":2000000,`, sig+`"fee":2000000,`)
	_, err := DecodeSigned([]byte(signedTransfer))
	require.NoError(t, err)

	inner, err := Decode([]byte(jsonTransferV1))
	require.NoError(t, err)
	innerHash, err := transaction.HashOf(inner)
	require.NoError(t, err)
	cosig := func(hash string) string {
		return `{"type":4098,"version":-1744830463,"timeStamp":3,"signer":"` + jsonSigner + `",` + sig +
			`"fee":150000,"deadline":4,"otherHash":{"data":"` + hash + `"},"otherAccount":"` +
			inner.Common().Signer.Address(inner.Common().Network).String() + `"}`
	}
	signedWrapper := jsonWrapper[:len(jsonWrapper)-1] + `,"signatures":[` + cosig(innerHash.String()) + `]}`
	signedWrapper = edit(t, signedWrapper, `"fee":150000,"deadline":2,`, sig+`"fee":150000,"deadline":2,`)
	s, err := DecodeSigned([]byte(signedWrapper))
	require.NoError(t, err)
	require.Len(t, s.Tx.(*transaction.Multisig).Cosignatures, 1)
	tx, err := Decode([]byte(signedWrapper))
	require.NoError(t, err, "the non-verifiable reader ignores both")
	require.Nil(t, tx.(*transaction.Multisig).Cosignatures)

	cases := []struct {
		name string
		in   string
		err  error
		msg  string
	}{
		{"no signature", jsonTransferV1, transaction.ErrMalformed, "signature: malformed transaction: missing"},
		{"short signature", edit(t, signedTransfer, `"signature":"ab`, `"signature":"`), transaction.ErrInvalidField, "signature: invalid field: 126 hex characters, want 128"},
		{"wrapper without signatures", edit(t, signedWrapper, `,"signatures":[`+cosig(innerHash.String())+`]`, ``), transaction.ErrMalformed, "signatures: malformed transaction: missing"},
		{"cosignature without signature", edit(t, signedWrapper, `"timeStamp":3,"signer":"`+jsonSigner+`",`+sig, `"timeStamp":3,"signer":"`+jsonSigner+`",`), transaction.ErrMalformed, "signatures[0].signature: malformed transaction: missing"},
		{"cosignature of another transaction", edit(t, signedWrapper, innerHash.String(), strings.Repeat("00", 32)), transaction.ErrInvalidField, "signatures[0].otherHash: invalid field: cosignature of another inner transaction"},
		{"transfer among the cosignatures", edit(t, signedWrapper, `"type":4098`, `"type":257`), transaction.ErrUnknownType, "signatures[0].type: unknown transaction type: a transfer among the cosignatures"},
		{"signature inside otherTrans", edit(t, signedWrapper, `"fee":2000000`, sig+`"fee":2000000`), transaction.ErrMalformed, "otherTrans.signature: malformed transaction: unknown key"},
		{"signatures on a transfer", edit(t, signedTransfer, `"amount"`, `"signatures":[],"amount"`), transaction.ErrMalformed, "signatures: malformed transaction: unknown key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := DecodeSigned([]byte(c.in))
			require.Nil(t, s)
			require.ErrorIs(t, err, c.err)
			require.ErrorContains(t, err, c.msg)
		})
	}
}

// TestDecodeJSONSurrogates: JSON escapes of UTF-16 surrogates are read
// only in pairs. encoding/json would turn a lone one into U+FFFD while
// Java keeps it (and writes '?' in the binary form), so the description a
// reviewer sees would not be the one NIS signs.
func TestDecodeJSONSurrogates(t *testing.T) {
	cases := []struct {
		name        string
		description string
		want        string // "" for refused
	}{
		{"a pair", `a \ud83d\ude00`, "a \U0001F600"},
		{"a pair in upper case", `a \uD83D\uDE00`, "a \U0001F600"},
		{"an escaped backslash before u", `a \\ud800`, `a \ud800`},
		{"a BMP escape", `a \u00e9\u2028`, "a é\u2028"},
		{"a lone high surrogate", `a \ud800`, ""},
		{"a lone high surrogate at the end", `a \ud83d`, ""},
		{"a high surrogate before a letter", `a \ud83dx`, ""},
		{"a high surrogate before another escape", `a \ud83d\u0041`, ""},
		{"two high surrogates", `a \ud83d\ud83d\ude00`, ""},
		{"a lone low surrogate", `a \ude00`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := edit(t, jsonMosaicDefinition, `"a coin"`, `"`+c.description+`"`)
			tx, err := Decode([]byte(in))
			if c.want == "" {
				require.ErrorIs(t, err, transaction.ErrMalformed)
				require.ErrorContains(t, err, "lone UTF-16 surrogate")
				return
			}
			require.NoError(t, err)
			require.Equal(t, c.want, tx.(*transaction.MosaicDefinitionCreation).Definition.Description)
		})
	}
}
