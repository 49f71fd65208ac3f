// Package hygiene holds only a test: it calls every public function that
// touches a private key, a mnemonic, a passphrase or a plaintext with inputs
// that make it fail or print, and scans every error, formatted value, log
// line and JSON output for the secret in any common encoding.
package hygiene
