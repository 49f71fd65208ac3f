//go:build nemcustody_faultinject

package faultpoint

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The fault this process was asked for, read once at start.
var (
	mu     sync.Mutex
	action string // "kill" or "tear"; "" for none
	target string
	nth    int
	counts = map[string]int{}
	trace  *os.File
)

func init() {
	if p := os.Getenv("NEMCUSTODY_FAULT_TRACE"); p != "" {
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			fmt.Fprintln(os.Stderr, "faultpoint: NEMCUSTODY_FAULT_TRACE:", err)
			os.Exit(86)
		}
		trace = f
	}
	spec := os.Getenv("NEMCUSTODY_FAULT")
	if spec == "" {
		return
	}
	f := strings.Fields(spec)
	var n int
	var err error
	if len(f) == 3 {
		n, err = strconv.Atoi(f[2])
	}
	if len(f) != 3 || f[0] != "kill" && f[0] != "tear" || err != nil || n < 1 {
		fmt.Fprintln(os.Stderr, `faultpoint: NEMCUSTODY_FAULT must be "kill NAME N" or "tear NAME N"`)
		os.Exit(86)
	}
	action, target, nth = f[0], f[1], n
}

// hit records that name was reached and reports whether it is the point
// to fail at.
func hit(name string) bool {
	mu.Lock()
	defer mu.Unlock()
	if trace != nil {
		fmt.Fprintln(trace, name)
	}
	counts[name]++
	return action != "" && name == target && counts[name] == nth
}

// die kills the process with SIGKILL: no deferred function runs.
func die() {
	if trace != nil {
		trace.Sync()
	}
	p, err := os.FindProcess(os.Getpid())
	if err == nil {
		err = p.Kill()
	}
	fmt.Fprintln(os.Stderr, "faultpoint: cannot kill the process:", err)
	for {
		time.Sleep(time.Hour)
	}
}

// Point marks the place before the step name names; the crash test may
// kill the process here.
func Point(name string) {
	if hit(name) {
		die()
	}
}

// Write writes b to w; the crash test may kill the process before the
// write, or after writing only the first half of b.
func Write(name string, w io.Writer, b []byte) (int, error) {
	if hit(name) {
		if action == "tear" {
			w.Write(b[:len(b)/2])
		}
		die()
	}
	return w.Write(b)
}
