package edgecases

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// nodeTime is the node's network time every transaction case is judged at.
const nodeTime transaction.Timestamp = 100_000_000

// Transactions builds the cases of NIS's deserialization, canonical-order
// and validation rules.
func Transactions() (*File, error) {
	f := &File{
		Name:      "transactions.json",
		Subject:   "NIS1 transactions: what NIS refuses while deserializing, the canonical forms it re-serializes to, and the rules its validators apply (transaction.Parse, then transaction.Validate at the given node time)",
		Generator: "go generate ./internal/edgecases",
		Schema: map[string]string{
			"input.tx":           "the non-verifiable transaction bytes (what is signed and announced), hex",
			"input.nodeTime":     "the node's network time, seconds since the NEM epoch",
			"input.mosaicSupply": "current supply and divisibility of the mosaics a transfer carries, for its fee: \"ns:name=supply/divisibility\", comma separated",
			"result":             "valid if Parse and Validate both accept it",
			"error":              "the sentinel error (package.Name) the library returns",
		},
		Flags: map[string]string{
			"Valid":       "accepted",
			"Layout":      "the bytes do not have a NIS1 layout",
			"Deserialize": "a value NIS refuses while deserializing",
			"Canonical":   "bytes NIS would re-serialize differently, so a signature would not verify",
			"Network":     "an address, inner transaction or version of another network",
			"Fee":         "NIS's minimum fee or fee cap",
			"Time":        "NIS's timestamp and deadline rules",
			"Size":        "a size or count limit",
			"Multisig":    "a multisig rule",
			"Encoding":    "a detail of the byte encoding that is easy to get wrong",
			"Whitespace":  "white space as NIS sees it: Java's Character.isWhitespace, which is not Go's unicode.IsSpace nor Unicode's White_Space",
		},
	}
	c := &txCases{f: f}
	if err := c.build(); err != nil {
		return nil, err
	}
	return f, nil
}

type txCases struct {
	f   *File
	err error
}

func (c *txCases) add(comment string, flags []string, tx transaction.Transaction, errName string, supply ...string) {
	b, err := tx.MarshalBinary()
	if err != nil {
		c.err = err
		return
	}
	c.addBytes(comment, flags, b, errName, supply...)
}

func (c *txCases) addBytes(comment string, flags []string, b []byte, errName string, supply ...string) {
	in := map[string]string{"tx": hx(b), "nodeTime": strconv.FormatUint(uint64(nodeTime), 10)}
	if len(supply) > 0 {
		in["mosaicSupply"] = strings.Join(supply, ",")
	}
	cs := Case{Comment: comment, Flags: flags, Input: in, Result: "invalid", Error: errName}
	if errName == "" {
		cs.Result = "valid"
	}
	c.f.Tests = append(c.f.Tests, cs)
}

var (
	signer   = key("edgecases tx signer")
	cosigner = key("edgecases cosigner")
)

func header(version uint32, fee transaction.Amount) transaction.Header {
	return transaction.Header{Network: sign.Testnet, Version: version, Timestamp: nodeTime, Signer: signer.PublicKey(), Fee: fee, Deadline: nodeTime + 3600}
}

// transfer is a valid 1000 XEM transfer with a 4-byte message: 0.1 XEM fee.
func transfer() *transaction.Transfer {
	return &transaction.Transfer{
		Header:    header(1, 100_000),
		Recipient: key("edgecases recipient").Address(sign.Testnet),
		Amount:    1000 * transaction.XEM,
		Message:   &transaction.Message{Type: transaction.MessagePlain, Payload: []byte("edge")},
	}
}

func withMosaics(ms ...transaction.Mosaic) *transaction.Transfer {
	t := transfer()
	t.Version, t.Amount, t.Fee, t.Mosaics = 2, transaction.XEM, 2*transaction.XEM, ms
	return t
}

