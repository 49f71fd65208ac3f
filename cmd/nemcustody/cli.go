package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/nemcustody/nemcustody/sign"
)

// Exit codes.
const (
	exitOK      = 0 // success
	exitFailure = 1 // the command ran and failed: bad input, I/O error
	exitUsage   = 2 // the command line is wrong: unknown command, bad or missing flags
)

// maxInputSize caps what is read from stdin or from a secret file. Every input
// the CLI reads today (a key, a mnemonic, a passphrase) is far smaller.
const maxInputSize = 64 << 10

// groups lists the subcommand groups, in the order the usage text shows them.
// A new group (tx, sign, qr, watch...) is one more entry here and one file.
var groups = []*group{keyGroup, addressGroup, txGroup, planGroup, policyGroup, requestGroup, reviewGroup, signGroup, combineGroup, announceGroup, payoutGroup, nodeGroup, accountGroup, journalGroup, qrGroup, watchGroup}

// A group is a first-level subcommand such as "key", holding commands such as
// "key generate". A group with single set is itself one command ("review
// REQUEST"): its arguments go straight to that command.
type group struct {
	name     string
	summary  string
	commands []*command
	single   *command
}

// A command is one runnable subcommand. Its run function writes its result
// to e.out and returns an error; help (flag.ErrHelp) and usage errors are
// turned into output and exit codes by the caller.
type command struct {
	name     string
	summary  string
	synopsis string // for a single-command group: the line the main usage shows
	usage    string // full help text, printed for --help
	run      func(e *env, args []string) error
}

// env is what a command may use. Output is buffered: it reaches the real
// stdout only when the command succeeds, so a failure never leaves partial
// output behind. A command that runs until interrupted (watch) streams to
// stdout and stderr instead. Warnings and notes are held back the same way: they are
// printed on stderr only when the command succeeds, so that a failure is
// exactly one error line.
type env struct {
	stdin io.Reader
	out   *bytes.Buffer
	// stdout is for a command that runs until interrupted (watch) and
	// streams its results; every other command writes to out.
	stdout io.Writer
	// stderr is written to at once. Only what a person must read while the
	// command runs goes there (the review before "Type YES to sign"); a
	// command that writes to it and then fails still ends with its one
	// error line, printed last.
	stderr io.Writer
	// notes are "warning" and "note" lines, printed if the command succeeds.
	notes []note
	term  terminal
	// now is this machine's clock (time.Now); the offline signer compares
	// a request's node time with it.
	now func() time.Time
	// nodeHTTP is the HTTP client of watch's node client; nil means nis's
	// default. Tests serve a fake node in process (no sockets, so a
	// synctest bubble runs the watch on its own clock).
	nodeHTTP *http.Client
	// interrupted returns the context a command that runs until
	// interrupted (watch) runs in; nil means one that ends on SIGINT or
	// SIGTERM.
	interrupted func() (context.Context, context.CancelFunc)
}

type note struct{ kind, msg string }

// warn queues a "nemcustody: warning:" line.
func (e *env) warn(format string, args ...any) {
	e.notes = append(e.notes, note{"warning", fmt.Sprintf(format, args...)})
}

// note queues a "nemcustody: note:" line.
func (e *env) note(format string, args ...any) {
	e.notes = append(e.notes, note{"note", fmt.Sprintf(format, args...)})
}

// usageError is a mistake on the command line: exit status 2.
type usageError struct {
	msg  string
	hint string // optional; filled in with "run '... --help'" when empty
}

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// run is the whole program, callable in-process by tests. It never panics:
// a panic (a bug) is reported as an internal error without any detail that
// could hold secret input.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runWith(args, stdin, stdout, stderr, defaultTerminal)
}

// runWith is run with the terminal that prompts use; tests pass their own.
func runWith(args []string, stdin io.Reader, stdout, stderr io.Writer, term terminal) int {
	return runWithClock(args, stdin, stdout, stderr, term, time.Now)
}

