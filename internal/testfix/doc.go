// Package testfix holds the test fixtures that tests of several packages
// share: keys from labels (PaddedKey, HashedKey: two derivations, each
// kept where golden files depend on it), one transaction of every type
// and random transactions.
// Only tests import it. The in-package tests of sign and transaction
// cannot (testfix imports them) and keep their own copies.
package testfix
