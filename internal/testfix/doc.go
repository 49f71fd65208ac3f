// Package testfix holds the test fixtures that tests of several packages
// share: keys from labels, a custody plan, one transaction of every type.
// Only tests import it. The in-package tests of sign and transaction
// cannot (testfix imports them) and keep their own copies.
package testfix
