package transaction

import "strconv"

// Field names of list elements, built once so that parsing a valid
// transaction formats no strings. Lists longer than the tables (which a
// strict parse refuses anyway) fall back to formatting.
var (
	mosaicFields       = indexedFields("mosaics", ".mosaicId", ".quantity")
	modificationFields = indexedFields("modifications", ".modificationType", ".cosignatoryAccount")
	cosignatureFields  = indexedFields("signatures")
)

const fieldTableSize = maxModificationsLen + 1

// indexedFields returns, for i below fieldTableSize, name[i] followed by
// name[i]+suffix for each suffix.
func indexedFields(name string, suffixes ...string) [fieldTableSize][]string {
	var t [fieldTableSize][]string
	for i := range t {
		base := name + "[" + strconv.Itoa(i) + "]"
		t[i] = append([]string{base}, make([]string, len(suffixes))...)
		for j, s := range suffixes {
			t[i][j+1] = base + s
		}
	}
	return t
}

// fieldName returns table entry j of element i.
func fieldName(t *[fieldTableSize][]string, i, j int, name string, suffixes ...string) string {
	if i < len(t) {
		return t[i][j]
	}
	s := name + "[" + strconv.Itoa(i) + "]"
	if j > 0 {
		s += suffixes[j-1]
	}
	return s
}
