package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nemcustody/nemcustody/coldwallet/qr"
)

const goldenPayload = "../../coldwallet/qr/testdata/golden-payload.txt"

// requireText checks a successful run that prints text, not JSON.
func requireText(t *testing.T, r result) string {
	t.Helper()
	require.Equal(t, exitOK, r.code, "stderr: %s", r.stderr)
	require.Empty(t, r.stderr)
	return r.stdout
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

func testPayload(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	b.WriteString("EXAMPLE-ENVELOPE 1\nkind: signing-request\n\n")
	for b.Len() < n {
		b.WriteByte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[r.IntN(64)])
		if b.Len()%65 == 64 {
			b.WriteByte('\n')
		}
	}
	return b.String()[:n]
}

func TestQRHelp(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"qr"}, "Usage: nemcustody qr <command>"},
		{[]string{"qr", "--help"}, "Usage: nemcustody qr <command>"},
		{[]string{"qr", "encode", "--help"}, "Usage: nemcustody qr encode"},
		{[]string{"qr", "decode", "-h"}, "Usage: nemcustody qr decode"},
		{[]string{"help", "qr", "encode"}, "Usage: nemcustody qr encode"},
		{[]string{"qr", "encode", "--png", "x", "--help"}, "Usage: nemcustody qr encode"},
	} {
		out := requireText(t, runCLI(t, "", tc.args...))
		require.True(t, strings.HasPrefix(out, tc.want), "%q: %s", tc.args, out)
	}
	main := requireText(t, runCLI(t, "", "--help"))
	require.Contains(t, main, "qr encode")
	require.Contains(t, main, "qr decode")
}

// The acceptance case through the CLI: a 3 KB request as part texts,
// shuffled, with a duplicate, lower-cased by a scanner, with CRLF line ends,
// spread over two files, decodes byte for byte.
func TestQREncodeDecodeRoundTrip(t *testing.T) {
	payload := testPayload(3072)
	file := writeTemp(t, "request.txt", payload)
	out := requireText(t, runCLI(t, "", "qr", "encode", "--text", file))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 6)
	for i, l := range lines {
		p, err := qr.ParsePart(l)
		require.NoError(t, err)
		require.Equal(t, i+1, p.Index)
	}
	scanned := append([]string{lines[3]}, lines...)
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(scanned), func(i, j int) { scanned[i], scanned[j] = scanned[j], scanned[i] })
	scanned[0] = strings.ToLower(scanned[0])
	a := writeTemp(t, "a.txt", strings.Join(scanned[:4], "\r\n")+"\r\n")
	b := strings.Join(scanned[4:], "\n")

	require.Equal(t, payload, requireText(t, runCLI(t, b, "qr", "decode", a, "-")))
	require.Equal(t, payload, requireText(t, runCLI(t, b, "qr", "decode", "-", a)))
	// The same parts from stdin.
	require.Equal(t, out, requireText(t, runCLI(t, payload, "qr", "encode", "--text", "-")))
}

