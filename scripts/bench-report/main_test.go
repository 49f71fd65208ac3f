package main

import "testing"

func TestBenchName(t *testing.T) {
	for in, want := range map[string]string{
		"BenchmarkEncodeHash/keccak-only-8":               "EncodeHash/keccak-only",
		"BenchmarkEncodeHash/keccak-only":                 "EncodeHash/keccak-only",
		"BenchmarkParse-16":                               "Parse",
		"BenchmarkParse":                                  "Parse",
		"BenchmarkWithdrawalFlow/raw-2-sign-2-verify-2":   "WithdrawalFlow/raw-2-sign-2-verify",
		"BenchmarkWithdrawalFlow/raw-2-sign-2-verify":     "WithdrawalFlow/raw-2-sign-2-verify",
		"BenchmarkColdFlow/raw-2-sign-2-verify-1-fsync-2": "ColdFlow/raw-2-sign-2-verify-1-fsync",
		"BenchmarkEnvelope/parse-transactions-only-4":     "Envelope/parse-transactions-only",
		"BenchmarkTrailingDash-":                          "TrailingDash-",
	} {
		if got := benchName(in); got != want {
			t.Errorf("benchName(%q) = %q, want %q", in, got, want)
		}
	}
}
