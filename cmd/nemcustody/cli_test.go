package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/transaction"
)

type result struct {
	code           int
	stdout, stderr string
}

// runCLI runs the command in-process with stdin as its standard input and
// no terminal: a prompt fails as it does without a controlling terminal.
func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return runCLITerm(t, noTerminal{}, stdin, args...)
}

// runCLITerm is runCLI with a terminal that answers prompts.
func runCLITerm(t *testing.T, term terminal, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := runWithClock(args, strings.NewReader(stdin), &stdout, &stderr, term, testClock)
	return result{code, stdout.String(), stderr.String()}
}

// testClock is this machine's clock in tests: ten minutes after the
// fixtures' node time, so that signing does not depend on the day the
// tests run.
func testClock() time.Time {
	return transaction.Timestamp(fixtureNodeTime).Time().Add(10 * time.Minute)
}

// requireOK checks a successful run and decodes its JSON output into v,
// refusing unknown fields.
func requireOK(t *testing.T, r result, v any) {
	t.Helper()
	require.Equal(t, exitOK, r.code, "stderr: %s", r.stderr)
	require.Empty(t, r.stderr)
	require.True(t, strings.HasSuffix(r.stdout, "}\n"), "output must be one JSON object and a newline: %q", r.stdout)
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(v))
	require.False(t, dec.More(), "more than one JSON value on stdout")
}

// requireFailure checks a failed run (exit 1): exactly one error line on
// stderr and nothing on stdout.
func requireFailure(t *testing.T, r result) {
	t.Helper()
	require.Equal(t, exitFailure, r.code, "stdout: %s stderr: %s", r.stdout, r.stderr)
	require.Empty(t, r.stdout)
	requireOneErrorLine(t, r.stderr)
}

func requireOneErrorLine(t *testing.T, stderr string) {
	t.Helper()
	require.True(t, strings.HasPrefix(stderr, "nemcustody: error: "), "stderr: %q", stderr)
	require.True(t, strings.HasSuffix(stderr, "\n"), "stderr: %q", stderr)
	require.Equal(t, 1, strings.Count(stderr, "\n"), "stderr must be one line: %q", stderr)
}

// requireUsage checks a usage error (exit 2): an error line, optionally
// followed by one hint line, and nothing on stdout.
func requireUsage(t *testing.T, r result) {
	t.Helper()
	require.Equal(t, exitUsage, r.code, "stdout: %s stderr: %s", r.stdout, r.stderr)
	require.Empty(t, r.stdout)
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	require.True(t, strings.HasSuffix(r.stderr, "\n"), "stderr: %q", r.stderr)
	require.True(t, strings.HasPrefix(lines[0], "nemcustody: error: "), "stderr: %q", r.stderr)
	require.LessOrEqual(t, len(lines), 2, "stderr: %q", r.stderr)
	if len(lines) == 2 {
		require.True(t, strings.HasPrefix(lines[1], "nemcustody: hint: "), "stderr: %q", r.stderr)
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--help"},
		{"-h"},
		{"help"},
	} {
		r := runCLI(t, "", args...)
		require.Equal(t, exitOK, r.code, "%q", args)
		require.Empty(t, r.stderr)
		for _, want := range []string{"key generate", "key inspect", "key derive", "address check", "tx sign",
			"plan create", "plan check", "request transfer", "request modification", "request conversion",
			"review REQUEST", "sign REQUEST", "combine REQUEST", "journal verify"} {
			require.Contains(t, r.stdout, want, "%q", args)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"key"}, "Usage: nemcustody key <command>"},
		{[]string{"key", "--help"}, "Usage: nemcustody key <command>"},
		{[]string{"help", "key"}, "Usage: nemcustody key <command>"},
		{[]string{"address", "-h"}, "Usage: nemcustody address <command>"},
		{[]string{"key", "generate", "--help"}, "Usage: nemcustody key generate"},
		{[]string{"key", "generate", "-h"}, "Usage: nemcustody key generate"},
		{[]string{"key", "inspect", "--help"}, "Usage: nemcustody key inspect"},
		{[]string{"key", "derive", "--help"}, "Usage: nemcustody key derive"},
		{[]string{"help", "key", "derive"}, "Usage: nemcustody key derive"},
		{[]string{"address", "check", "--help"}, "Usage: nemcustody address check"},
		// Help wins over everything else on the line.
		{[]string{"key", "inspect", "--network", "bogus", "--help"}, "Usage: nemcustody key inspect"},
		{[]string{"address", "check", "NOTANADDRESS", "--help"}, "Usage: nemcustody address check"},
		{[]string{"version", "--help"}, "Usage: nemcustody version"},
		{[]string{"plan"}, "Usage: nemcustody plan <command>"},
		{[]string{"request", "--help"}, "Usage: nemcustody request <command>"},
		{[]string{"journal", "help"}, "Usage: nemcustody journal <command>"},
		{[]string{"review", "--help"}, "Usage: nemcustody review REQUEST"},
		{[]string{"help", "review"}, "Usage: nemcustody review REQUEST"},
		{[]string{"sign", "-h"}, "Usage: nemcustody sign REQUEST"},
		{[]string{"help", "sign"}, "Usage: nemcustody sign REQUEST"},
		{[]string{"combine", "--help"}, "Usage: nemcustody combine REQUEST"},
		{[]string{"sign", "req", "--keystore", "x", "--help"}, "Usage: nemcustody sign REQUEST"},
	} {
		r := runCLI(t, "", tc.args...)
		require.Equal(t, exitOK, r.code, "%q: %s", tc.args, r.stderr)
		require.Empty(t, r.stderr, "%q", tc.args)
		require.True(t, strings.HasPrefix(r.stdout, tc.want), "%q: %s", tc.args, r.stdout)
	}
	require.Contains(t, runCLI(t, "", "key", "generate", "--help").stdout, "age file encrypted to a passphrase")
}

