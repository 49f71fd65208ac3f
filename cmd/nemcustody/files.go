package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/nemcustody/nemcustody/internal/newfile"
)

// readFileLimit reads the file at path, refusing more than limit bytes.
// what names the file in errors ("plan", "request").
func readFileLimit(path, what string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s file: %w", what, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s file %s: %w", what, path, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s file %s is larger than %d bytes", what, path, limit)
	}
	return b, nil
}

// checkOutput fails if a command cannot create its output file at path:
// the name is taken, or its directory does not exist. Commands call it
// before they ask for a passphrase or do any work; the file is still
// created without replacing anything later (newfile).
func checkOutput(path, what string) error {
	return newfile.Check(path, what)
}

// writeOutputs creates every file, all or none, never replacing one (see
// package internal/newfile), after naming the stale temporary files in
// their directories.
func writeOutputs(e *env, files ...newfile.File) error {
	dirs := make([]string, len(files))
	for i, f := range files {
		dirs[i] = filepath.Dir(f.Path)
	}
	warnStale(e, dirs...)
	return newfile.WriteAll(files...)
}

// warnStale names, in a warning each, the temporary files that an
// interrupted nemcustody run left in dirs (a process killed while it
// created an output). They are not outputs and are never removed here; a
// directory that cannot be listed is skipped (creating the file there
// reports the problem).
func warnStale(e *env, dirs ...string) {
	seen := map[string]bool{}
	for _, d := range dirs {
		d = filepath.Clean(d)
		if seen[d] {
			continue
		}
		seen[d] = true
		stale, err := newfile.Stale(d)
		if err != nil {
			continue
		}
		for _, p := range stale {
			e.warn("%s is a temporary file left by an interrupted nemcustody run, not an output: inspect it and delete it", p)
		}
	}
}
