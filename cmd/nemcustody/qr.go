package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/nemcustody/nemcustody/coldwallet/qr"
)

var qrGroup = &group{
	name:     "qr",
	summary:  "carry payloads across the air gap as QR codes",
	commands: []*command{qrEncodeCmd, qrDecodeCmd},
}

// terminalMaxVersion is the default largest QR version for --terminal: a
// version 15 code is 85 columns and 43 lines with its quiet zone, which a
// full-screen Linux console shows on a 1366 x 768 laptop. PNGs and text use
// qr.DefaultMaxVersion (20: 105 x 105 modules).
const terminalMaxVersion = 15

// maxScanFileSize caps each file qr decode reads: the text of the largest
// payload is about 420 KiB, and a file may hold duplicates.
const maxScanFileSize = 4 << 20

var qrEncodeCmd = &command{
	name:    "encode",
	summary: "split a file into QR codes: terminal, PNG files or text",
	run:     runQREncode,
	usage: `Usage: nemcustody qr encode [--terminal | --png DIR | --text] [flags] FILE

Splits FILE ("-" for stdin; any bytes, up to 262144) into numbered parts that
fit one QR code each, and shows them. A small file is one part. The part
format is documented in package coldwallet/qr. Read the codes back with
'nemcustody qr decode', in any order.

Output, one of:
  --terminal     draw the codes with text characters, captioned "part i of
                 n" (the default). On a terminal, one part at a time: Enter
                 shows the next (after the last, the first again), q and
                 Enter stops. With --interval the parts cycle by themselves,
                 an animated code for a camera, until interrupted (Ctrl-C)
                 or --cycles runs are done. When stdout is not a terminal,
                 every part is printed, one after the other. Drawn for light
                 text on a dark background; add --invert for dark text on a
                 light background. Make the window large enough for a
                 whole code: at the default version 15, 85 columns and 43
                 lines.
  --png DIR      write one PNG per part into DIR (created if missing), named
                 nc1-<payload id>-<i>-of-<n>.png, mode 0644, captioned under
                 the code with "PART i/n" and the payload id. Never
                 overwrites a file. Prints JSON: payloadId, payloadSize,
                 parts, files.
  --text         print the text of each part, one per line: what a scanner
                 returns.

Flags:
  --level L|M|Q|H     error-correction level (default M; Q for printed codes)
  --max-version N     largest QR version, 1 to 40 (default 15 with
                      --terminal, 20 otherwise). Smaller codes, more parts.
  --module-pixels N   PNG pixels per module, 1 to 32 (default 8)
  --invert            --terminal only: for dark-on-light terminals
  --part N            show only part N
  --interval D        --terminal only: show each part for D (such as 400ms),
                      cycling, as an animated code
  --cycles N          with --interval: stop after N runs through the parts
                      (default: run until interrupted)

Example:
  nemcustody qr encode --png codes response.txt
`,
}

var qrDecodeCmd = &command{
	name:    "decode",
	summary: "reassemble a payload from scanned QR part texts",
	run:     runQRDecode,
	usage: `Usage: nemcustody qr decode FILE...
       nemcustody qr decode --image IMAGE...

Reads the text a QR scanner returned for the parts of one payload from each
FILE ("-" for stdin): one part per line or separated by white space, in any
order, with duplicates; CRLF and lower case are accepted. With --image,
each IMAGE is a picture of one code instead (PNG, JPEG or GIF: the files
'qr encode --png' writes, or photographs), read with ZXing.

When every part is there, writes the payload's bytes to stdout, exactly as
they were encoded, and exits 0. Otherwise prints one error line naming the
missing parts (or the file and entry of a corrupt, malformed or foreign
part), writes nothing to stdout and exits 1.

Example:
  nemcustody qr decode scanned.txt > request.txt
  nemcustody qr decode --image codes/*.png > request.txt

Flags:
  --image   the files are images of codes, one code each
`,
}

// qrOutput says how to show the parts of a payload. Commands that produce
// a payload for the other side of the air gap (qr encode; the offline
// signer's response) use it with writeQR.
type qrOutput struct {
	mode string // "terminal", "png" or "text"
	dir  string // for "png"
	part int    // 0 for every part
	opts qr.Options
	// interval, for "terminal", cycles the parts as an animated code;
	// cycles bounds the runs through them (0: until interrupted).
	interval time.Duration
	cycles   int
}

