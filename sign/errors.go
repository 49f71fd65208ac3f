package sign

import "errors"

// Sentinel errors. Every error this package returns wraps one of them, so
// callers can branch with errors.Is. No error ever contains secret input.
var (
	// ErrInvalidSignature: a signature did not verify. The wrapping error
	// names the NIS rule that failed.
	ErrInvalidSignature = errors.New("invalid signature")
	// ErrInvalidPublicKey: bytes or text that are not a usable public key.
	ErrInvalidPublicKey = errors.New("invalid public key")
	// ErrInvalidPrivateKey: bytes or text that are not a private key.
	ErrInvalidPrivateKey = errors.New("invalid private key")
	// ErrInvalidAddress: text or bytes that are not a valid NEM address.
	ErrInvalidAddress = errors.New("invalid address")
	// ErrWrongNetwork: a valid value that belongs to another network.
	ErrWrongNetwork = errors.New("wrong network")
	// ErrUnknownNetwork: a network byte or name that NIS1 does not have.
	ErrUnknownNetwork = errors.New("unknown network")
	// ErrKeyDestroyed: the private key was destroyed and cannot sign.
	ErrKeyDestroyed = errors.New("private key destroyed")
	// ErrSelfTest: the known-answer self-test failed; nothing is signed.
	ErrSelfTest = errors.New("signature self-test failed")
	// ErrRandom: the random source failed.
	ErrRandom = errors.New("random source failed")
)