// runWithClock is runWith with this machine's clock; tests pass their own.
func runWithClock(args []string, stdin io.Reader, stdout, stderr io.Writer, term terminal, now func() time.Time) (code int) {
	out := new(bytes.Buffer)
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	return runEnv(&env{stdin: stdin, out: out, stdout: stdout, stderr: stderr, term: term, now: now}, args)
}

// runEnv runs the command args in e.
func runEnv(e *env, args []string) (code int) {
	out, stderr, stdout := e.out, e.stderr, e.stdout
	defer func() {
		// The buffer may hold a secret the user asked for; do not leave it
		// on the heap longer than needed.
		clear(out.Bytes())
	}()
	defer func() {
		if r := recover(); r != nil {
			printLine(stderr, "error", "internal error (this is a bug; please report it)")
			code = exitFailure
		}
	}()
	if err := dispatch(e, args); err != nil {
		return report(stderr, err)
	}
	for _, n := range e.notes {
		printLine(stderr, n.kind, n.msg)
	}
	if _, err := stdout.Write(out.Bytes()); err != nil {
		printLine(stderr, "error", "writing output: "+err.Error())
		return exitFailure
	}
	return exitOK
}

func dispatch(e *env, args []string) error {
	if len(args) == 0 {
		e.out.WriteString(mainUsage())
		return nil
	}
	switch args[0] {
	case "-h", "-help", "--help":
		if len(args) > 1 {
			return &usageError{msg: "unexpected arguments after --help", hint: "run 'nemcustody --help'"}
		}
		e.out.WriteString(mainUsage())
		return nil
	case "help":
		if len(args) == 1 {
			e.out.WriteString(mainUsage())
			return nil
		}
		// "help key inspect" is "key inspect --help".
		return dispatch(e, slices.Concat(args[1:], []string{"--help"}))
	case "version", "--version", "-version":
		return runVersion(e, args[1:])
	}
	for _, g := range groups {
		if g.name == args[0] {
			return g.dispatch(e, args[1:])
		}
	}
	// The unknown word is not repeated: it could be a pasted secret.
	if strings.HasPrefix(args[0], "-") {
		return &usageError{msg: "flags go after the command", hint: "run 'nemcustody --help'"}
	}
	return &usageError{msg: "unknown command", hint: "run 'nemcustody --help' for the list of commands"}
}

func (g *group) dispatch(e *env, args []string) error {
	if g.single != nil {
		return g.single.exec(e, args, g.name)
	}
	if len(args) == 0 || isHelpArg(args[0]) || args[0] == "help" {
		if len(args) > 1 {
			return &usageError{msg: "unexpected arguments after --help", hint: fmt.Sprintf("run 'nemcustody %s --help'", g.name)}
		}
		e.out.WriteString(g.usage())
		return nil
	}
	for _, c := range g.commands {
		if c.name == args[0] {
			return c.exec(e, args[1:], g.name+" "+c.name)
		}
	}
	return &usageError{
		msg:  fmt.Sprintf("unknown %s command", g.name),
		hint: fmt.Sprintf("run 'nemcustody %s --help' for the list of %s commands", g.name, g.name),
	}
}

// exec runs c; fullName ("key generate", "review") is used in hints.
func (c *command) exec(e *env, args []string, fullName string) error {
	err := c.run(e, args)
	if errors.Is(err, flag.ErrHelp) {
		e.out.Reset()
		e.notes = nil
		e.out.WriteString(c.usage)
		return nil
	}
	var ue *usageError
	if errors.As(err, &ue) && ue.hint == "" {
		ue.hint = fmt.Sprintf("run 'nemcustody %s --help'", fullName)
	}
	return err
}

func isHelpArg(s string) bool { return s == "-h" || s == "-help" || s == "--help" }

