// Command surface counts the exported identifiers of the library's
// packages (issue 15): exported top-level functions, types, variables and
// constants, and the exported methods of exported types. Struct fields and
// interface methods are not counted; test files, main packages, internal
// packages and examples are left out.
//
//	go run ./scripts/surface [-v] [DIR]
//
// It prints one line per package and the total: the top-level
// identifiers (types, functions, variables, constants: the count issue 15
// measured, about 587 when it was filed) and, beside them, those plus the
// methods; -v lists the names.
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	verbose := flag.Bool("v", false, "list the identifiers")
	flag.Parse()
	root := "."
	if flag.NArg() > 0 {
		root = flag.Arg(0)
	}
	counts, err := count(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "surface:", err)
		os.Exit(1)
	}
	var dirs []string
	for d := range counts {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	total, totalTop := 0, 0
	fmt.Printf("%-22s %9s %12s\n", "package", "top-level", "with methods")
	for _, d := range dirs {
		names := counts[d]
		top := 0
		for _, n := range names {
			if !strings.Contains(n, ".") {
				top++
			}
		}
		total += len(names)
		totalTop += top
		fmt.Printf("%-22s %9d %12d\n", d, top, len(names))
		if *verbose {
			slices.Sort(names)
			fmt.Printf("  %s\n", strings.Join(names, " "))
		}
	}
	fmt.Printf("%-22s %9d %12d\n", "total", totalTop, total)
}

// count returns the exported identifiers of each library package under
// root, by directory.
func count(root string) (map[string][]string, error) {
	out := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		switch base := d.Name(); {
		case rel != "." && (strings.HasPrefix(base, ".") || base == "testdata" || base == "internal" || base == "cmd" || base == "examples" || base == "scripts"):
			return filepath.SkipDir
		}
		names, isLib, err := exported(path)
		if err != nil {
			return err
		}
		if isLib {
			out[filepath.ToSlash(rel)] = names
		}
		return nil
	})
	return out, err
}

// exported parses the non-test Go files of dir that build for this
// system (go/build's default context), and returns each exported name
// once.
func exported(dir string) ([]string, bool, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, false, err
	}
	fset := token.NewFileSet()
	seen := map[string]bool{}
	var names []string
	isLib := false
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, name); err != nil || !ok {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			return nil, false, err
		}
		if f.Name.Name == "main" {
			continue
		}
		isLib = true
		for _, decl := range f.Decls {
			for _, n := range declNames(decl) {
				if !seen[n] {
					seen[n] = true
					names = append(names, n)
				}
			}
		}
	}
	return names, isLib, nil
}

func declNames(decl ast.Decl) []string {
	var names []string
	switch d := decl.(type) {
	case *ast.FuncDecl:
		if !d.Name.IsExported() {
			return nil
		}
		if d.Recv == nil {
			return []string{d.Name.Name}
		}
		recv := d.Recv.List[0].Type
		if s, ok := recv.(*ast.StarExpr); ok {
			recv = s.X
		}
		if g, ok := recv.(*ast.IndexExpr); ok {
			recv = g.X
		}
		if id, ok := recv.(*ast.Ident); ok && id.IsExported() {
			return []string{id.Name + "." + d.Name.Name}
		}
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				if s.Name.IsExported() {
					names = append(names, s.Name.Name)
				}
			case *ast.ValueSpec:
				for _, n := range s.Names {
					if n.IsExported() {
						names = append(names, n.Name)
					}
				}
			}
		}
	}
	return names
}
