package ops

// The depth-2 int8 softmax as one table lookup per row.
//
// An HxWx2 softmax (two-class segmentation output) maps each pixel's pair
// (x0, x1) to a pair of outputs that depends on nothing else, so Prepare
// evaluates the general row formula (softmaxInt8.row) on all 65536 pairs
// and packs both outputs of a pair into one uint16: Eval then reads one
// table entry per pixel and writes both bytes. The table (128 KiB) is
// rebuilt by every Prepare, from the input scale and beta. The exhaustive
// test in softmax_int8_test.go checks it against the general path on every
// pair.

// softmaxPairTable holds the outputs of every depth-2 row: entry
// uint8(x0)<<8 | uint8(x1) is uint8(y0) | uint8(y1)<<8.
type softmaxPairTable [1 << 16]uint16

// newSoftmaxPairTable fills a pair table from s's exp table and output
// quantization.
func newSoftmaxPairTable(s *softmaxInt8) *softmaxPairTable {
	t := new(softmaxPairTable)
	var x, y [2]int8
	for i := range t {
		x[0], x[1] = int8(uint8(i>>8)), int8(uint8(i))
		s.row(y[:], x[:])
		t[i] = uint16(uint8(y[0])) | uint16(uint8(y[1]))<<8
	}
	return t
}

// run computes len(x)/2 rows; y and x have the same even length.
func (t *softmaxPairTable) run(y, x []int8) {
	y = y[:len(x)]
	for i := 0; i+1 < len(x); i += 2 {
		v := t[uint16(uint8(x[i]))<<8|uint16(uint8(x[i+1]))]
		y[i] = int8(uint8(v))
		y[i+1] = int8(uint8(v >> 8))
	}
}