func TestQRDecodeFailures(t *testing.T) {
	out := requireText(t, runCLI(t, "", "qr", "encode", "--text", goldenPayload))
	parts := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	other := requireText(t, runCLI(t, "another payload\n", "qr", "encode", "--text", "-"))
	corrupt := parts[1][:50] + "A" + parts[1][51:]
	if corrupt == parts[1] {
		corrupt = parts[1][:50] + "B" + parts[1][51:]
	}
	png, err := qrPNG(parts[0])
	require.NoError(t, err)
	pngFile := writeTemp(t, "part.png", string(png))

	for _, tc := range []struct {
		name  string
		stdin string
		want  string
	}{
		{"a part missing", parts[0] + "\n" + parts[2] + "\n", "nemcustody: error: qr: incomplete: have 2 of 3 parts, missing 2\n"},
		{"two parts missing", parts[2], "nemcustody: error: qr: incomplete: have 1 of 3 parts, missing 1-2\n"},
		{"nothing", "\n\n", "nemcustody: error: qr: incomplete: no parts\n"},
		{"a corrupt part", parts[0] + "\n" + corrupt + "\n" + parts[2], "nemcustody: error: stdin, entry 2: qr: corrupt part: checksum mismatch (the header says part 2 of 3)\n"},
		{"a foreign part", parts[0] + "\n" + other, "nemcustody: error: stdin, entry 2: qr: foreign part: part 1 of payload PCMPIHLZ4FPIQJQV, not of payload XTIGK5XD3LV7ERIQ\n"},
		{"not a part", "hello world", "nemcustody: error: stdin, entry 1: qr: malformed part: 5 characters, too short for a part (at least 46)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, tc.stdin, "qr", "decode", "-")
			requireFailure(t, r)
			require.Equal(t, tc.want, r.stderr)
		})
	}

	t.Run("an image without --image", func(t *testing.T) {
		r := runCLI(t, "", "qr", "decode", pngFile)
		requireUsage(t, r)
		require.Contains(t, r.stderr, "is an image: give --image to read the code in it")
	})
	t.Run("images of two payloads", func(t *testing.T) {
		op, err := qrPNG(strings.TrimSpace(other))
		require.NoError(t, err)
		r := runCLI(t, "", "qr", "decode", "--image", pngFile, writeTemp(t, "other.png", string(op)))
		requireFailure(t, r)
		require.Contains(t, r.stderr, "other.png: qr: foreign part")
	})
	t.Run("an image of no code, and text given as an image", func(t *testing.T) {
		r := runCLI(t, "", "qr", "decode", "--image", writeTemp(t, "parts.txt", out))
		requireFailure(t, r)
		require.Contains(t, r.stderr, "not a PNG, JPEG or GIF image")
	})
	t.Run("no such file", func(t *testing.T) {
		requireFailure(t, runCLI(t, "", "qr", "decode", filepath.Join(t.TempDir(), "missing.txt")))
	})
}

func TestQREncodeTerminal(t *testing.T) {
	for _, invert := range []bool{false, true} {
		args := []string{"qr", "encode", goldenPayload}
		if invert {
			args = append(args, "--invert")
		}
		out := requireText(t, runCLI(t, "", args...))
		// At the terminal default (version 15) the golden payload is 5 parts.
		require.Equal(t, 5, strings.Count(out, "\npart ")+1)
		require.True(t, strings.HasPrefix(out, "part 1 of 5  payload XTIGK5XD3LV7ERIQ, 1539 bytes  (QR version 15, level M)\n"), out[:100])
		for _, line := range strings.Split(out, "\n") {
			if line == "" || strings.HasPrefix(line, "part ") {
				continue
			}
			require.Equal(t, 85, len([]rune(line)), "version 15 with its quiet zone")
			require.Empty(t, strings.Trim(line, " ▀▄█"))
		}
	}
	one := requireText(t, runCLI(t, "", "qr", "encode", "--terminal", "--part", "2", "--max-version", "20", "--level", "q", goldenPayload))
	require.True(t, strings.HasPrefix(one, "part 2 of 4  payload XTIGK5XD3LV7ERIQ, 1539 bytes  (QR version 20, level Q)\n"), one[:100])
	require.Equal(t, 1, strings.Count(one, "part "))
}