// TestEveryCommandHasHelp: --help on every command prints its full usage,
// with an example, and names every flag the command registers (read from
// its flag set).
func TestEveryCommandHasHelp(t *testing.T) {
	var seen *flag.FlagSet
	observeFlags = func(fs *flag.FlagSet) { seen = fs }
	t.Cleanup(func() { observeFlags = nil })
	n := 0
	for _, g := range groups {
		cmds := g.commands
		if g.single != nil {
			cmds = []*command{g.single}
		}
		for _, c := range cmds {
			args := []string{g.name, c.name, "--help"}
			if g.single != nil {
				args = []string{g.name, "--help"}
			}
			seen = nil
			r := runCLI(t, "", args...)
			require.Equal(t, exitOK, r.code, "%q", args)
			require.Empty(t, r.stderr)
			require.Equal(t, c.usage, r.stdout)
			require.NotNil(t, seen, "%q parses no flags", args)
			seen.VisitAll(func(f *flag.Flag) {
				require.Regexp(t, `(^|[\s\[(|])--`+regexp.QuoteMeta(f.Name)+`([\s=\])|,]|$)`, r.stdout, "%q: the help does not name --%s", args, f.Name)
			})
			require.True(t, strings.HasPrefix(r.stdout, "Usage: nemcustody "+strings.Join(args[:len(args)-1], " ")), "%q", args)
			require.Contains(t, r.stdout, "\nExample:\n  nemcustody ", "%q", args)
			for _, line := range strings.Split(r.stdout, "\n") {
				require.LessOrEqual(t, len(line), 100, "%q: %q", args, line)
			}
			n++
		}
	}
	require.Equal(t, 38, n)
}

func TestVersion(t *testing.T) {
	for _, arg := range []string{"version", "--version", "-version"} {
		var v struct{ Version, Go string }
		requireOK(t, runCLI(t, "", arg), &v)
		require.NotEmpty(t, v.Version, arg)
		require.True(t, strings.HasPrefix(v.Go, "go"), arg)
	}
	requireUsage(t, runCLI(t, "", "--version", "x"))
}

