package keyhealth

import (
	"bytes"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/multisig"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// readsAsTransaction reports whether NIS could take b as a transaction
// in any form package transaction reads.
func readsAsTransaction(b []byte) bool {
	for _, o := range []transaction.ParseOptions{{}, {Verifiable: true}, {LayoutOnly: true}, {Verifiable: true, LayoutOnly: true}} {
		if _, err := transaction.ParseWithOptions(b, o); err == nil {
			return true
		}
	}
	_, err := transaction.Parse(b)
	return err == nil
}

// TestProofIsNeverATransaction plays a compromised online machine that
// chooses every challenge byte to make the signed proof usable as a
// transaction: for random challenges of every length, dates and plans,
// neither the signed message nor the proof text parses in any form, and
// the prefix's type field is no NIS type.
func TestProofIsNeverATransaction(t *testing.T) {
	p := plan(t, "account")
	k := key(t, "vault A")
	r := rand.New(rand.NewPCG(1, 2))
	rounds := 2000
	if raceEnabled { // CI runs all 2,000 without the race detector
		rounds = 400
	}
	for i := range rounds {
		c := make([]byte, minChallengeSize+r.IntN(maxChallengeSize-minChallengeSize+1))
		for j := range c {
			c[j] = byte(r.Uint32())
		}
		proof, err := Prove(k, p, c, days(float64(r.IntN(20000))-10000))
		require.NoError(t, err, "round %d", i)
		text, err := proof.MarshalText()
		require.NoError(t, err)
		require.False(t, readsAsTransaction(proof.Message()), "round %d: the message parses", i)
		require.False(t, readsAsTransaction(text), "round %d: the proof parses", i)
		require.NoError(t, proof.Verify(p))
	}
	msg := (&Proof{}).Message()
	typ := transaction.Type(uint32(msg[0]) | uint32(msg[1])<<8 | uint32(msg[2])<<16 | uint32(msg[3])<<24)
	require.Equal(t, transaction.Type(0x636d656e), typ)
	for _, known := range []transaction.Type{transaction.TypeTransfer, transaction.TypeMultisig, transaction.TypeMultisigSignature,
		transaction.TypeMultisigAggregateModification} {
		require.NotEqual(t, known, typ)
	}
}

// transactionBytes returns the bytes of real transactions a hostile
// online side could offer as a challenge: a transfer, a cosignature and a
// multisig wrapper (what NIS signs), and a signed transfer (the form in
// blocks).
func transactionBytes(t *testing.T) map[string][]byte {
	p := plan(t, "account")
	vault := key(t, "vault A")
	tr := &transaction.Transfer{Header: transaction.Header{Network: sign.Testnet, Version: 1, Signer: p.Account, Fee: 50_000, Timestamp: 100, Deadline: 3700},
		Recipient: vault.Address(sign.Testnet), Amount: 1000 * transaction.XEM}
	wrapper, err := p.Wrap(tr, vault.PublicKey(), multisig.TxOptions{Timestamp: 100, Deadline: 3700})
	require.NoError(t, err)
	out := map[string][]byte{}
	for name, tx := range map[string]transaction.Transaction{"transfer": tr, "multisig wrapper": wrapper} {
		b, err := transaction.Transaction.MarshalBinary(tx)
		require.NoError(t, err)
		out[name] = b
	}
	cos, err := p.Cosign(tr, key(t, "vault B"), multisig.TxOptions{Timestamp: 100, Deadline: 3700})
	require.NoError(t, err)
	b, err := cos.Tx.MarshalBinary()
	require.NoError(t, err)
	out["cosignature"] = b
	signed, err := transaction.Sign(tr, key(t, "account"))
	require.NoError(t, err)
	v, err := transaction.AppendVerifiable(nil, signed)
	require.NoError(t, err)
	out["signed transfer"] = v
	for name, b := range out {
		require.True(t, readsAsTransaction(b), "%s reads as a transaction", name)
	}
	return out
}

// TestProveRefusesTransactionChallenge: the signer refuses a challenge
// that would itself parse as a transaction, whatever it is.
func TestProveRefusesTransactionChallenge(t *testing.T) {
	p := plan(t, "account")
	for name, b := range transactionBytes(t) {
		t.Run(name, func(t *testing.T) {
			_, err := Prove(key(t, "vault A"), p, b, day0)
			require.ErrorIs(t, err, ErrChallenge)
			require.ErrorContains(t, err, "reads as a NIS transaction")
		})
	}
	for _, n := range []int{0, 1, minChallengeSize - 1, maxChallengeSize + 1} {
		_, err := Prove(key(t, "vault A"), p, make([]byte, n), day0)
		require.ErrorIs(t, err, ErrChallenge, "%d bytes", n)
	}
}

// TestProofReplay: a proof made for one plan is refused for another (the
// same cosigners on another account), and a proof from a key outside the
// plan is not made.
func TestProofReplay(t *testing.T) {
	a, b := plan(t, "account"), plan(t, "other account")
	c, err := newChallenge(nil)
	require.NoError(t, err)
	proof, err := Prove(key(t, "vault A"), a, c, day0)
	require.NoError(t, err)
	require.NoError(t, proof.Verify(a))
	require.ErrorIs(t, proof.Verify(b), ErrWrongPlan)

	// Rewriting the plan member to the other plan breaks the signature.
	proof2 := *proof
	proof2.Plan = b.Fingerprint()
	require.ErrorIs(t, proof2.Verify(b), ErrForged)

	_, err = Prove(key(t, "stranger"), a, c, day0)
	require.ErrorIs(t, err, ErrNotCosigner)
	stranger := *proof
	stranger.Signer = key(t, "stranger").PublicKey()
	require.ErrorIs(t, stranger.Verify(a), ErrNotCosigner)
}

// TestForgedProofsRefused: any change to a signed proof, or a signature
// by another cosigner, is refused.
func TestForgedProofsRefused(t *testing.T) {
	p := plan(t, "account")
	c, err := newChallenge(nil)
	require.NoError(t, err)
	proof, err := Prove(key(t, "vault A"), p, c, day0)
	require.NoError(t, err)
	edits := map[string]func(*Proof){
		"another date":      func(q *Proof) { q.Date = q.Date.AddDate(0, 0, 1) },
		"another challenge": func(q *Proof) { q.Challenge = append([]byte(nil), q.Challenge...); q.Challenge[0] ^= 1 },
		"another signer":    func(q *Proof) { q.Signer = key(t, "vault B").PublicKey() },
		"a flipped bit":     func(q *Proof) { q.Signature[40] ^= 0x10 },
		"S above L": func(q *Proof) {
			copy(q.Signature[32:], bytes.Repeat([]byte{0xff}, 32))
		},
		"signed by vault B": func(q *Proof) {
			s, err := key(t, "vault B").Sign(q.Message())
			require.NoError(t, err)
			q.Signature = s
		},
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			q := *proof
			edit(&q)
			require.ErrorIs(t, q.Verify(p), ErrForged)
			text, err := q.MarshalText()
			require.NoError(t, err)
			back, err := ParseProof(text)
			require.NoError(t, err)
			require.ErrorIs(t, back.Verify(p), ErrForged)
		})
	}
}

