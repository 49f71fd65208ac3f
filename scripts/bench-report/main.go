// Command bench-report runs the project's benchmarks, each beside its
// same-run baseline, and prints the ratios with their targets (issue 7):
//
//	go run ./scripts/bench-report [-count 5] [-benchtime 1s]
//
// It exits 1 if a ratio is over its target. Timings on a shared machine
// are noisy: the report takes the median of -count runs, and CI does not
// gate on it.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
)

type row struct {
	what, pkg, bench, base string
	target                 float64 // 0: reported, no target
}

var rows = []row{
	{"Sign, 200-byte message (vs crypto/ed25519)", "./sign", "Sign/nemcustody", "Sign/stdlib", 1.10},
	{"Verify, 200-byte message (vs crypto/ed25519)", "./sign", "Verify/nemcustody", "Verify/stdlib", 1.15},
	{"Key from seed (vs crypto/ed25519)", "./sign", "KeyFromSeed/nemcustody", "KeyFromSeed/stdlib", 0},
	{"HD key, SLIP-10 m/44'/1'/0'/0'/0'", "./sign", "HDDerive/slip10", "", 0},
	{"HD key from a mnemonic (PBKDF2 2048 rounds)", "./sign", "HDDerive/mnemonic", "", 0},
	{"Address from a public key", "./sign", "Address/derive", "", 0},
	{"Encode + hash a transfer (vs Keccak-256 of its bytes)", "./transaction", "EncodeHash/encode+hash", "EncodeHash/keccak-only", 1.5},
	{"Parse a transfer strictly (vs Keccak-256 of its bytes)", "./transaction", "Parse/parse", "Parse/keccak-only", 1.3},
	{"2-of-3 withdrawal flow (vs its 2 signs + 2 verifies)", "./multisig", "WithdrawalFlow/flow", "WithdrawalFlow/raw-2-sign-2-verify", 1.3},
	{"Coldwallet 2-of-3 flow (vs 2 signs, 2 verifies, fsync)", "./coldwallet", "ColdFlow/flow", "ColdFlow/raw-2-sign-2-verify-1-fsync", 1.3},
	{"Read + Combine a 2-of-3 response (vs its 2 verifies)", "./coldwallet", "ColdFlow/combine", "ColdFlow/raw-2-verify", 1.3},
	{"Request envelope write", "./coldwallet", "Envelope/write", "", 0},
	{"Request envelope read (vs parsing its transactions)", "./coldwallet", "Envelope/read", "Envelope/parse-transactions-only", 0},
	{"1,000 withdrawals, payout on SQLite (vs signing them)", "./payout", "Payout/sqlite", "Payout/raw-signing", 0},
}

type result struct{ ns, allocs []float64 }

func main() {
	count := flag.Int("count", 5, "runs per benchmark (the median is reported)")
	benchtime := flag.String("benchtime", "1s", "go test -benchtime")
	flag.Parse()
	results := map[string]*result{}
	pkgs := []string{}
	for _, r := range rows {
		if !slices.Contains(pkgs, r.pkg) {
			pkgs = append(pkgs, r.pkg)
		}
	}
	for _, pkg := range pkgs {
		var names []string
		for _, r := range rows {
			if r.pkg == pkg {
				names = append(names, strings.Split(r.bench, "/")[0])
			}
		}
		pattern := "^Benchmark(" + strings.Join(slices.Compact(slices.Sorted(slices.Values(names))), "|") + ")$"
		cmd := exec.Command("go", "test", "-run", "^$", "-bench", pattern, "-benchmem",
			"-count", strconv.Itoa(*count), "-benchtime", *benchtime, pkg)
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench-report: %s: %v\n", pkg, err)
			os.Exit(1)
		}
		parse(pkg, out, results)
	}
	fmt.Printf("| %-55s | %12s | %12s | %6s | %7s | %s\n", "measure", "ns/op", "baseline", "ratio", "target", "allocs/op")
	fmt.Printf("|%s|%s|%s|%s|%s|%s\n", strings.Repeat("-", 57), strings.Repeat("-", 14), strings.Repeat("-", 14), strings.Repeat("-", 8), strings.Repeat("-", 9), strings.Repeat("-", 10))
	failed := false
	for _, r := range rows {
		m := results[r.pkg+" "+r.bench]
		if m == nil {
			fmt.Fprintf(os.Stderr, "bench-report: no result for %s %s\n", r.pkg, r.bench)
			os.Exit(1)
		}
		base, ratio, target := "", "", ""
		if r.base != "" {
			b := results[r.pkg+" "+r.base]
			if b == nil {
				fmt.Fprintf(os.Stderr, "bench-report: no result for %s %s\n", r.pkg, r.base)
				os.Exit(1)
			}
			q := median(m.ns) / median(b.ns)
			base, ratio = fmt.Sprintf("%.0f", median(b.ns)), fmt.Sprintf("%.2fx", q)
			if r.target > 0 {
				target = fmt.Sprintf("<= %.2f", r.target)
				if q > r.target {
					target += " OVER"
					failed = true
				}
			}
		}
		fmt.Printf("| %-55s | %12.0f | %12s | %6s | %7s | %.0f\n", r.what, median(m.ns), base, ratio, target, median(m.allocs))
	}
	if failed {
		os.Exit(1)
	}
}

// benchName returns a benchmark's name without "Benchmark" and without
// the "-N" that go test appends when GOMAXPROCS is N > 1: only a trailing
// dash followed by digits, so that "EncodeHash/keccak-only" (GOMAXPROCS=1:
// no suffix) keeps its name.
func benchName(field string) string {
	name := strings.TrimPrefix(field, "Benchmark")
	i := strings.LastIndexByte(name, '-')
	if i <= 0 || i == len(name)-1 {
		return name
	}
	for _, c := range name[i+1:] {
		if c < '0' || c > '9' {
			return name
		}
	}
	return name[:i]
}

// parse collects ns/op and allocs/op of "BenchmarkName/sub-N ..." lines.
func parse(pkg string, out []byte, results map[string]*result) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := benchName(f[0])
		r := results[pkg+" "+name]
		if r == nil {
			r = &result{}
			results[pkg+" "+name] = r
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				r.ns = append(r.ns, v)
			case "allocs/op":
				r.allocs = append(r.allocs, v)
			}
		}
	}
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(v))
	return s[len(s)/2]
}
