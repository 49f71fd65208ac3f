package nisjson

import (
	"fmt"
	"reflect"

	"github.com/nemcustody/nemcustody/transaction"
)

// fieldErr is the error for a field of the JSON (a path such as
// "otherTrans.mosaics[1].quantity") that cannot be read or is refused:
// "nisjson: <field>: <sentinel>: <reason>". The sentinels are package
// transaction's.
func fieldErr(field string, sentinel error, format string, args ...any) error {
	return fmt.Errorf("nisjson: %s: %w: %s", field, sentinel, fmt.Sprintf(format, args...))
}

// errNoTransaction is the error for a missing transaction (see isNil).
func errNoTransaction() error {
	return fieldErr("transaction", transaction.ErrMalformed, "no transaction")
}

// isNil reports whether tx is missing: a nil interface, or a nil pointer of
// one of package transaction's types (all of which are pointers).
func isNil(tx transaction.Transaction) bool {
	if tx == nil {
		return true
	}
	v := reflect.ValueOf(tx)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// orZero returns p, or n zero bytes when p is nil (after a failed read).
func orZero(p []byte, n int) []byte {
	if p == nil {
		return make([]byte, n)
	}
	return p
}