func mosaic(ns, name string, q uint64) transaction.Mosaic {
	return transaction.Mosaic{ID: transaction.MosaicID{Namespace: ns, Name: name}, Quantity: q}
}

func modification(mods ...transaction.CosignatoryModification) *transaction.MultisigAggregateModification {
	return &transaction.MultisigAggregateModification{Header: header(2, 500_000), Modifications: mods}
}

func (c *txCases) build() error {
	const (
		errMalformed   = "transaction.ErrMalformed"
		errField       = "transaction.ErrInvalidField"
		errCanonical   = "transaction.ErrNonCanonical"
		errNetwork     = "sign.ErrWrongNetwork"
		errType        = "transaction.ErrUnknownType"
		errVersion     = "transaction.ErrVersion"
		supplyVouchers = "alice.vouchers:gift=1000000/0"
		supplyAlice    = "alice:gift=1000000/0"
	)
	c.add("a 1000 XEM transfer with a message, fee 0.1 XEM", []string{"Valid"}, transfer(), "")

	// Layout.
	b, _ := transfer().MarshalBinary()
	c.addBytes("one trailing byte", []string{"Layout"}, append(append([]byte{}, b...), 0), errMalformed)
	c.addBytes("one byte short", []string{"Layout"}, b[:len(b)-1], errMalformed)
	unknown := append([]byte{}, b...)
	unknown[0], unknown[1] = 0x02, 0x01
	c.addBytes("unknown type 0x0102", []string{"Layout"}, unknown, errType)
	v3 := append([]byte{}, b...)
	v3[4] = 3
	c.addBytes("transfer version 3", []string{"Layout"}, v3, errVersion)
	net := append([]byte{}, b...)
	net[7] = 0x90
	c.addBytes("network byte 0x90 (Catapult only)", []string{"Network"}, net, errNetwork)
	v1m := append(append([]byte{}, b...), 0, 0, 0, 0)
	c.addBytes("version 1 transfer followed by a mosaic count", []string{"Layout"}, v1m, errMalformed)

	// Values NIS refuses while deserializing.
	t := transfer()
	t.Fee = 1 << 63
	c.add("fee above a Java long (Amount refuses negatives)", []string{"Deserialize"}, t, errField)
	t = transfer()
	t.Timestamp, t.Deadline = 1<<31, 1<<31+10
	c.add("timestamp above a Java int", []string{"Deserialize"}, t, errField)
	t = transfer()
	t.Message.Type = 3
	c.add("message type 3", []string{"Deserialize"}, t, errField)
	t = transfer()
	t.Recipient = key("edgecases recipient").Address(sign.Mainnet)
	c.add("mainnet recipient in a testnet transfer", []string{"Network"}, t, errNetwork)

	// Canonical forms.
	t = transfer()
	t.Message = &transaction.Message{Type: transaction.MessagePlain}
	c.add("empty message object (NIS writes no message)", []string{"Canonical", "Encoding"}, t, errCanonical)
	t = transfer()
	t.Message = nil
	t.Fee = 50_000
	c.add("no message: a zero length field, fee 0.05 XEM", []string{"Valid", "Encoding"}, t, "")
	c.add("mosaics sorted by the \"ns:name : quantity\" string: 'alice.vouchers' before 'alice' (':' sorts after '.')", []string{"Valid", "Canonical"},
		withMosaics(mosaic("alice.vouchers", "gift", 1), mosaic("alice", "gift", 1)), "", supplyVouchers, supplyAlice)
	c.add("the same mosaics in tuple order", []string{"Canonical"}, withMosaics(mosaic("alice", "gift", 1), mosaic("alice.vouchers", "gift", 1)), errCanonical, supplyVouchers, supplyAlice)
	c.add("the same mosaic twice (NIS would merge them)", []string{"Canonical"}, withMosaics(mosaic("nem", "xem", 1), mosaic("nem", "xem", 2)), errCanonical)
	c.add("nem:xem as a mosaic, 25 XEM", []string{"Valid"}, withMosaics(mosaic("nem", "xem", 25_000_000)), "")

	a, bkey := sign.PublicKey{}, sign.PublicKey{}
	a = mustKey("c5f54ba980fcbb657dbaaa42700539b207873e134d2375efeab5f1ab52f87844") // TDD2... on testnet
	bkey = mustKey("eaf16a4833e59370a04ccd5c63395058de34877b48c17174c71db5ed37b537ed")
	ordered := []transaction.CosignatoryModification{{Type: 1, Cosignatory: a}, {Type: 1, Cosignatory: bkey}}
	if a.Address(sign.Testnet).String() > bkey.Address(sign.Testnet).String() {
		ordered[0], ordered[1] = ordered[1], ordered[0]
	}
	c.add("cosignatories sorted by address string", []string{"Valid", "Canonical", "Multisig"}, modification(ordered...), "")
	c.add("cosignatories in the other order", []string{"Canonical", "Multisig"}, modification(ordered[1], ordered[0]), errCanonical)
	c.add("deletes sorted before adds", []string{"Canonical", "Multisig"}, modification(transaction.CosignatoryModification{Type: 2, Cosignatory: a}, transaction.CosignatoryModification{Type: 1, Cosignatory: bkey}), errCanonical)
	c.add("the same cosignatory added and deleted", []string{"Canonical", "Multisig"}, modification(transaction.CosignatoryModification{Type: 1, Cosignatory: a}, transaction.CosignatoryModification{Type: 2, Cosignatory: a}), errCanonical)
	c.add("modification type 3 (NIS's MinCosignatories enum value)", []string{"Deserialize", "Multisig"}, modification(transaction.CosignatoryModification{Type: 3, Cosignatory: a}), errField)
	for _, rc := range []int32{10, -16, 0} {
		m := modification(transaction.CosignatoryModification{Type: 1, Cosignatory: a})
		m.MinCosignatories = &transaction.MinCosignatoriesChange{RelativeChange: rc}
		c.add("relative change "+strconv.Itoa(int(rc))+" written as a signed 32-bit integer", []string{"Valid", "Encoding", "Multisig"}, m, "")
	}
	m := modification(transaction.CosignatoryModification{Type: 1, Cosignatory: a})
	c.add("version 2 without a min-cosignatories change: the zero-length field", []string{"Valid", "Encoding", "Multisig"}, m, "")
	m = modification()
	c.add("version 2 with neither modifications nor a change", []string{"Deserialize", "Multisig"}, m, errField)
	m = modification(transaction.CosignatoryModification{Type: 2, Cosignatory: a}, transaction.CosignatoryModification{Type: 2, Cosignatory: bkey})
	if a.Address(sign.Testnet).String() > bkey.Address(sign.Testnet).String() {
		m.Modifications[0].Cosignatory, m.Modifications[1].Cosignatory = bkey, a
	}
	c.add("two deletions in one transaction", []string{"Multisig"}, m, "transaction.ErrMultipleDeletes")

	// Multisig wrappers and cosignatures.
	inner := transfer()
	wrap := &transaction.Multisig{Header: header(1, 150_000), Inner: inner}
	wrap.Signer = cosigner.PublicKey()
	c.add("a wrapper of a transfer", []string{"Valid", "Multisig"}, wrap, "")
	innerMain := transfer()
	innerMain.Network = sign.Mainnet
	innerMain.Recipient = key("edgecases recipient").Address(sign.Mainnet)
	w2 := &transaction.Multisig{Header: header(1, 150_000), Inner: innerMain}
	w2.Signer = cosigner.PublicKey()
	c.add("a testnet wrapper of a mainnet transfer", []string{"Network", "Multisig"}, w2, errNetwork)
	wb, _ := wrap.MarshalBinary()
	nested := append([]byte{}, wb...)
	// Replace the inner transaction by the wrapper itself: a wrapper in a wrapper.
	nested = append(nested[:60], append(u32(uint32(len(wb))), wb...)...)
	c.addBytes("a wrapper inside a wrapper", []string{"Multisig", "Layout"}, nested, errType)
	ih, _ := transaction.HashOf(inner)
	cs := &transaction.MultisigSignature{Header: header(1, 150_000), OtherHash: ih, MultisigAccount: signer.Address(sign.Testnet)}
	cs.Signer = cosigner.PublicKey()
	c.add("a cosignature", []string{"Valid", "Multisig"}, cs, "")
	cs2 := *cs
	cs2.Fee = 1000*transaction.XEM + 1
	c.add("a cosignature fee above 1000 XEM", []string{"Fee", "Multisig"}, &cs2, "transaction.ErrCosignatureFeeTooHigh")

	// Fees.
	t = transfer()
	t.Fee = 99_999
	c.add("fee one micro-XEM below the minimum", []string{"Fee"}, t, "transaction.ErrFeeTooLow")
	t = transfer()
	t.Message.Payload = make([]byte, 1025)
	t.Fee = 2 * transaction.XEM
	c.add("a 1025-byte message", []string{"Size"}, t, "transaction.ErrMessageTooLarge")
	var eleven []transaction.Mosaic
	var supplies []string
	for i := range 11 {
		name := "m" + strconv.Itoa(10+i)
		eleven = append(eleven, mosaic("alice", name, 1))
		supplies = append(supplies, "alice:"+name+"=1000/0")
	}
	c.add("eleven mosaics besides nem:xem", []string{"Size"}, withMosaics(eleven...), "transaction.ErrTooManyMosaics", supplies...)

	// Times.
	t = transfer()
	t.Deadline = t.Timestamp
	c.add("deadline equal to the timestamp", []string{"Time"}, t, "transaction.ErrDeadlineBeforeTimestamp")
	t = transfer()
	t.Deadline = t.Timestamp + 86400
	c.add("deadline exactly 24 hours after the timestamp", []string{"Valid", "Time"}, t, "")
	t = transfer()
	t.Deadline = t.Timestamp + 86401
	c.add("deadline 24 hours and 1 second after the timestamp", []string{"Time"}, t, "transaction.ErrDeadlineTooFar")
	t = transfer()
	t.Timestamp, t.Deadline = nodeTime+10, nodeTime+3600
	c.add("timestamp 10 seconds ahead of the node", []string{"Valid", "Time"}, t, "")
	t = transfer()
	t.Timestamp, t.Deadline = nodeTime+11, nodeTime+3600
	c.add("timestamp 11 seconds ahead of the node", []string{"Time"}, t, "transaction.ErrTimestampInFuture")
	t = transfer()
	t.Timestamp, t.Deadline = nodeTime-7200, nodeTime-1
	c.add("deadline one second before the node time", []string{"Time"}, t, "transaction.ErrExpired")

	// Names and other bodies.
	ns := &transaction.ProvisionNamespace{Header: header(1, 150_000), RentalFeeSink: transaction.NamespaceSink(sign.Testnet), RentalFee: 100 * transaction.XEM, NewPart: "ABC"}
	c.add("namespace with upper-case letters", []string{"Deserialize"}, ns, errField)
	ns2 := *ns
	ns2.NewPart = "abcdefghijklmnopq"
	c.add("root namespace of 17 characters", []string{"Deserialize"}, &ns2, errField)
	ns3 := *ns
	ns3.NewPart = "custody"
	c.add("root namespace, rent 100 XEM to the namespace sink", []string{"Valid"}, &ns3, "")
	sc := &transaction.MosaicSupplyChange{Header: header(1, 150_000), MosaicID: transaction.MosaicID{Namespace: "alice", Name: "gift"}, SupplyType: transaction.SupplyIncrease}
	c.add("supply change of 0", []string{"Deserialize"}, sc, errField)
	def := &transaction.MosaicDefinitionCreation{Header: header(1, 150_000), Definition: transaction.MosaicDefinition{
		Creator: cosigner.PublicKey(), ID: transaction.MosaicID{Namespace: "alice", Name: "gift"}, Description: "vouchers", Properties: transaction.DefaultMosaicProperties},
		CreationFeeSink: transaction.MosaicSink(sign.Testnet), CreationFee: 10 * transaction.XEM}
	c.add("mosaic definition whose creator is not the signer", []string{"Deserialize"}, def, errField)
	def2 := *def
	def2.Definition.Creator = signer.PublicKey()
	def2.Definition.Description = strings.Repeat("\u20ac", 512) // 512 characters, 1536 bytes
	long := transaction.MosaicID{Namespace: "alice." + strings.Repeat("a", 64) + "." + strings.Repeat("b", 57), Name: strings.Repeat("c", 32)}
	def2.Definition.ID = long
	def2.Definition.Levy = &transaction.MosaicLevy{Type: transaction.LevyAbsolute, Recipient: signer.Address(sign.Testnet), MosaicID: long, Fee: 1}
	if b, _ := def2.MarshalBinary(); len(b) <= 2048 {
		c.err = fmt.Errorf("edgecases: the oversized mosaic definition is only %d bytes", len(b))
	}
	c.add("the largest mosaic definition (512 three-byte characters, the longest ids): more than the 2048 bytes NIS reads from an announce", []string{"Size"}, &def2, "transaction.ErrTooLarge")

	c.descriptions(def)
	return c.err
}

