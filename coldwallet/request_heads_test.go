package coldwallet

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/journal"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestRequestJournalHeads: journal-head lines round-trip in a version 3
// request, one per signer in the signer lines' order, and every other
// spelling is refused.
func TestRequestJournalHeads(t *testing.T) {
	f := newFixture(t)
	req := f.cosignRequest(t, f.withdrawal(t, 10*transaction.XEM, f.customer(t)))
	a := f.coldA.PublicKey()
	head := journal.Head{Signer: a, Journal: strings.Repeat("1a", 16), Seq: 7, Hash: strings.Repeat("ab", 32)}
	req.Heads = []journal.Head{head}
	good, err := req.MarshalText()
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(good), "nemcustody-request v3\nnetwork: testnet\nnode-time: "), "%s", good)
	require.Contains(t, string(good), "\nsigner: "+a.String()+"\njournal-head: "+a.String()+" "+head.Journal+" 7 "+head.Hash+"\nnote: ")
	back, id, err := ParseRequest(good)
	require.NoError(t, err)
	require.Equal(t, []journal.Head{head}, back.Heads)
	want, err := req.ID()
	require.NoError(t, err)
	require.Equal(t, want, id)

	rewrite := func(edit func(ls []string) []string) []byte {
		lines := strings.Split(strings.TrimSuffix(string(good), "\n"), "\n")
		lines = edit(lines[:len(lines)-1])
		ew := &envelopeWriter{}
		ew.b.WriteString(strings.Join(lines, "\n") + "\n")
		return ew.finish()
	}
	headLine := func(value string) []byte {
		return rewrite(func(ls []string) []string {
			for i, l := range ls {
				if strings.HasPrefix(l, "journal-head: ") {
					ls[i] = "journal-head: " + value
				}
			}
			return ls
		})
	}
	b := f.coldB.PublicKey().String()
	for _, c := range []struct {
		name string
		in   []byte
		want string
	}{
		{"version 2 with a head", rewrite(func(ls []string) []string { ls[0] = "nemcustody-request v2"; return ls }), "a request with journal-head lines is version 3"},
		{"version 3 without heads", rewrite(func(ls []string) []string { ls[0] = "nemcustody-request v3"; return append(ls[:4], ls[5:]...) }), "a request with journal-head lines is version 3"},
		{"the head of another key", headLine(b + " " + head.Journal + " 7 " + head.Hash), "is not a signer of the request"},
		{"two heads for one signer", rewrite(func(ls []string) []string { return append(ls[:5], ls[4:]...) }), "more heads than signers"},
		{"three fields", headLine(a.String() + " " + head.Journal + " 7"), `want "<signer> <journal> <seq> <hash>"`},
		{"two spaces", headLine(a.String() + "  " + head.Journal + " 7 " + head.Hash), `want "<signer> <journal> <seq> <hash>"`},
		{"a leading zero", headLine(a.String() + " " + head.Journal + " 07 " + head.Hash), "the entry number is not a decimal number"},
		{"entry 0", headLine(a.String() + " " + head.Journal + " 0 " + head.Hash), "want a journal identity, an entry number and a 64-character hash"},
		{"an upper-case hash", headLine(a.String() + " " + head.Journal + " 7 " + strings.ToUpper(head.Hash)), "want a journal identity"},
		{"a short journal identity", headLine(a.String() + " 1a2b 7 " + head.Hash), "want a journal identity"},
		{"a bad key", headLine("xyz " + head.Journal + " 7 " + head.Hash), "journal-head"},
		{"after the note", rewrite(func(ls []string) []string { ls[4], ls[5] = ls[5], ls[4]; return ls }), "expected"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := ParseRequest(c.in)
			require.ErrorIs(t, err, ErrEnvelope)
			require.ErrorContains(t, err, c.want)
		})
	}

	// Two signers: heads in the signer lines' order.
	two := *req
	two.Signers = []sign.PublicKey{f.coldB.PublicKey(), a}
	two.Heads = []journal.Head{head, {Signer: f.coldB.PublicKey(), Journal: head.Journal, Seq: 1, Hash: head.Hash}}
	_, err = two.MarshalText()
	require.ErrorContains(t, err, "heads follow the order of the signer lines")
}

// TestSignerChecksTheJournalHead: the signer signs only when its journal
// holds the entry the request carries, and journals the refusal otherwise.
func TestSignerChecksTheJournalHead(t *testing.T) {
	f := newFixture(t)
	s, _ := newSigner(t, f, f.coldA, basePolicy(f, t))
	seq, hash := s.Journal.Head()
	require.Equal(t, 2, seq)
	held := journal.Head{Signer: f.coldA.PublicKey(), Journal: s.Journal.ID(), Seq: seq, Hash: hash.String()}
	request := func(h journal.Head, note string) []byte {
		req := f.cosignRequest(t, f.withdrawal(t, 10*transaction.XEM, f.customer(t)))
		req.Note, req.Heads = note, []journal.Head{h}
		env, err := req.MarshalText()
		require.NoError(t, err)
		return env
	}
	other := held
	other.Journal = strings.Repeat("9f", 16)
	ahead := held
	ahead.Seq = 40
	rewritten := held
	rewritten.Seq = 1
	for _, c := range []struct {
		name string
		head journal.Head
		want string
	}{
		{"another journal", other, "the online side last heard from this signer's journal " + other.Journal + ", and this journal is " + held.Journal},
		{"an entry not reached", ahead, "the online side saw this journal's entry 40, and it ends at entry 3"},
		{"another hash", rewritten, "this journal's entry 1 is not the one the online side saw"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before, _ := s.Journal.Head()
			res, err := s.Sign(request(c.head, c.name))
			require.ErrorIs(t, err, journal.ErrRollback)
			require.ErrorContains(t, err, c.want)
			require.Equal(t, journal.EventRefused, res.Entry.Event)
			require.Equal(t, before+1, res.Entry.Seq)
			require.Nil(t, res.Response)
		})
	}
	// Refusals are entries: the head the online side holds is still
	// entry 2, which the journal holds.
	res, err := s.Sign(request(held, "held"))
	require.NoError(t, err)
	require.Equal(t, journal.EventSigned, res.Entry.Event)
}