func runQREncode(e *env, args []string) error {
	flags := newFlagSet("qr encode")
	terminal := flags.Bool("terminal", false, "")
	pngDir := flags.String("png", "", "")
	text := flags.Bool("text", false, "")
	level := flags.String("level", "M", "")
	maxVersion := flags.Int("max-version", 0, "")
	modulePixels := flags.Int("module-pixels", 0, "")
	invert := flags.Bool("invert", false, "")
	part := flags.Int("part", 0, "")
	interval := flags.Duration("interval", 0, "")
	cycles := flags.Int("cycles", 0, "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		return usagef("missing FILE (use - for stdin)")
	case len(pos) > 1:
		return usagef("too many arguments: want one FILE")
	}
	set := map[string]bool{}
	flags.Visit(func(f *flag.Flag) { set[f.Name] = true })

	o := qrOutput{mode: "terminal", part: *part}
	modes := 0
	for _, m := range []string{"terminal", "png", "text"} {
		if set[m] {
			o.mode = m
			modes++
		}
	}
	switch {
	case modes > 1:
		return usagef("--terminal, --png and --text exclude each other")
	case !*terminal && set["terminal"], !*text && set["text"]:
		return usagef("--terminal and --text cannot be set to false; leave them out")
	case set["png"] && *pngDir == "":
		return usagef("--png must name a directory")
	case *invert && o.mode != "terminal":
		return usagef("--invert applies to --terminal only")
	case set["module-pixels"] && o.mode != "png":
		return usagef("--module-pixels applies to --png only")
	case set["part"] && *part < 1:
		return usagef("--part must be 1 or more")
	case set["interval"] && (o.mode != "terminal" || *interval < 50*time.Millisecond):
		return usagef("--interval applies to --terminal and must be at least 50ms")
	case set["cycles"] && (!set["interval"] || *cycles < 1):
		return usagef("--cycles needs --interval and must be 1 or more")
	}
	o.interval, o.cycles = *interval, *cycles
	o.dir = *pngDir
	if o.opts.Level, err = qr.ParseLevel(*level); err != nil {
		return usagef("--level must be L, M, Q or H")
	}
	o.opts.MaxVersion = *maxVersion
	if !set["max-version"] && o.mode == "terminal" {
		o.opts.MaxVersion = terminalMaxVersion
	}
	if set["max-version"] && (*maxVersion < 1 || *maxVersion > 40) {
		return usagef("--max-version must be 1 to 40")
	}
	o.opts.ModulePixels = *modulePixels
	if set["module-pixels"] && (*modulePixels < 1 || *modulePixels > qr.MaxModulePixels) {
		return usagef("--module-pixels must be 1 to %d", qr.MaxModulePixels)
	}
	o.opts.Invert = *invert

	payload, err := readQRInput(e, pos[0], qr.MaxPayloadSize)
	if err != nil {
		return err
	}
	return writeQR(e, payload, o)
}

// writeQR splits payload and writes its parts as o says.
func writeQR(e *env, payload []byte, o qrOutput) error {
	parts, err := qr.Split(payload, o.opts)
	if err != nil {
		return err
	}
	if o.part > len(parts) {
		return usagef("--part %d: the payload has %d part(s)", o.part, len(parts))
	}
	if o.part > 0 {
		parts = parts[o.part-1 : o.part]
	}
	switch o.mode {
	case "text":
		for _, p := range parts {
			e.out.WriteString(p)
			e.out.WriteByte('\n')
		}
		return nil
	case "png":
		if err := os.MkdirAll(o.dir, 0o755); err != nil {
			return fmt.Errorf("creating PNG directory: %w", err)
		}
		warnStale(e, o.dir)
		files, err := qr.WritePNGs(o.dir, parts, o.opts)
		if err != nil {
			return err
		}
		id := qr.NewPayloadID(payload)
		return writeJSON(e, struct {
			PayloadID   string   `json:"payloadId"`
			PayloadSize int      `json:"payloadSize"`
			Parts       int      `json:"parts"`
			Files       []string `json:"files"`
		}{id.String(), len(payload), len(parts), files})
	}
	frames := make([]string, len(parts))
	for i, p := range parts {
		info, err := qr.ParsePart(p)
		if err != nil {
			return err
		}
		s, err := qr.Encode(p, o.opts)
		if err != nil {
			return err
		}
		frames[i] = fmt.Sprintf("part %d of %d  payload %s, %d bytes  (QR version %d, level %s)\n%s",
			info.Index, info.Total, info.PayloadID, info.PayloadSize, s.Version(), s.Level(), s.Terminal())
	}
	switch {
	case o.interval > 0:
		return animateQR(e, frames, o.interval, o.cycles)
	case len(frames) > 1 && e.term.Interactive() && showsOnTerminal(e.stdout):
		return stepQR(e, frames)
	}
	for i, f := range frames {
		if i > 0 {
			e.out.WriteByte('\n')
		}
		e.out.WriteString(f)
	}
	return nil
}