func TestQREncodePNG(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "codes")
	var got struct {
		PayloadID   string   `json:"payloadId"`
		PayloadSize int      `json:"payloadSize"`
		Parts       int      `json:"parts"`
		Files       []string `json:"files"`
	}
	requireOK(t, runCLI(t, "", "qr", "encode", "--png", dir, goldenPayload), &got)
	require.Equal(t, "XTIGK5XD3LV7ERIQ", got.PayloadID)
	require.Equal(t, 1539, got.PayloadSize)
	require.Equal(t, 3, got.Parts)
	require.Equal(t, []string{
		filepath.Join(dir, "nc1-xtigk5xd3lv7eriq-001-of-003.png"),
		filepath.Join(dir, "nc1-xtigk5xd3lv7eriq-002-of-003.png"),
		filepath.Join(dir, "nc1-xtigk5xd3lv7eriq-003-of-003.png"),
	}, got.Files)
	parts := strings.Fields(requireText(t, runCLI(t, "", "qr", "encode", "--text", goldenPayload)))
	for i, f := range got.Files {
		have, err := os.ReadFile(f)
		require.NoError(t, err)
		text, err := qr.ScanImage(have)
		require.NoError(t, err)
		require.Equal(t, parts[i], text, "the PNG reads back to its part")
	}
	// And the CLI reads them back to the payload, in any order.
	r0 := runCLI(t, "", "qr", "decode", "--image", got.Files[2], got.Files[0], got.Files[1])
	require.Equal(t, exitOK, r0.code, r0.stderr)
	require.Equal(t, string(mustRead(t, goldenPayload)), r0.stdout)

	// Nothing is overwritten.
	r := runCLI(t, "", "qr", "encode", "--png", dir, goldenPayload)
	requireFailure(t, r)
	require.Contains(t, r.stderr, "already exists; refusing to overwrite it")

	// --part writes one file; --module-pixels changes its size.
	dir2 := t.TempDir()
	requireOK(t, runCLI(t, "", "qr", "encode", "--png", dir2, "--part", "3", "--module-pixels", "4", goldenPayload), &got)
	require.Equal(t, []string{filepath.Join(dir2, "nc1-xtigk5xd3lv7eriq-003-of-003.png")}, got.Files)
}

// TestQRTerminalSteps: at a terminal, one part at a time, Enter for the
// next, wrapping around, q to stop.
func TestQRTerminalSteps(t *testing.T) {
	term := &scriptedTerminal{lines: []string{"\n", "\n", "\n", "\n", "\n", "q\n"}, interactive: true}
	r := runCLITerm(t, term, "", "qr", "encode", goldenPayload)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Equal(t, 6, strings.Count(r.stdout, clearScreen), "each part replaces the last")
	frames := strings.Split(r.stdout, clearScreen)[1:]
	for i, f := range frames {
		require.True(t, strings.HasPrefix(f, fmt.Sprintf("part %d of 5  payload XTIGK5XD3LV7ERIQ", i%5+1)), "frame %d: %.40q", i, f)
	}
	require.Equal(t, "Enter: part 2 of 5; q and Enter: stop ", term.prompts[0])
	require.Equal(t, "Enter: part 1 of 5; q and Enter: stop ", term.prompts[4], "after the last, the first again")
	require.Len(t, term.prompts, 6)
}

// TestQRAnimated: --interval cycles the parts by the clock (a fake one:
// the test runs in a synctest bubble, no wall-clock wait), --cycles times.
func TestQRAnimated(t *testing.T) {
	old := qrContext
	t.Cleanup(func() { qrContext = old })
	// Signals cannot be watched inside a bubble; the test's context ends
	// with the test instead.
	qrContext = func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		r := runCLI(t, "", "qr", "encode", "--interval", "500ms", "--cycles", "2", goldenPayload)
		require.Equal(t, exitOK, r.code, r.stderr)
		require.Equal(t, 10, strings.Count(r.stdout, clearScreen))
		require.Equal(t, 5*time.Second, time.Since(start), "10 frames of 500ms")
		frames := strings.Split(r.stdout, clearScreen)[1:]
		require.True(t, strings.HasPrefix(frames[5], "part 1 of 5 "))
		require.True(t, strings.HasPrefix(frames[9], "part 5 of 5 "))
	})
	for _, args := range [][]string{
		{"--interval", "10ms"},
		{"--interval", "1s", "--png", t.TempDir()},
		{"--cycles", "2"},
		{"--interval", "1s", "--cycles", "0"},
	} {
		requireUsage(t, runCLI(t, "", append(append([]string{"qr", "encode"}, args...), goldenPayload)...))
	}
}

func TestQRUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"qr", "encode"},
		{"qr", "encode", "a", "b"},
		{"qr", "encode", "--png", "d", "--text", "f"},
		{"qr", "encode", "--terminal", "--text", "f"},
		{"qr", "encode", "--png", "", "f"},
		{"qr", "encode", "--png", "d", "--invert", "f"},
		{"qr", "encode", "--text", "--module-pixels", "4", "f"},
		{"qr", "encode", "--level", "X", "f"},
		{"qr", "encode", "--max-version", "41", "f"},
		{"qr", "encode", "--max-version", "0", "f"},
		{"qr", "encode", "--module-pixels", "0", "--png", "d", "f"},
		{"qr", "encode", "--part", "0", "f"},
		{"qr", "encode", "--bogus", "f"},
		{"qr", "decode"},
		{"qr", "decode", "-", "-"},
		{"qr", "frobnicate"},
	} {
		requireUsage(t, runCLI(t, "", args...))
	}
	// --part past the last part is a usage error found after splitting.
	r := runCLI(t, "", "qr", "encode", "--text", "--part", "4", goldenPayload)
	requireUsage(t, r)
	require.Contains(t, r.stderr, "--part 4: the payload has 3 part(s)")
}

func TestQREncodeFailures(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"empty input", "", []string{"--text", "-"}, "payload size out of range: the payload is empty"},
		{"too many parts", testPayload(64 << 10), []string{"--text", "--max-version", "4", "-"}, "more than 999"},
		{"a code too small for a part", "x", []string{"--text", "--max-version", "2", "-"}, "too few for a part"},
		{"no such file", "", []string{"--text", "/nonexistent/file"}, "opening input"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, tc.stdin, append([]string{"qr", "encode"}, tc.args...)...)
			requireFailure(t, r)
			require.Contains(t, r.stderr, tc.want)
		})
	}
	big := strings.Repeat("x", qr.MaxPayloadSize+1)
	r := runCLI(t, big, "qr", "encode", "--text", "-")
	requireFailure(t, r)
	require.Contains(t, r.stderr, "stdin is larger than 262144 bytes")
}

// TestSignWritesQR: the offline sign command can write its response
// straight to QR codes, next to the response file.
func TestSignWritesQR(t *testing.T) {
	f := newCustodyFixture(t)
	req := f.transfer(t, "w1", "100")
	dir := f.path("codes")
	r := runCLI(t, "", f.signArgs(req.Out, "vault-a", f.path("policy-vault.json"), "--yes", "--out", f.path("resp.txt"), "--qr-png", dir)...)
	requireSigned(t, r)
	var out struct {
		PayloadID   string   `json:"payloadId"`
		PayloadSize int      `json:"payloadSize"`
		Parts       int      `json:"parts"`
		Files       []string `json:"files"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	resp, err := os.ReadFile(f.path("resp.txt"))
	require.NoError(t, err)
	require.Equal(t, len(resp), out.PayloadSize)
	require.Len(t, out.Files, out.Parts)
	for _, p := range out.Files {
		_, err := os.Stat(p)
		require.NoError(t, err)
	}

	req2 := f.transfer(t, "w2", "100")
	r = runCLI(t, "", f.signArgs(req2.Out, "vault-a", f.path("policy-vault.json"), "--yes", "--out", f.path("resp2.txt"), "--qr-terminal")...)
	requireSigned(t, r)
	require.Contains(t, r.stdout, "part 1 of ")

	requireUsage(t, runCLI(t, "", f.signArgs(req2.Out, "vault-a", f.path("policy-vault.json"), "--yes", "--qr-terminal")...))
}

// qrPNG is the PNG image of one part's QR code, with the default options.
func qrPNG(part string) ([]byte, error) {
	s, err := qr.Encode(part, qr.Options{})
	if err != nil {
		return nil, err
	}
	return s.PNG()
}
