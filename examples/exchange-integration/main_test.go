package main

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/nis/nistest"
	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// TestWithoutNode: the default run needs no network.
func TestWithoutNode(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(nil, &out))
	require.Contains(t, out.String(), "POST these to /transaction/announce in order")
	require.Equal(t, 6, strings.Count(out.String(), `{"data":"`))
}

// TestWithNode: --node takes the node's time, reconciles the plan and
// announces in order. The example's keys are fresh, so the node sees an
// ordinary account and refuses the wrappers (FAILURE_MULTISIG_NOT_A_COSIGNER);
// their cosignatures are then not sent.
//
// The offline signer refuses a node time more than a day away from its
// clock, so the test node keeps this machine's time.
func TestWithNode(t *testing.T) {
	now, err := transaction.TimestampOf(time.Now())
	require.NoError(t, err)
	node := nistest.New(sign.Testnet, now)
	srv := httptest.NewServer(node)
	defer srv.Close()
	var out strings.Builder
	require.NoError(t, run([]string{"--node", srv.URL}, &out))
	s := out.String()
	require.Contains(t, s, fmt.Sprintf("node time %d (", now))
	require.Contains(t, s, "reconcile: not-multisig: ")
	require.Equal(t, 3, strings.Count(s, ": multisig signature "), s)
	require.Equal(t, 3, strings.Count(s, ": FAILURE_MULTISIG_NOT_A_COSIGNER"), s)
	require.Equal(t, 3, strings.Count(s, ": not sent"), s)
	require.Contains(t, s, "running again is safe")

	require.Error(t, run([]string{"--node", "localhost:7890"}, &out))
}