// TestParseProofStrict: only the canonical text is read; errors name the
// line, never its content.
func TestParseProofStrict(t *testing.T) {
	p := plan(t, "account")
	c, err := hex.DecodeString(strings.Repeat("ab", 32))
	require.NoError(t, err)
	proof, err := Prove(key(t, "vault A"), p, c, day0)
	require.NoError(t, err)
	text, err := proof.MarshalText()
	require.NoError(t, err)
	good := string(text)
	back, err := ParseProof(text)
	require.NoError(t, err)
	require.Equal(t, proof, back)
	require.Equal(t, "nemcustody-key-proof v1\nplan: "+p.Fingerprint()+"\nsigner: "+key(t, "vault A").PublicKey().String()+
		"\ndate: 2026-03-01\nchallenge: "+strings.Repeat("ab", 32)+"\nsignature: ", good[:len(good)-129])
	for _, c := range []struct{ name, text, want string }{
		{"no final newline", strings.TrimSuffix(good, "\n"), "does not end with a newline"},
		{"CRLF", strings.ReplaceAll(good, "\n", "\r\n"), "carriage return"},
		{"upper-case hex", strings.Replace(good, "challenge: abab", "challenge: ABAB", 1), "line 5"},
		{"version 2", strings.Replace(good, "v1", "v2", 1), "unsupported version"},
		{"another first line", "x" + good, "the first line"},
		{"a seventh line", good + "note: hi\n", "7 lines"},
		{"lines swapped", strings.Replace(strings.Replace(good, "date: 2026-03-01\n", "", 1), "signer:", "date: 2026-03-01\nsigner:", 1), "line 3"},
		{"a date not in the calendar", strings.Replace(good, "2026-03-01", "2026-02-30", 1), "line 4"},
		{"an odd challenge", strings.Replace(good, "challenge: ab", "challenge: a", 1), "line 5"},
		{"two spaces", strings.Replace(good, "plan: ", "plan:  ", 1), "line 2"},
		{"a short signature", strings.Replace(good, "\n", "", 5)[:10], "does not end"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseProof([]byte(c.text))
			require.ErrorIs(t, err, ErrProof)
			require.ErrorContains(t, err, c.want)
			require.NotContains(t, err.Error(), "abab")
		})
	}
}

// FuzzParseProof: never panics; what parses re-encodes byte for byte.
func FuzzParseProof(f *testing.F) {
	p := plan(f, "account")
	c := bytes.Repeat([]byte{7}, 32)
	proof, err := Prove(key(f, "vault A"), p, c, day0)
	if err != nil {
		f.Fatal(err)
	}
	text, _ := proof.MarshalText()
	f.Add(text)
	f.Add([]byte(ProofMagic + "\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		q, err := ParseProof(b)
		if err != nil {
			return
		}
		again, _ := q.MarshalText()
		if !bytes.Equal(again, b) {
			t.Fatal("accepted proof re-encodes differently")
		}
		if readsAsTransaction(b) || readsAsTransaction(q.Message()) {
			t.Fatal("a proof reads as a transaction")
		}
	})
}

// FuzzProofMessageNotTransaction: whatever challenge passes
// CheckChallenge, the message signed does not read as a transaction.
func FuzzProofMessageNotTransaction(f *testing.F) {
	p := plan(f, "account")
	k := key(f, "vault A")
	f.Add(bytes.Repeat([]byte{1}, 16), int64(0))
	f.Fuzz(func(t *testing.T, c []byte, day int64) {
		if CheckChallenge(c) != nil {
			return
		}
		proof, err := Prove(k, p, c, days(float64(day%100000)))
		if err != nil {
			t.Fatal(err)
		}
		if readsAsTransaction(proof.Message()) {
			t.Fatal("the message reads as a transaction")
		}
	})
}
