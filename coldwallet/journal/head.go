package journal

import (
	"errors"

	"github.com/nemcustody/nemcustody/sign"
)

// Head is the latest journal entry the online side has seen from one
// offline signer (the "journal" line of its last response): the journal's
// identity, the entry's seq and its hash. The signer's journal must hold
// it (State.CheckHead), and a copy of the journal checked online must
// reach it.
type Head struct {
	Signer  sign.PublicKey `json:"signer"`
	Journal string         `json:"journal"`
	Seq     int            `json:"seq"`
	Hash    string         `json:"hash"`
}

// Check refuses a head that is not well formed: a signer key that fails
// sign.PublicKey.Check, a journal identity that is not 32 or 64 lowercase
// hex characters, an entry number below 1 or a hash that is not 64.
func (h Head) Check() error {
	if err := h.Signer.Check(); err != nil {
		return err
	}
	if !isLowerHex([]byte(h.Journal), 32) && !isLowerHex([]byte(h.Journal), 64) || h.Seq < 1 || !isLowerHex([]byte(h.Hash), 64) {
		return errors.New("journal: want a journal identity, an entry number and a 64-character hash")
	}
	return nil
}
