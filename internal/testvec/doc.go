// Package testvec loads the public test-vector files that the tests of every
// package read from their testdata folders: gzip-compressed or plain, in the
// NemProject ".dat" text layout or as JSON.
package testvec
