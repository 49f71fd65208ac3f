package edgecases

import (
	"bytes"
	"encoding/json"
)

// File is one edge-case file.
type File struct {
	// Name is the file name in testdata/edgecases.
	Name string `json:"-"`
	// Subject says what the cases test.
	Subject string `json:"subject"`
	// Generator says how the file was made.
	Generator string `json:"generator"`
	// Schema describes the members of a case.
	Schema map[string]string `json:"schema"`
	// Flags explains every flag used by a case.
	Flags map[string]string `json:"flags"`
	// NumberOfTests is len(Tests), for readers without a JSON library.
	NumberOfTests int    `json:"numberOfTests"`
	Tests         []Case `json:"tests"`
}

// Case is one edge case. Input holds the case's data; its members depend
// on the file (see the file's schema).
type Case struct {
	ID      int               `json:"id"`
	Comment string            `json:"comment"`
	Flags   []string          `json:"flags"`
	Input   map[string]string `json:"input"`
	// Result is "valid" or "invalid" (for the policy file, "sign" or
	// "refuse").
	Result string `json:"result"`
	// Error names the error the library returns for an invalid case: a
	// sentinel such as "transaction.ErrNonCanonical", or a policy rule.
	Error string `json:"error,omitempty"`
}

// Encode writes the file as indented JSON with a final newline.
func (f *File) Encode() ([]byte, error) {
	for i := range f.Tests {
		f.Tests[i].ID = i + 1
		if f.Tests[i].Flags == nil {
			f.Tests[i].Flags = []string{}
		}
	}
	f.NumberOfTests = len(f.Tests)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// All returns every edge-case file.
func All() ([]*File, error) {
	var files []*File
	for _, build := range []func() (*File, error){Signatures, Addresses, Transactions, Envelopes, Policies} {
		f, err := build()
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}
