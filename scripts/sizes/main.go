// Command sizes checks the size rules of issue 15: no library package
// over 3,000 non-test lines, and no function over 80 lines, outside
// examples, tests, generated files and case tables (dataPackages).
//
//	go run ./scripts/sizes [-v] [-functions] [DIR]
//
// -functions enforces only the function rule (CI runs it so while three
// packages are still over 3,000 lines).
// It prints the lines of every library package (with -v, every package)
// and each function over the limit, and exits 1 when a rule is broken.
// Library packages are the non-internal, non-main packages; the function
// rule applies to every package outside examples/.
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

const (
	maxPackageLines  = 3000
	maxFunctionLines = 80
)

func main() {
	verbose := flag.Bool("v", false, "print every package")
	functionsOnly := flag.Bool("functions", false, "enforce only the function rule (print the package sizes)")
	flag.Parse()
	root := "."
	if flag.NArg() > 0 {
		root = flag.Arg(0)
	}
	pkgs, long, err := measure(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sizes:", err)
		os.Exit(1)
	}
	failed := false
	var dirs []string
	for d := range pkgs {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	for _, d := range dirs {
		p := pkgs[d]
		mark := ""
		if p.library && p.lines > maxPackageLines {
			mark, failed = "  OVER "+fmt.Sprint(maxPackageLines), failed || !*functionsOnly
		}
		if p.library || *verbose || mark != "" {
			fmt.Printf("%-26s %5d lines%s\n", d, p.lines, mark)
		}
	}
	for _, f := range long {
		fmt.Printf("function over %d lines: %s\n", maxFunctionLines, f)
		failed = true
	}
	if failed {
		os.Exit(1)
	}
	if *functionsOnly {
		fmt.Printf("ok: no function over %d lines\n", maxFunctionLines)
		return
	}
	fmt.Printf("ok: no library package over %d lines, no function over %d lines\n", maxPackageLines, maxFunctionLines)
}

// dataPackages hold case tables, not logic: the function rule does not
// apply to them (as to generated data).
var dataPackages = map[string]bool{
	"internal/edgecases": true, // the published edge-case vectors, one table per file
}

type pkgSize struct {
	lines   int
	library bool
}

// measure returns the non-test lines of every package under root, by
// directory, and the functions over the limit ("file:line name (n lines)").
func measure(root string) (map[string]*pkgSize, []string, error) {
	pkgs := map[string]*pkgSize{}
	var long []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != root && (strings.HasPrefix(n, ".") || n == "testdata" || n == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
		if err != nil {
			return err
		}
		if ast.IsGenerated(f) {
			return nil
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		rel := strings.TrimPrefix(strings.TrimPrefix(dir, filepath.ToSlash(root)), "/")
		if rel == "" {
			rel = "."
		}
		p := pkgs[rel]
		if p == nil {
			p = &pkgSize{library: isLibrary(rel, f.Name.Name)}
			pkgs[rel] = p
		}
		p.lines += strings.Count(string(src), "\n")
		if strings.HasPrefix(rel, "examples/") || rel == "examples" || dataPackages[rel] {
			return nil
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			start, end := fset.Position(fn.Pos()).Line, fset.Position(fn.End()).Line
			if n := end - start + 1; n > maxFunctionLines {
				name := fn.Name.Name
				if fn.Recv != nil && len(fn.Recv.List) > 0 {
					name = recvName(fn.Recv.List[0].Type) + "." + name
				}
				long = append(long, fmt.Sprintf("%s:%d %s (%d lines)", filepath.ToSlash(path), start, name, n))
			}
		}
		return nil
	})
	return pkgs, long, err
}

// isLibrary reports whether the package in dir is a library package:
// not main, not internal, not an example or script.
func isLibrary(dir, name string) bool {
	if name == "main" {
		return false
	}
	for _, part := range strings.Split(dir, "/") {
		if part == "internal" || part == "examples" || part == "scripts" || part == "cmd" {
			return false
		}
	}
	return true
}

// recvName returns the type name of a method's receiver.
func recvName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.IndexExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	}
	return "?"
}