// showsOnTerminal reports whether w is a terminal (a character device); a
// writer that is not a file (a test's buffer) is taken to be one.
func showsOnTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return true
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// maxImageFileSize caps each image qr decode --image reads: a phone's
// photograph is a few MiB.
const maxImageFileSize = 32 << 20

// clearScreen moves the cursor home and clears the terminal, so that
// each code replaces the last one in place.
const clearScreen = "\x1b[H\x1b[2J"

// qrContext is the context an animated code runs in: it ends on SIGINT or
// SIGTERM. Tests replace it.
var qrContext = func() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// animateQR shows each frame for interval, in a loop, until interrupted
// or cycles runs are done. It writes straight to stdout: the output is a
// moving picture, not a result.
func animateQR(e *env, frames []string, interval time.Duration, cycles int) error {
	ctx, stop := qrContext()
	defer stop()
	t := time.NewTicker(interval)
	defer t.Stop()
	for run := 0; cycles == 0 || run < cycles; run++ {
		for _, f := range frames {
			if _, err := io.WriteString(e.stdout, clearScreen+f); err != nil {
				return fmt.Errorf("writing the codes: %w", err)
			}
			select {
			case <-ctx.Done():
				return nil
			case <-t.C:
			}
		}
	}
	return nil
}

// stepQR shows one frame at a time on the terminal; Enter shows the next
// (after the last, the first), q stops.
func stepQR(e *env, frames []string) error {
	for i := 0; ; i = (i + 1) % len(frames) {
		if _, err := io.WriteString(e.stdout, clearScreen+frames[i]); err != nil {
			return fmt.Errorf("writing the codes: %w", err)
		}
		next := (i+1)%len(frames) + 1
		line, err := e.term.ReadLine(fmt.Sprintf("Enter: part %d of %d; q and Enter: stop ", next, len(frames)))
		if err != nil || strings.TrimSpace(line) == "q" {
			return nil
		}
	}
}

func runQRDecode(e *env, args []string) error {
	flags := newFlagSet("qr decode")
	images := flags.Bool("image", false, "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("missing FILE (use - for stdin)")
	}
	stdin := 0
	for _, p := range pos {
		if p == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return usagef("stdin (-) given more than once")
	}
	var a qr.Assembler
	for _, name := range pos {
		limit := maxScanFileSize
		if *images {
			limit = maxImageFileSize
		}
		b, err := readQRInput(e, name, limit)
		if err != nil {
			return err
		}
		what := name
		if name == "-" {
			what = "stdin"
		}
		if *images {
			text, err := qr.ScanImage(b)
			if err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			if err := a.Add(text); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			continue
		}
		if isImage(b) {
			return usagef("%s is an image: give --image to read the code in it", what)
		}
		for i, p := range qr.ParseScannerText(string(b)) {
			if err := a.Add(p); err != nil {
				return fmt.Errorf("%s, entry %d: %w", what, i+1, err)
			}
		}
	}
	payload, err := a.Payload()
	if err != nil {
		return err
	}
	e.out.Write(payload)
	return nil
}

// readQRInput reads all of the file name ("-": stdin), refusing more than
// limit bytes.
func readQRInput(e *env, name string, limit int) ([]byte, error) {
	what := name
	r := e.stdin
	if name == "-" {
		what = "stdin"
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("opening input: %w", err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", what, err)
	}
	if len(b) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", what, limit)
	}
	return b, nil
}

// isImage reports whether b starts like a PNG, JPEG or GIF file.
func isImage(b []byte) bool {
	for _, magic := range []string{"\x89PNG\r\n\x1a\n", "\xff\xd8\xff", "GIF87a", "GIF89a"} {
		if bytes.HasPrefix(b, []byte(magic)) {
			return true
		}
	}
	return false
}