func mainUsage() string {
	var b strings.Builder
	b.WriteString(`nemcustody: NEM (NIS1) multisig and cold-storage custody tools.

Usage:
  nemcustody <group> <command> [flags] [arguments]
  nemcustody <group> <command> --help

Results are JSON on stdout (qr prints codes, part texts or the decoded
payload); errors are one line on stderr. Exit status: 0 ok, 1 failure,
2 usage error (watch: 3 when it raised alerts). Secrets are read from
stdin or files, never from the command line.
`)
	for _, g := range groups {
		fmt.Fprintf(&b, "\n%s: %s\n", g.name, g.summary)
		if g.single != nil {
			fmt.Fprintf(&b, "  %s\n", g.single.synopsis)
		}
		for _, c := range g.commands {
			fmt.Fprintf(&b, "  %-23s %s\n", g.name+" "+c.name, c.summary)
		}
	}
	b.WriteString(`
other:
  help [group [command]]  show help
  version, --version      show the version
`)
	return b.String()
}

func (g *group) usage() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: nemcustody %s <command> [flags]\n\n%s.\n\nCommands:\n", g.name, upperFirst(g.summary))
	width := 10
	for _, c := range g.commands {
		width = max(width, len(c.name))
	}
	for _, c := range g.commands {
		fmt.Fprintf(&b, "  %-*s %s\n", width, c.name, c.summary)
	}
	fmt.Fprintf(&b, "\nRun 'nemcustody %s <command> --help' for details.\n", g.name)
	return b.String()
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func runVersion(e *env, args []string) error {
	flags := newFlagSet("version")
	pos, err := parseFlags(flags, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			e.out.WriteString("Usage: nemcustody version\n\nPrints the module version and the Go version as JSON.\n")
			return nil
		}
		return err
	}
	if len(pos) > 0 {
		return &usageError{msg: "version takes no arguments", hint: "run 'nemcustody --help'"}
	}
	v := "(unknown)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	return writeJSON(e, struct {
		Version string `json:"version"`
		Go      string `json:"go"`
	}{v, runtime.Version()})
}

// report prints err on stderr and returns the exit status for it: one
// "error" line, plus a "hint" line for usage errors.
func report(stderr io.Writer, err error) int {
	var es *exitStatus
	if errors.As(err, &es) {
		return es.code
	}
	var ue *usageError
	if errors.As(err, &ue) {
		printLine(stderr, "error", ue.msg)
		if ue.hint != "" {
			printLine(stderr, "hint", ue.hint)
		}
		return exitUsage
	}
	printLine(stderr, "error", err.Error())
	return exitFailure
}

// printLine writes "nemcustody: kind: msg" as exactly one line: control
// characters (a newline in a file name, say) are replaced.
func printLine(w io.Writer, kind, msg string) {
	msg = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, msg)
	fmt.Fprintf(w, "nemcustody: %s: %s\n", kind, msg)
}

// writeJSON writes v as one indented JSON object and a newline.
func writeJSON(e *env, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding output: %w", err)
	}
	e.out.Write(b)
	e.out.WriteByte('\n')
	clear(b)
	return nil
}

// newFlagSet returns a flag set that reports errors instead of printing or
// exiting; commands print their own usage text.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// observeFlags, when set (by tests), is given every flag set before it
// is parsed: the test that every help text names every flag the command
// registers reads them through it.
var observeFlags func(*flag.FlagSet)

// parseFlags parses args allowing flags before, between and after positional
// arguments ("address check ADDR --network testnet"). Everything after "--"
// is positional. It returns flag.ErrHelp for -h/--help, and a *usageError for
// anything else the flag package refuses.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	if observeFlags != nil {
		observeFlags(fs)
	}
	var pos []string
	done := 0 // the command's arguments before args
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &usageError{msg: flagErrorMessage(err, done+len(args)-len(fs.Args()), fs)}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// fs.Parse stops at the first non-flag argument, or consumes "--"
		// and stops after it.
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		done += len(args) - len(rest) + 1
		args = rest[1:]
	}
}

// Messages of the flag package that quote what was given: a value, or a
// whole argument that is not a defined flag. Either could be a secret
// pasted in the wrong place, so flagErrorMessage never repeats them.
var (
	// `invalid value "x" for flag -account: parse error`,
	// `invalid boolean value "x" for -show-private-key: parse error`.
	flagValueError = regexp.MustCompile(`(?s)^invalid (?:boolean )?value ".*" for (?:flag )?(-\S+?):`)
	// "flag needs an argument: -network": the name is a defined flag's.
	flagNeedsArgument = regexp.MustCompile(`^flag needs an argument: -([A-Za-z0-9-]+)$`)
)

