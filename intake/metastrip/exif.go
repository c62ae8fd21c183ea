package metastrip

import "encoding/binary"

// exifHasGPS reports whether a TIFF structure (an EXIF block after its "Exif\0\0" header, or a PNG
// eXIf chunk) has a GPS IFD pointer (tag 0x8825) in IFD0. It only reads within b.
func exifHasGPS(b []byte) bool {
	if len(b) < 8 {
		return false
	}
	var bo binary.ByteOrder
	switch string(b[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return false
	}
	ifd := uint64(bo.Uint32(b[4:]))
	if ifd+2 > uint64(len(b)) {
		return false
	}
	n := uint64(bo.Uint16(b[ifd:]))
	for i := range n {
		e := ifd + 2 + 12*i
		if e+12 > uint64(len(b)) {
			return false
		}
		if bo.Uint16(b[e:]) == 0x8825 {
			return true
		}
	}
	return false
}
