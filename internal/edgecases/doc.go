// Package edgecases builds the edge-case vectors in testdata/edgecases at
// the repository root: data for auditors, one case per entry with an id, a
// comment, flags, the input and the expected result, in the style of
// Wycheproof. The expected results are written by hand, from the rule each
// case exercises; only the inputs (keys, signatures, transaction bytes) are
// computed. The tests in this package read the files back and check that
// the library gives every expected result.
//
// Regenerate with `go generate ./internal/edgecases`; CI checks that
// regenerating changes nothing.
package edgecases

//go:generate go run ./gen -out ../../testdata/edgecases
