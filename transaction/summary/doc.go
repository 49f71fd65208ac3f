// Package summary describes a NEM (NIS1) transaction for the person who
// approves it: what the offline signer's review shows before a signature,
// and what `nemcustody tx decode --summary` prints.
//
//	s, err := summary.Of(tx, summary.Options{Now: &nodeTime})
//	fmt.Print(s) // TRANSFER ... to: TB..., amount: 250.000000 XEM, ...
//
// A summary is computed from the transaction alone (and the context the
// Options give): every amount in XEM, every mosaic with the quantity it
// really moves, cosignatories added and removed, the deadline in UTC.
//
// # Security
//
// Text from the transaction (messages, descriptions) is quoted with every
// control and format character escaped, so it cannot rewrite the
// operator's terminal or hide behind white space NIS accepts.
package summary
