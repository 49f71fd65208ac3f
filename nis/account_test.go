package nis

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// rewriting returns a client whose requests reach c's node, with the body
// of answers to path passed through f.
func (c *custody) rewriting(path string, f func(string) string) *Client {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		c.node.ServeHTTP(rec, r)
		body := rec.Body.String()
		if r.URL.Path == path {
			body = f(body)
		}
		w.WriteHeader(rec.Code)
		_, _ = io.WriteString(w, body)
	}))
	c.t.Cleanup(srv.Close)
	return testClient(srv.URL)
}

func TestAccount(t *testing.T) {
	c := newCustody(t)
	ctx := context.Background()

	a, err := c.client.Account(ctx, c.plan.Address())
	require.NoError(t, err)
	require.Equal(t, c.plan.Address(), a.Address)
	require.Equal(t, c.account.PublicKey(), *a.PublicKey)
	require.Equal(t, 1_000_000*transaction.XEM, a.Balance)
	require.Equal(t, &MultisigInfo{CosignatoriesCount: 3, MinCosignatories: 2}, a.Multisig)
	require.Equal(t, 2, a.Required())
	require.Len(t, a.Cosignatories, 3)
	require.Equal(t, "LOCKED", a.Status)
	st, err := a.State()
	require.NoError(t, err)
	require.ElementsMatch(t, c.plan.Keys(), st.Cosignatories)
	require.Equal(t, 2, st.MinCosignatories)
	require.NoError(t, c.plan.CheckState(st))

	// A cosignatory: not multisig, cosigns for the account.
	h, err := c.client.Account(ctx, c.hot.Address(sign.Testnet))
	require.NoError(t, err)
	require.Nil(t, h.Multisig)
	require.Empty(t, h.Cosignatories)
	require.Equal(t, []sign.Address{c.plan.Address()}, h.CosignatoryOf)
	require.Equal(t, 0, h.Required())

	// An account the node has never seen: no key, nothing.
	u, err := c.client.Account(ctx, testKey(t, "stranger").Address(sign.Testnet))
	require.NoError(t, err)
	require.Nil(t, u.PublicKey)
	require.Zero(t, u.Balance)

	// NIS answers 400 "address must be valid" to a bad address.
	_, err = c.client.get(ctx, "/account/get", map[string][]string{"address": {"TNOTANADDRESS"}})
	var se *StatusError
	require.ErrorAs(t, err, &se)
	require.ErrorIs(t, err, ErrRejected)
	require.Equal(t, "address must be valid", se.Message)

	// The client refuses an invalid address before asking.
	_, err = c.client.Account(ctx, sign.Address{})
	require.Error(t, err)
}

// TestAccountAnswersChecked: an /account/get answer that is well-formed
// JSON but wrong is refused.
func TestAccountAnswersChecked(t *testing.T) {
	c := newCustody(t)
	other := testKey(t, "other")
	for _, tc := range []struct {
		name string
		edit func(m map[string]any)
	}{
		{"another account's answer", func(m map[string]any) {
			m["account"].(map[string]any)["address"] = other.Address(sign.Testnet).String()
			m["account"].(map[string]any)["publicKey"] = other.PublicKey().String()
		}},
		{"a public key of another address", func(m map[string]any) { m["account"].(map[string]any)["publicKey"] = other.PublicKey().String() }},
		{"negative balance", func(m map[string]any) { m["account"].(map[string]any)["balance"] = -1 }},
		{"vested above balance", func(m map[string]any) { m["account"].(map[string]any)["vestedBalance"] = int64(2_000_000_000_000_000) }},
		{"importance above 1", func(m map[string]any) { m["account"].(map[string]any)["importance"] = 2 }},
		{"count disagrees with the list", func(m map[string]any) {
			m["account"].(map[string]any)["multisigInfo"] = map[string]any{"cosignatoriesCount": 2, "minCosignatories": 1}
		}},
		{"min above count", func(m map[string]any) {
			m["account"].(map[string]any)["multisigInfo"] = map[string]any{"cosignatoriesCount": 3, "minCosignatories": 4}
		}},
		{"half a multisigInfo", func(m map[string]any) {
			m["account"].(map[string]any)["multisigInfo"] = map[string]any{"cosignatoriesCount": 3}
		}},
		{"cosignatories without multisigInfo", func(m map[string]any) { m["account"].(map[string]any)["multisigInfo"] = map[string]any{} }},
		{"a cosignatory twice", func(m map[string]any) {
			meta := m["meta"].(map[string]any)
			cs := meta["cosignatories"].([]any)
			meta["cosignatories"] = []any{cs[0], cs[0], cs[1]}
		}},
		{"an unknown member", func(m map[string]any) { m["meta"].(map[string]any)["hint"] = "x" }},
		{"meta missing", func(m map[string]any) { delete(m, "meta") }},
		{"balance missing", func(m map[string]any) { delete(m["account"].(map[string]any), "balance") }},
		{"a bad cosignatory address", func(m map[string]any) {
			m["meta"].(map[string]any)["cosignatories"].([]any)[0].(map[string]any)["address"] = "TALICE"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cl := c.rewriting("/account/get", func(s string) string {
				var m map[string]any
				require.NoError(t, json.Unmarshal([]byte(s), &m))
				tc.edit(m)
				b, err := json.Marshal(m)
				require.NoError(t, err)
				return string(b)
			})
			_, err := cl.Account(context.Background(), c.plan.Address())
			require.ErrorIs(t, err, ErrBadResponse)
		})
	}
	// The untouched answer passes through the same proxy.
	cl := c.rewriting("/account/get", func(s string) string { return s })
	_, err := cl.Account(context.Background(), c.plan.Address())
	require.NoError(t, err)
}

// TestAccountAnswersStrictJSON plays a lying node (or whatever sits
// between it and the client): an answer that reads one way to
// encoding/json and another to a person or another tool is refused.
// encoding/json alone would take the last of two keys that differ in
// case, match a key in any case, and read a lone surrogate escape as
// U+FFFD.
func TestAccountAnswersStrictJSON(t *testing.T) {
	c := newCustody(t)
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"min cosignatories twice, in another case", `"minCosignatories":2}`, `"minCosignatories":2,"MINCOSIGNATORIES":1}`,
			"account.multisigInfo.MINCOSIGNATORIES: duplicate key: the same key as an earlier one in another letter case"},
		{"balance in another case", `"balance":`, `"Balance":`, "account.Balance: unknown field: names are case-sensitive: did you mean balance?"},
		{"a lone surrogate in a label", `"label":null`, `"label":"vault \udc00"`, "account.label: not valid UTF-8: an escape of a lone UTF-16 surrogate"},
		{"invalid UTF-8 in a status", `"LOCKED"`, "\"LOCKED\xff\"", "meta.status: not valid UTF-8"},
		{"null for a list", `"cosignatoryOf":[]`, `"cosignatoryOf":null`, "meta.cosignatoryOf: null is not allowed"},
		{"a fraction for a count", `"cosignatoriesCount":3`, `"cosignatoriesCount":3.0`, "account.multisigInfo.cosignatoriesCount: number does not fit"},
		{"trailing data", `"INACTIVE"`, `"INACTIVE"}}]`, "data after the JSON value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cl := c.rewriting("/account/get", func(s string) string {
				require.Contains(t, s, tc.from)
				return strings.Replace(s, tc.from, tc.to, 1)
			})
			_, err := cl.Account(context.Background(), c.plan.Address())
			require.ErrorIs(t, err, ErrBadResponse)
			require.ErrorContains(t, err, "nis: bad response from the node: account: "+tc.want)
		})
	}
}
