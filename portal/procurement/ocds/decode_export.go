package ocds

// DecodeValue is decodeValue for other packages that read JSON Lines of releases: it decodes data
// as encoding/json's Decoder does with UseNumber, several times faster, and says ok=false for
// anything it does not accept, which the caller then gives to encoding/json for its verdict.
func DecodeValue(data []byte) (v any, ok bool) { return decodeValue(data) }