func TestUsageErrors(t *testing.T) {
	const addr = "TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMF"
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
	}{
		{"unknown group", "", []string{"bogus"}},
		{"flag before group", "", []string{"--network", "testnet", "key", "inspect"}},
		{"unknown key command", "", []string{"key", "bogus"}},
		{"unknown address command", "", []string{"address", "bogus"}},
		{"help with extra arguments", "", []string{"--help", "key"}},
		{"help for an unknown group", "", []string{"help", "bogus"}},
		{"version with an argument", "", []string{"version", "x"}},
		{"generate without network", "", []string{"key", "generate", "--out", "x"}},
		{"generate with unknown network", "", []string{"key", "generate", "--network", "catapult"}},
		{"generate with an argument", "", []string{"key", "generate", "--network", "testnet", "x"}},
		{"generate to stdout", "", []string{"key", "generate", "--network", "testnet", "--out", "-"}},
		{"generate with empty out", "", []string{"key", "generate", "--network", "testnet", "--out="}},
		{"generate with unknown flag", "", []string{"key", "generate", "--network", "testnet", "--force"}},
		{"inspect without network", strings.Repeat("a", 64), []string{"key", "inspect"}},
		{"inspect with empty network", strings.Repeat("a", 64), []string{"key", "inspect", "--network="}},
		{"inspect with network 0x90", strings.Repeat("a", 64), []string{"key", "inspect", "--network", "mijintest"}},
		{"inspect network flag without value", strings.Repeat("a", 64), []string{"key", "inspect", "--network"}},
		{"inspect with key as argument", "", []string{"key", "inspect", "--network", "testnet", strings.Repeat("a", 64)}},
		{"derive without network", "", []string{"key", "derive", "--account", "0"}},
		{"derive without account", "", []string{"key", "derive", "--network", "mainnet"}},
		{"derive with negative account", "", []string{"key", "derive", "--network", "mainnet", "--account", "-1"}},
		{"derive with account 2^31", "", []string{"key", "derive", "--network", "mainnet", "--account", "2147483648"}},
		{"derive with hex account", "", []string{"key", "derive", "--network", "mainnet", "--account", "0x1"}},
		{"derive with passphrase flag", "", []string{"key", "derive", "--network", "mainnet", "--account", "0", "--passphrase", "TREZOR"}},
		{"derive with bad bool", "", []string{"key", "derive", "--network", "mainnet", "--account", "0", "--show-private-key=maybe"}},
		{"derive with mnemonic as argument", "", []string{"key", "derive", "--network", "mainnet", "--account", "0", "abandon"}},
		{"check without address", "", []string{"address", "check"}},
		{"check with network only", "", []string{"address", "check", "--network", "testnet"}},
		{"check with two addresses", "", []string{"address", "check", addr, addr}},
		{"check with unknown network", "", []string{"address", "check", addr, "--network", "nope"}},
		{"check with unknown flag", "", []string{"address", "check", addr, "--strict"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			requireUsage(t, runCLI(t, tc.stdin, tc.args...))
		})
	}
}

func TestUsageErrorsDoNotEchoArguments(t *testing.T) {
	const secret = "5b0e3fa5d3b49a79022d7c1e121ba1cbbf4db5821f47ab8c708ef88defc29bfe"
	const mnemonic = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
	for _, args := range [][]string{
		{secret},
		{"key", secret},
		{"key", "inspect", "--network", "mainnet", secret},
		{"key", "derive", "--network", "mainnet", "--account", "0", secret},
		{"key", "derive", "--network", "mainnet", "--account", "0", "--show-private-key=" + secret},
		{"address", "check", "TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMF", secret},
		// A secret pasted with a leading dash is read as a flag.
		{"key", "inspect", "--network", "testnet", "-" + secret},
		{"key", "inspect", "--network", "testnet", "--" + secret},
		{"key", "inspect", "-" + secret + "=1"},
		{"key", "inspect", "---" + secret},
		{"key", "inspect", "-=" + secret},
		{"key", "derive", "--network", "mainnet", "--account", "0", "-" + mnemonic},
		{"key", "derive", "--network", "mainnet", "--account", "0", "---" + mnemonic},
		{"tx", "sign", "-" + secret},
	} {
		r := runCLI(t, "", args...)
		requireUsage(t, r)
		require.NotContains(t, r.stderr, secret, "%q", args)
		require.NotContains(t, r.stderr, secret[:16], "%q", args)
		require.NotContains(t, r.stderr, "abandon", "%q", args)
	}
}

