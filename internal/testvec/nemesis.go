package testvec

import "encoding/json"

// Nemesis is the flattened form of the nemesis-block vectors
// (nem-nis/nemesis-transactions.json): each block file's transactions with
// their unsigned bytes, signature and computed hash, in block order.
type Nemesis struct {
	Description  string                  `json:"description"`
	Source       json.RawMessage         `json:"source"`
	Verification string                  `json:"verification"`
	Blocks       map[string]NemesisBlock `json:"blocks"`
}

// NemesisBlock is one nemesis block of the flattened file.
type NemesisBlock struct {
	Header       json.RawMessage      `json:"header"`
	Transactions []NemesisTransaction `json:"transactions"`
}

// NemesisTransaction is one transaction of a nemesis block, as hex strings.
type NemesisTransaction struct {
	Index     int    `json:"index"`
	Type      string `json:"type"`
	Version   uint32 `json:"version"`
	Signer    string `json:"signer"`
	Signature string `json:"signature"`
	DataHex   string `json:"data_hex"`
	Hash      string `json:"hash_computed"`
}

// ReadNemesis reads the flattened nemesis-block vectors at path.
func ReadNemesis(path string) (*Nemesis, error) {
	var n Nemesis
	if err := ReadJSON(path, &n); err != nil {
		return nil, err
	}
	return &n, nil
}
