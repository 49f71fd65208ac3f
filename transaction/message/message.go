package message

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"io"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/transaction"
)

// Encrypted messages (type 2). NIS never decrypts them: the payload is
// opaque to consensus, and only its length counts (fee, transaction.MaxMessageSize).
// Two client formats exist, both written with message type 2 and with
// nothing in the payload that says which one it is.
//
// Legacy format, the one NIS's own Ed25519BlockCipher, NanoWallet, nem-sdk
// and Trezor's legacy firmware read and write (spec §12.1):
//
//	salt(32) || iv(16) || AES-256-CBC(key, iv, PKCS#7(plaintext))
//	key = Keccak-256(encode(a·B) XOR salt)   (sign.PrivateKey.SharedKeyLegacy)
//
// Symbol SDK format, which that SDK recommends for new NEM messages (§12.2):
//
//	tag(16) || iv(12) || AES-256-GCM ciphertext, no additional data
//	key = HKDF-SHA256(encode(a·B), 32 zero bytes, "nem-nis1")   (SharedKeyHKDF)
//
// This package writes only the legacy format and reads both.
const (
	legacySaltSize   = 32
	legacyIVSize     = aes.BlockSize
	legacyHeaderSize = legacySaltSize + legacyIVSize
	// legacyMinPayload is the shortest payload NIS's decryptor accepts
	// (it returns null below): the header and one AES block.
	legacyMinPayload = legacyHeaderSize + aes.BlockSize

	gcmTagSize    = 16
	gcmIVSize     = 12
	gcmHeaderSize = gcmTagSize + gcmIVSize

	// maxPlaintextSize is the longest plaintext Encrypt
	// accepts (975 bytes): with the 48-byte salt and IV and PKCS#7 padding,
	// which always adds 1 to 16 bytes, its payload is at most transaction.MaxMessageSize.
	maxPlaintextSize = (transaction.MaxMessageSize-legacyHeaderSize)/aes.BlockSize*aes.BlockSize - 1
)

// encryptedSize returns the payload length Encrypt produces
// for an n-byte plaintext: 48 + 16·(⌊n/16⌋ + 1). The transfer fee depends
// on it. (nem-sdk's estimate, 48 + 16·⌈n/16⌉, is 16 bytes short when n is a
// multiple of 16.)
func encryptedSize(n int) int {
	return legacyHeaderSize + (n/aes.BlockSize+1)*aes.BlockSize
}

// Encrypt encrypts plaintext from sender to recipient in the legacy
// NIS1 format that NIS-era tools (NanoWallet, nem-sdk, Trezor) read:
// payload = salt || iv || AES-256-CBC ciphertext with PKCS#7 padding, keyed
// with sender.SharedKeyLegacy(recipient, salt). The 32-byte salt and then
// the 16-byte IV are read from random, or from crypto/rand when random is
// nil; tests pass a fixed reader.
//
// It refuses an empty plaintext (send no message instead), one longer than
// maxPlaintextSize (transaction.ErrRule: the payload would exceed
// transaction.MaxMessageSize), a recipient key that fails sign.PublicKey.Check and a
// destroyed sender key. Every error wraps ErrEncrypt.
//
// The format has no authentication: anyone can alter a payload, and the
// recipient detects it only when the padding comes out wrong. A message
// proves nothing about its sender beyond the transaction signature.
//
// The Symbol SDK's newer AES-GCM format is deliberately not written:
// NanoWallet, nem-sdk, Trezor and NIS's own cipher only understand this
// layout and would fail to read (or misread) the other, and the payload
// carries no marker telling the two apart.
func Encrypt(sender *sign.PrivateKey, recipient sign.PublicKey, plaintext []byte, random io.Reader) (*transaction.Message, error) {
	n := len(plaintext)
	if n == 0 {
		return nil, fmt.Errorf("message: %w: empty plaintext; send no message instead", ErrEncrypt)
	}
	if n > maxPlaintextSize {
		return nil, fmt.Errorf("message: %w: %w: a %d-byte plaintext makes a %d-byte payload, NIS accepts at most %d (plaintext at most %d bytes)",
			ErrEncrypt, transaction.ErrRule, n, encryptedSize(n), transaction.MaxMessageSize, maxPlaintextSize)
	}
	if random == nil {
		random = rand.Reader
	}
	payload := make([]byte, encryptedSize(n))
	if _, err := io.ReadFull(random, payload[:legacyHeaderSize]); err != nil {
		return nil, fmt.Errorf("message: %w: %w: %w", ErrEncrypt, sign.ErrRandom, err)
	}
	salt := [legacySaltSize]byte(payload[:legacySaltSize])
	iv := payload[legacySaltSize:legacyHeaderSize]
	key, err := sender.SharedKeyLegacy(recipient, salt)
	if err != nil {
		return nil, fmt.Errorf("message: %w: %w", ErrEncrypt, err)
	}
	block, err := aes.NewCipher(key[:])
	clear(key[:])
	if err != nil {
		panic("message: internal error: AES refused a 32-byte key")
	}
	body := payload[legacyHeaderSize:]
	copy(body, plaintext)
	pad := byte(len(body) - n)
	for i := n; i < len(body); i++ {
		body[i] = pad
	}
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(body, body)
	return &transaction.Message{Type: transaction.MessageEncrypted, Payload: payload}, nil
}