// descriptions adds the cases of NIS's rule that a mosaic description is
// not empty nor only white space (MosaicDescriptor: MustBe.notWhitespace;
// Deserializer.readString), where white space is Java's
// Character.isWhitespace tested on every UTF-16 char.
func (c *txCases) descriptions(base *transaction.MosaicDefinitionCreation) {
	with := func(d string) *transaction.MosaicDefinitionCreation {
		t := *base
		t.Definition.Creator = signer.PublicKey()
		t.Definition.Description = d
		return &t
	}
	const errField = "transaction.ErrInvalidField"
	c.add("mosaic definition with the description \"vouchers\", creation fee 10 XEM to the mosaic sink", []string{"Valid"}, with("vouchers"), "")
	c.add("description of a space, a tab and a line feed: white space to Java and Go alike", []string{"Deserialize", "Whitespace"}, with(" \t\n"), errField)
	for _, r := range []rune{0x1C, 0x1D, 0x1E, 0x1F} {
		c.add(fmt.Sprintf("description of only U+%04X (an information separator): white space to Java, so NIS refuses it; Go's unicode.IsSpace says it is not", r),
			[]string{"Deserialize", "Whitespace"}, with(string(r)), errField)
	}
	for _, x := range []struct {
		r    rune
		name string
	}{{0x85, "NEXT LINE"}, {0xA0, "NO-BREAK SPACE"}, {0x2007, "FIGURE SPACE"}, {0x202F, "NARROW NO-BREAK SPACE"}} {
		c.add(fmt.Sprintf("description of only U+%04X %s: not white space to Java, so NIS accepts it; Go's unicode.IsSpace and Unicode's White_Space say it is", x.r, x.name),
			[]string{"Valid", "Whitespace"}, with(string(x.r)), "")
	}
	c.add("description of only U+180E MONGOLIAN VOWEL SEPARATOR: white space to NIS on Java 8 (Unicode 6.2), not on Java 11; refused so that no node refuses what was signed",
		[]string{"Deserialize", "Whitespace"}, with("\u180e"), errField)
	c.add("description with a byte that is not UTF-8 (NIS would read U+FFFD and re-serialize other bytes)", []string{"Canonical", "Encoding"}, with("vouchers\xff"), "transaction.ErrNonCanonical")
}

func mustKey(s string) sign.PublicKey {
	p, err := sign.ParsePublicKey(s)
	if err != nil {
		panic(err)
	}
	return p
}

func u32(v uint32) []byte { return []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)} }