// TestFlagErrorMessages: what the flag package refuses is reported without
// the argument, naming its position among the command's arguments.
func TestFlagErrorMessages(t *testing.T) {
	const hint = "nemcustody: hint: run 'nemcustody key inspect --help'\n"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--network", "testnet", "-575dbb30"}, "unknown flag (argument 3)"},
		{[]string{"-575dbb30", "--network", "testnet"}, "unknown flag (argument 1)"},
		{[]string{"--network", "testnet", "A", "--bogus=575dbb30"}, "unknown flag --bogus (argument 4)"},
		{[]string{"A", "B", "--network=testnet", "C", "--bogus"}, "unknown flag --bogus (argument 5)"},
		{[]string{"--netwrok", "testnet"}, "unknown flag --netwrok (argument 1; did you mean --network?)"},
		{[]string{"--passphrase=hunter2hunter2"}, "unknown flag --passphrase (argument 1; did you mean --passphrase-fd?)"},
		{[]string{"--key-store", "x"}, "unknown flag --key-store (argument 1; did you mean --keystore?)"},
		{[]string{"-abandon abandon"}, "unknown flag (argument 1)"},
		{[]string{"-" + strings.Repeat("a", 33)}, "unknown flag (argument 1)"},
		{[]string{"--network", "testnet", "---575dbb30"}, "bad flag syntax (argument 3)"},
		{[]string{"A", "-=575dbb30"}, "bad flag syntax (argument 2)"},
		{[]string{"A", "--network"}, "flag needs an argument: -network"},
	} {
		r := runCLI(t, "", append([]string{"key", "inspect"}, tc.args...)...)
		require.Equal(t, exitUsage, r.code, "%q", tc.args)
		require.Equal(t, "nemcustody: error: "+tc.want+"\n"+hint, r.stderr, "%q", tc.args)
	}
	require.Equal(t, "invalid flags", flagErrorMessage(errors.New("some new message quoting 575dbb30"), 1, nil))
}

func TestParseFlags(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		network string
		pos     []string
	}{
		{[]string{"A"}, "", []string{"A"}},
		{[]string{"--network", "n", "A"}, "n", []string{"A"}},
		{[]string{"A", "--network", "n"}, "n", []string{"A"}},
		{[]string{"A", "-network=n", "B"}, "n", []string{"A", "B"}},
		{[]string{"--", "--network", "n"}, "", []string{"--network", "n"}},
		{[]string{"A", "--", "-B"}, "", []string{"A", "-B"}},
		{[]string{"-", "--network", "n"}, "n", []string{"-"}},
	} {
		flags := newFlagSet("test")
		network := flags.String("network", "", "")
		pos, err := parseFlags(flags, tc.args)
		require.NoError(t, err, "%q", tc.args)
		require.Equal(t, tc.network, *network, "%q", tc.args)
		require.Equal(t, tc.pos, pos, "%q", tc.args)
	}
}

func TestErrorLineHasNoControlCharacters(t *testing.T) {
	// A file name with a newline must not split the error line.
	r := runCLI(t, "abandon", "key", "derive", "--network", "mainnet", "--account", "0",
		"--passphrase-file", filepath.Join(t.TempDir(), "no\nsuch\rfile"))
	requireFailure(t, r)
}

type panicReader struct{}

func (panicReader) Read([]byte) (int, error) { panic("boom: secret") }

func TestPanicIsReportedWithoutDetail(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"key", "inspect", "--network", "mainnet"}, panicReader{}, &stdout, &stderr)
	require.Equal(t, exitFailure, code)
	require.Empty(t, stdout.String())
	requireOneErrorLine(t, stderr.String())
	require.NotContains(t, stderr.String(), "secret")
}