// Decrypt decrypts a legacy-format message (see Encrypt) with
// the recipient's private key and the sender's public key. The sender can
// read its own message the same way, with its private key and the
// recipient's public key: both derive the same key.
//
// The payload must be at least 64 bytes (NIS's decryptor gives up below)
// and its ciphertext a whole number of AES blocks; the PKCS#7 padding is
// checked without branching on the byte that fails. Every error wraps
// ErrDecrypt and says which check failed, never the plaintext or a key.
//
// CBC is not authenticated. A wrong key pair or a tampered payload usually
// fails the padding check, but about once in 256 it does not and garbage
// comes back; and a service that decrypts messages from anyone and lets
// them see whether it worked is a padding oracle. Treat the result as the
// sender's claim, nothing more.
func Decrypt(recipient *sign.PrivateKey, sender sign.PublicKey, m *transaction.Message) ([]byte, error) {
	payload, err := encryptedPayload(m)
	if err != nil {
		return nil, err
	}
	n := len(payload)
	if n < legacyMinPayload {
		return nil, fmt.Errorf("message: %w: payload is %d bytes, an encrypted message has at least %d", ErrDecrypt, n, legacyMinPayload)
	}
	if (n-legacyHeaderSize)%aes.BlockSize != 0 {
		return nil, fmt.Errorf("message: %w: ciphertext is %d bytes, not a whole number of %d-byte AES blocks", ErrDecrypt, n-legacyHeaderSize, aes.BlockSize)
	}
	key, err := recipient.SharedKeyLegacy(sender, [legacySaltSize]byte(payload[:legacySaltSize]))
	if err != nil {
		return nil, fmt.Errorf("message: %w: %w", ErrDecrypt, err)
	}
	block, err := aes.NewCipher(key[:])
	clear(key[:])
	if err != nil {
		panic("message: internal error: AES refused a 32-byte key")
	}
	out := make([]byte, n-legacyHeaderSize)
	cipher.NewCBCDecrypter(block, payload[legacySaltSize:legacyHeaderSize]).CryptBlocks(out, payload[legacyHeaderSize:])
	size, ok := pkcs7Unpad(out)
	if !ok {
		clear(out)
		return nil, fmt.Errorf("message: %w: wrong padding (wrong key pair, or a corrupted or tampered payload)", ErrDecrypt)
	}
	return out[:size:size], nil
}

// pkcs7Unpad checks the PKCS#7 padding of b, a non-empty whole number of AES
// blocks, and returns the length without it. The check looks at the whole
// last block and does not branch on its contents.
func pkcs7Unpad(b []byte) (int, bool) {
	last := b[len(b)-1]
	pad := int(last)
	good := subtle.ConstantTimeLessOrEq(1, pad) & subtle.ConstantTimeLessOrEq(pad, aes.BlockSize)
	tail := b[len(b)-aes.BlockSize:]
	for i, c := range tail {
		inPad := subtle.ConstantTimeLessOrEq(aes.BlockSize-i, pad)
		good &= subtle.ConstantTimeByteEq(c, last) | (inPad ^ 1)
	}
	if good != 1 {
		return 0, false
	}
	return len(b) - pad, true
}

// DecryptGCM decrypts a message in the Symbol SDK's newer format:
// payload = tag(16) || iv(12) || AES-256-GCM ciphertext without additional
// data, keyed with recipient.SharedKeyHKDF(sender). As with Decrypt,
// the sender can read its own message with its key and the recipient's.
//
// This package reads the format but does not write it (see Encrypt).
// The message type does not tell the formats apart; a reader facing an
// unknown payload should try DecryptGCM first, whose 16-byte tag
// makes a false success impossible in practice, and fall back to
// Decrypt, as the Symbol SDK's try_decode does. Every error wraps
// ErrDecrypt and never carries plaintext or key material.
func DecryptGCM(recipient *sign.PrivateKey, sender sign.PublicKey, m *transaction.Message) ([]byte, error) {
	payload, err := encryptedPayload(m)
	if err != nil {
		return nil, err
	}
	if len(payload) < gcmHeaderSize {
		return nil, fmt.Errorf("message: %w: payload is %d bytes, an AES-GCM message has at least %d", ErrDecrypt, len(payload), gcmHeaderSize)
	}
	key, err := recipient.SharedKeyHKDF(sender)
	if err != nil {
		return nil, fmt.Errorf("message: %w: %w", ErrDecrypt, err)
	}
	block, err := aes.NewCipher(key[:])
	clear(key[:])
	if err != nil {
		panic("message: internal error: AES refused a 32-byte key")
	}
	aead, err := cipher.NewGCM(block) // 12-byte nonce, 16-byte tag
	if err != nil {
		panic("message: internal error: AES-GCM refused an AES block")
	}
	tag, iv, ct := payload[:gcmTagSize], payload[gcmTagSize:gcmHeaderSize], payload[gcmHeaderSize:]
	buf := make([]byte, 0, len(ct)+gcmTagSize)
	buf = append(append(buf, ct...), tag...)
	out, err := aead.Open(buf[:0], iv, buf, nil)
	if err != nil {
		return nil, fmt.Errorf("message: %w: authentication failed (wrong key pair, or a corrupted or tampered payload)", ErrDecrypt)
	}
	return out, nil
}

// encryptedPayload returns m's payload if m is an encrypted message.
func encryptedPayload(m *transaction.Message) ([]byte, error) {
	if m == nil {
		return nil, fmt.Errorf("message: %w: no message", ErrDecrypt)
	}
	if m.Type != transaction.MessageEncrypted {
		return nil, fmt.Errorf("message: %w: message type %d is not encrypted (type %d)", ErrDecrypt, m.Type, transaction.MessageEncrypted)
	}
	return m.Payload, nil
}
