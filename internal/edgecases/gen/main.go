// Command gen writes the edge-case vector files; see package edgecases.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nemcustody/nemcustody/internal/edgecases"
)

func main() {
	out := flag.String("out", "testdata/edgecases", "directory to write")
	flag.Parse()
	files, err := edgecases.All()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	for _, f := range files {
		b, err := f.Encode()
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(filepath.Join(*out, f.Name), b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}