type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestStdoutWriteFailure(t *testing.T) {
	var stderr bytes.Buffer
	code := run([]string{"address", "check", "TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMF"}, nil, errWriter{}, &stderr)
	require.Equal(t, exitFailure, code)
	requireOneErrorLine(t, stderr.String())
}

func TestStdinSizeCap(t *testing.T) {
	big := strings.Repeat(" ", maxInputSize) + strings.Repeat("a", 64)
	r := runCLI(t, big, "key", "inspect", "--network", "mainnet")
	requireFailure(t, r)
	require.Contains(t, r.stderr, "larger than")
}

// TestBinary builds the real program and checks the exit status and output of
// a failing run, so that os.Exit wiring and the absence of panics are tested
// outside the in-process harness too.
func TestBinary(t *testing.T) {
	t.Parallel()
	bin := builtBinary(t)

	const badKey = "zz0e3fa5d3b49a79022d7c1e121ba1cbbf4db5821f47ab8c708ef88defc29bfe"
	cmd := exec.Command(bin, "key", "inspect", "--network", "mainnet")
	cmd.Stdin = strings.NewReader(badKey + "\n")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	require.ErrorAs(t, err, &exitErr)
	require.Equal(t, exitFailure, exitErr.ExitCode())
	require.Empty(t, stdout.String())
	requireOneErrorLine(t, stderr.String())
	require.NotContains(t, stderr.String(), "panic")
	require.NotContains(t, stderr.String(), badKey)

	cmd = exec.Command(bin, "key", "inspect")
	cmd.Stdin = strings.NewReader(badKey)
	stdout.Reset()
	stderr.Reset()
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	require.ErrorAs(t, err, &exitErr)
	require.Equal(t, exitUsage, exitErr.ExitCode())
	require.Empty(t, stdout.String())

	out, err := exec.Command(bin, "address", "check", "TB3JCHVARQNGDS3UVGAJPTFE22UQFGMCQHSBNBMF").Output()
	require.NoError(t, err)
	require.Contains(t, string(out), `"valid": true`)
}

// FuzzStdin runs the commands that read stdin, and address check, on
// arbitrary input: every run must end in success (exit 0, one JSON object)
// or a clean failure (exit 1, one error line, empty stdout), never in the
// internal error a recovered panic gives, and never repeat the input.
func FuzzStdin(f *testing.F) {
	commands := [][]string{
		{"key", "inspect", "--network", "mainnet"},
		{"key", "derive", "--network", "testnet", "--account", "0"},
		{"address", "check", "--network", "testnet", "--"},
	}
	for i := range commands {
		f.Add(uint8(i), "5b0e3fa5d3b49a79022d7c1e121ba1cbbf4db5821f47ab8c708ef88defc29bfe\n")
		f.Add(uint8(i), "00e8bf9bc0f35c12d8c8bf94dd3a8b5b4034f1063948e3cc5304e55e31aa4b95a6")
		f.Add(uint8(i), trezorMnemonic)
		f.Add(uint8(i), "legal winner thank year wave sausage worth useful legal winner thank thank")
		f.Add(uint8(i), "TB3JCH-VARQNG-DS3UVG-AJPTFE-22UQFG-MCQHSB-NBMF")
		f.Add(uint8(i), "")
	}
	f.Fuzz(func(t *testing.T, which uint8, input string) {
		args := commands[int(which)%len(commands)]
		stdin := input
		if args[0] == "address" {
			args = append(args[:len(args):len(args)], input)
			stdin = ""
		}
		r := runCLI(t, stdin, args...)
		require.NotContains(t, r.stderr, "internal error")
		switch r.code {
		case exitOK:
			require.Empty(t, r.stderr)
			require.True(t, json.Valid([]byte(r.stdout)), "%q", r.stdout)
		case exitFailure:
			requireFailure(t, r)
			if f := strings.TrimSpace(input); len(f) >= 8 {
				require.NotContains(t, r.stderr, f)
			}
		default:
			t.Fatalf("exit status %d: %s", r.code, r.stderr)
		}
	})
}
