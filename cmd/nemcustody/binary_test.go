package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// The program as built by go build, once for every test that runs it
// (TestBinary, TestBinaryCustodyFlow), removed by TestMain.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
	out  []byte
}

// TestMain removes the built program after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// builtBinary returns the path of the program, building it on first use;
// it skips with -short or without the go tool.
func builtBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not found")
	}
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "nemcustody-test-")
		if built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "nemcustody")
		built.out, built.err = exec.Command(goTool, "build", "-o", built.bin, ".").CombinedOutput()
	})
	require.NoError(t, built.err, "go build: %s", built.out)
	return built.bin
}
