package testvec

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// Open opens path for reading, transparently decompressing it when its name
// ends in ".gz".
func Open(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(path, ".gz") {
		return f, nil
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("testvec: %s: %w", path, err)
	}
	return &gzFile{Reader: zr, f: f}, nil
}

type gzFile struct {
	*gzip.Reader
	f *os.File
}

func (g *gzFile) Close() error {
	err := g.Reader.Close()
	if cerr := g.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// ReadDat reads a NemProject test-vector file: lines starting with '#' are
// comments; every other non-empty line starts with ": " and holds columns
// separated by " : ". Each returned row has exactly columns entries, with
// surrounding spaces and a trailing " ," removed.
func ReadDat(path string, columns int) ([][]string, error) {
	rc, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var rows [][]string
	sc := bufio.NewScanner(rc)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		text = strings.TrimSuffix(text, ",")
		if !strings.HasPrefix(text, ":") {
			return nil, fmt.Errorf("testvec: %s:%d: line does not start with ':'", path, line)
		}
		fields := strings.Split(text[1:], " : ")
		if len(fields) != columns {
			return nil, fmt.Errorf("testvec: %s:%d: %d columns, want %d", path, line, len(fields), columns)
		}
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		rows = append(rows, fields)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("testvec: %s: %w", path, err)
	}
	return rows, nil
}

// ReadJSON decodes the JSON file at path into v, rejecting unknown fields
// when v is a struct so that a changed vector layout cannot be skipped
// silently.
func ReadJSON(path string, v any) error {
	rc, err := Open(path)
	if err != nil {
		return err
	}
	defer rc.Close()
	dec := json.NewDecoder(rc)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("testvec: %s: %w", path, err)
	}
	return nil
}
