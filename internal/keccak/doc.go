// Package keccak computes the original Keccak-256 and Keccak-512 hashes
// (padding byte 0x01) that NEM uses everywhere it says "SHA3". They are not
// the FIPS 202 SHA-3 functions, which pad with 0x06 and give other digests.
package keccak
