// Package nisform holds what NIS's two serializers, binary and JSON, share
// and what package transaction and its JSON codec (transaction/nisjson)
// must therefore agree on: the deserializer's length limits, the highest
// entity version of each transaction type, and how mosaic definition
// properties are named and spelled. One copy, so the two codecs cannot
// drift.
package nisform
