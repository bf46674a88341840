package tensor

import "fmt"

// DType is an element type.
type DType uint8

// The element types octet knows. Float16 is a storage type: kernels read it
// through conversion to float32.
const (
	Invalid DType = iota
	Float32
	Float16
	Int8
	Uint8
	Int16
	Int32
	Int64
	Bool
)

var dtypeInfo = [...]struct {
	name string
	size int
}{
	Invalid: {"invalid", 0},
	Float32: {"float32", 4},
	Float16: {"float16", 2},
	Int8:    {"int8", 1},
	Uint8:   {"uint8", 1},
	Int16:   {"int16", 2},
	Int32:   {"int32", 4},
	Int64:   {"int64", 8},
	Bool:    {"bool", 1},
}

// Size returns the size of one element in bytes, or 0 for Invalid and
// unknown types.
func (d DType) Size() int {
	if int(d) >= len(dtypeInfo) {
		return 0
	}
	return dtypeInfo[d].size
}

// String returns the lower-case name of the type, such as "float32".
func (d DType) String() string {
	if int(d) >= len(dtypeInfo) {
		return fmt.Sprintf("dtype(%d)", uint8(d))
	}
	return dtypeInfo[d].name
}

// Valid reports whether d is a known element type other than Invalid.
func (d DType) Valid() bool { return d != Invalid && int(d) < len(dtypeInfo) }
