package multisig

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/transaction"
)

func TestPlanLimits(t *testing.T) {
	p := twoOfThree(t)
	p.Limits = &AccountLimits{Period: 24 * time.Hour, MaxAmount: 10_000 * transaction.XEM, MaxCount: 40}
	require.NoError(t, p.Validate())
	doc, err := p.MarshalJSON()
	require.NoError(t, err)
	require.Contains(t, string(doc), "\"limits\": {\n    \"period\": \"24h0m0s\",\n    \"maxAmount\": \"10000.000000\",\n    \"maxCount\": 40\n  }\n}\n")
	back, err := DecodePlan(doc)
	require.NoError(t, err)
	require.Equal(t, p.Limits, back.Limits)
	require.Equal(t, p.Fingerprint(), back.Fingerprint())
	require.Equal(t, "10000.000000 XEM and 40 transfers in 24h0m0s", back.Limits.String())

	// Without a count; a plan without limits writes none.
	p.Limits.MaxCount = 0
	doc, err = p.MarshalJSON()
	require.NoError(t, err)
	require.NotContains(t, string(doc), "maxCount")
	back, err = DecodePlan(doc)
	require.NoError(t, err)
	require.Zero(t, back.Limits.MaxCount)
	nodoc, err := twoOfThree(t).MarshalJSON()
	require.NoError(t, err)
	require.NotContains(t, string(nodoc), "limits")

	for name, l := range map[string]*AccountLimits{
		"no period":              {MaxAmount: 1},
		"a fraction of a second": {Period: 1500 * time.Millisecond, MaxAmount: 1},
		"no amount":              {Period: time.Hour},
		"more than all XEM":      {Period: time.Hour, MaxAmount: transaction.MaxAmount + 1},
		"negative count":         {Period: time.Hour, MaxAmount: 1, MaxCount: -1},
	} {
		q := twoOfThree(t)
		q.Limits = l
		require.ErrorIs(t, q.Validate(), ErrLimits, name)
	}
	bad := strings.Replace(string(doc), `"period": "24h0m0s"`, `"period": "a day"`, 1)
	_, err = DecodePlan([]byte(bad))
	require.ErrorContains(t, err, "limits.period")
}
