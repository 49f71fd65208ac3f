package strictjson

// Kind is the kind of a JSON value.
type Kind uint8

// The kinds of JSON values.
const (
	Null Kind = iota
	Bool
	Number
	String
	Object
	Array
)

// String returns "null", "a boolean", "a number", "a string", "an object"
// or "an array", for messages.
func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "a boolean"
	case Number:
		return "a number"
	case String:
		return "a string"
	case Object:
		return "an object"
	case Array:
		return "an array"
	}
	return "an unknown kind"
}

// Value is a parsed JSON value. It keeps what encoding/json loses: the
// literal text of numbers, the order of object members and where each
// value sits in the input.
type Value struct {
	// Kind is the kind of the value.
	Kind Kind
	// Text is the decoded text of a string, the literal of a number
	// ("1.50", "-0"), or "true" or "false"; "" otherwise.
	Text string
	// Members are the members of an object, in input order; no two keys
	// are equal, even ignoring letter case.
	Members []Member
	// Items are the items of an array.
	Items []Value
	// Start and End delimit the value in the input: input[Start:End].
	Start, End int
}

// Member is one member of an object.
type Member struct {
	// Key is the decoded key.
	Key string
	// KeyStart and KeyEnd delimit the key, quotes included, in the input.
	KeyStart, KeyEnd int
	// Value is the member's value.
	Value Value
}