// flagUndefined is "flag provided but not defined: -name": the flag
// package quotes the name without its value (what followed "=").
var flagUndefined = regexp.MustCompile(`^flag provided but not defined: -(.*)$`)

// plausibleFlagName matches what is named back in an error: letters and
// inner dashes, at most 32 characters, as a mistyped flag looks. A key or
// a mnemonic pasted with a leading dash has digits or spaces, or is long,
// and is never repeated.
var plausibleFlagName = regexp.MustCompile(`^[A-Za-z][A-Za-z-]{0,31}$`)

// flagErrorMessage rewrites an error of the flag package so that it never
// repeats a value, which could be something the user did not mean to
// show: only a flag's name is kept, and an unknown flag's only when it
// looks like a flag name (plausibleFlagName), with the closest flag fs
// defines as a suggestion. consumed is the number of the command's
// arguments the flag package had taken when it failed; it names the
// argument of an unknown flag or a bad flag syntax.
func flagErrorMessage(err error, consumed int, fs *flag.FlagSet) string {
	msg := err.Error()
	switch {
	case flagValueError.MatchString(msg):
		return "invalid value for -" + flagValueError.FindStringSubmatch(msg)[1]
	case flagNeedsArgument.MatchString(msg):
		return msg
	case flagUndefined.MatchString(msg):
		// The unknown flag was taken.
		name := flagUndefined.FindStringSubmatch(msg)[1]
		if !plausibleFlagName.MatchString(name) {
			return fmt.Sprintf("unknown flag (argument %d)", consumed)
		}
		if s := closestFlag(fs, name); s != "" {
			return fmt.Sprintf("unknown flag --%s (argument %d; did you mean --%s?)", name, consumed, s)
		}
		return fmt.Sprintf("unknown flag --%s (argument %d)", name, consumed)
	case strings.HasPrefix(msg, "bad flag syntax: "):
		// The argument was not taken.
		return fmt.Sprintf("bad flag syntax (argument %d)", consumed+1)
	}
	return "invalid flags"
}

// closestFlag returns the flag of fs that name most likely meant: one
// that starts with it or that it starts with, else one at most two edits
// away; "" when there is none.
func closestFlag(fs *flag.FlagSet, name string) string {
	if fs == nil {
		return ""
	}
	best, bestDist := "", 3
	name = strings.ToLower(name)
	fs.VisitAll(func(f *flag.Flag) {
		d := editDistance(name, f.Name)
		if strings.HasPrefix(f.Name, name) || strings.HasPrefix(name, f.Name) {
			d = min(d, 1)
		}
		if d < bestDist || d == bestDist && f.Name < best {
			best, bestDist = f.Name, d
		}
	})
	return best
}

// editDistance is the Levenshtein distance of a and b (bytes).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// readInput reads all of r, refusing more than maxInputSize bytes. what names
// the input in errors ("stdin", "passphrase file").
func readInput(r io.Reader, what string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxInputSize+1))
	if err != nil {
		clear(b)
		return nil, fmt.Errorf("reading %s: %w", what, err)
	}
	if len(b) > maxInputSize {
		clear(b)
		return nil, fmt.Errorf("%s is larger than %d bytes", what, maxInputSize)
	}
	return b, nil
}

// networkFlag parses the value of --network; required says whether an empty
// value is an error.
func networkFlag(s string, required bool) (sign.Network, bool, error) {
	if s == "" {
		if required {
			return 0, false, usagef("--network is required: mainnet, testnet or mijin")
		}
		return 0, false, nil
	}
	n, err := sign.ParseNetwork(s)
	if err != nil {
		return 0, false, usagef("--network must be mainnet, testnet or mijin")
	}
	return n, true, nil
}
