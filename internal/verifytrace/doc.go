// Package verifytrace lets the module's tests see every signature
// verification sign.Verify makes, so that a test can prove how often a
// flow verifies each signature (issue 13: once on each side of the air
// gap). It only observes: nothing it holds changes what a verification
// returns, and nothing outside the tests sets it. Being internal, it
// cannot be imported from outside the module.
package verifytrace
