// Package flex reads FlexBuffers, the schema-less binary format TFLite uses
// for the custom_options of custom operators.
//
// Parse decodes a whole buffer into a tree of Values. Every offset and size
// is checked against the buffer, nesting is limited to MaxDepth, and the
// number of decoded values is limited relative to the buffer size, so a
// malformed or malicious buffer yields an error and never a panic or a huge
// allocation.
//
// Format summary (see the FlatBuffers "FlexBuffers" internals document):
// the root is at the end of the buffer: the last byte is the root's byte
// width, the byte before it the root's packed type, and before that the root
// value. A packed type byte holds the type in its upper 6 bits and, for
// values reached through an offset, the byte width of the target's elements
// (1, 2, 4 or 8) as log2 in its lower 2 bits. Offsets are unsigned and count
// backwards from where they are stored. Vectors store their size just before
// their first element; untyped vectors are followed by one packed type byte
// per element; maps are untyped vectors preceded by the offset and byte width
// of a typed vector of keys.
package flex

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Type is a FlexBuffers wire type.
type Type uint8

// FlexBuffers wire types, numbered as in flexbuffers.h.
const (
	TypeNull                   Type = 0
	TypeInt                    Type = 1
	TypeUint                   Type = 2
	TypeFloat                  Type = 3
	TypeKey                    Type = 4
	TypeString                 Type = 5
	TypeIndirectInt            Type = 6
	TypeIndirectUint           Type = 7
	TypeIndirectFloat          Type = 8
	TypeMap                    Type = 9
	TypeVector                 Type = 10
	TypeVectorInt              Type = 11
	TypeVectorUint             Type = 12
	TypeVectorFloat            Type = 13
	TypeVectorKey              Type = 14
	TypeVectorStringDeprecated Type = 15
	TypeVectorInt2             Type = 16
	TypeVectorUint2            Type = 17
	TypeVectorFloat2           Type = 18
	TypeVectorInt3             Type = 19
	TypeVectorUint3            Type = 20
	TypeVectorFloat3           Type = 21
	TypeVectorInt4             Type = 22
	TypeVectorUint4            Type = 23
	TypeVectorFloat4           Type = 24
	TypeBlob                   Type = 25
	TypeBool                   Type = 26
	TypeVectorBool             Type = 36
)

// Kind is the kind of a decoded Value.
type Kind uint8

// Value kinds. Keys decode as String; every vector type (untyped, typed and
// fixed-length) decodes as Vector.
const (
	Null Kind = iota
	Int
	Uint
	Float
	Bool
	String
	Blob
	Vector
	Map
)

var kindNames = [...]string{"null", "int", "uint", "float", "bool", "string", "blob", "vector", "map"}

// String returns the lower-case name of k.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// MaxDepth is the deepest nesting of vectors and maps Parse accepts.
const MaxDepth = 64

// Value is a decoded FlexBuffers value. The zero Value is Null.
type Value struct {
	kind  Kind
	typ   Type
	i     int64
	u     uint64
	f     float64
	s     string  // String
	b     []byte  // Blob (shared between values decoded from one position)
	elems []Value // Vector elements, Map values
	keys  []string
}

// Kind returns the kind of v.
func (v Value) Kind() Kind { return v.kind }

// Type returns the wire type v was decoded from.
func (v Value) Type() Type { return v.typ }

// IsNull reports whether v is null.
func (v Value) IsNull() bool { return v.kind == Null }

// AsInt returns v as an int64. Ints, uints that fit, bools (0 or 1) and
// floats holding an exact int64 convert; other values give 0, false. The
// other As methods likewise return the zero value and false when v does not
// convert.
func (v Value) AsInt() (int64, bool) {
	switch v.kind {
	case Int:
		return v.i, true
	case Uint:
		if v.u <= math.MaxInt64 {
			return int64(v.u), true
		}
	case Bool:
		return int64(v.u), true
	case Float:
		if v.f == math.Trunc(v.f) && v.f >= -(1<<63) && v.f < 1<<63 {
			return int64(v.f), true
		}
	}
	return 0, false
}

// AsUint returns v as a uint64. Uints, non-negative ints, bools and floats
// holding an exact uint64 convert; other kinds report false.
func (v Value) AsUint() (uint64, bool) {
	switch v.kind {
	case Uint, Bool:
		return v.u, true
	case Int:
		if v.i >= 0 {
			return uint64(v.i), true
		}
	case Float:
		if v.f == math.Trunc(v.f) && v.f >= 0 && v.f < 1<<64 {
			return uint64(v.f), true
		}
	}
	return 0, false
}

// AsFloat returns v as a float64. Floats, ints, uints and bools convert.
func (v Value) AsFloat() (float64, bool) {
	switch v.kind {
	case Float:
		return v.f, true
	case Int:
		return float64(v.i), true
	case Uint, Bool:
		return float64(v.u), true
	}
	return 0, false
}

// AsBool returns v as a bool. Bools convert, and numbers (true when not
// zero).
func (v Value) AsBool() (bool, bool) {
	switch v.kind {
	case Bool, Uint:
		return v.u != 0, true
	case Int:
		return v.i != 0, true
	case Float:
		return v.f != 0, true
	}
	return false, false
}

// AsString returns the text of a string or key.
func (v Value) AsString() (string, bool) { return v.s, v.kind == String }

// AsBlob returns the bytes of a blob. Values decoded from the same position
// share the slice: do not modify it.
func (v Value) AsBlob() ([]byte, bool) { return v.b, v.kind == Blob }

// Len returns the number of elements of a vector or entries of a map, and 0
// for other kinds.
func (v Value) Len() int { return len(v.elems) }

// Index returns element i of a vector (or the value of entry i of a map), or
// Null when i is out of range.
func (v Value) Index(i int) Value {
	if i < 0 || i >= len(v.elems) {
		return Value{}
	}
	return v.elems[i]
}

// Keys returns the keys of a map in stored (sorted) order, nil for other
// kinds.
func (v Value) Keys() []string { return v.keys }

// Get returns the value stored under key in a map.
func (v Value) Get(key string) (Value, bool) {
	if v.kind != Map {
		return Value{}, false
	}
	// Keys are stored sorted, but a malformed buffer may not be: search
	// linearly when binary search misses.
	i := sort.SearchStrings(v.keys, key)
	if i < len(v.keys) && v.keys[i] == key {
		return v.elems[i], true
	}
	for i, k := range v.keys {
		if k == key {
			return v.elems[i], true
		}
	}
	return Value{}, false
}

// Interface converts v to plain Go values: nil, int64, uint64, float64,
// bool, string, []byte, []any or map[string]any.
func (v Value) Interface() any {
	switch v.kind {
	case Int:
		return v.i
	case Uint:
		return v.u
	case Float:
		return v.f
	case Bool:
		return v.u != 0
	case String:
		return v.s
	case Blob:
		return v.b
	case Vector:
		out := make([]any, len(v.elems))
		for i, e := range v.elems {
			out[i] = e.Interface()
		}
		return out
	case Map:
		out := make(map[string]any, len(v.elems))
		for i, e := range v.elems {
			out[v.keys[i]] = e.Interface()
		}
		return out
	}
	return nil
}

// String formats v in a JSON-like notation for debugging.
func (v Value) String() string {
	var sb strings.Builder
	v.format(&sb)
	return sb.String()
}

func (v Value) format(sb *strings.Builder) {
	switch v.kind {
	case Null:
		sb.WriteString("null")
	case Int:
		sb.WriteString(strconv.FormatInt(v.i, 10))
	case Uint:
		sb.WriteString(strconv.FormatUint(v.u, 10))
	case Float:
		sb.WriteString(strconv.FormatFloat(v.f, 'g', -1, 64))
	case Bool:
		sb.WriteString(strconv.FormatBool(v.u != 0))
	case String:
		sb.WriteString(strconv.Quote(v.s))
	case Blob:
		fmt.Fprintf(sb, "blob(%x)", v.b)
	case Vector:
		sb.WriteByte('[')
		for i, e := range v.elems {
			if i > 0 {
				sb.WriteString(", ")
			}
			e.format(sb)
		}
		sb.WriteByte(']')
	case Map:
		sb.WriteByte('{')
		for i, e := range v.elems {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(strconv.Quote(v.keys[i]))
			sb.WriteString(": ")
			e.format(sb)
		}
		sb.WriteByte('}')
	}
}

// ErrTooLarge reports a buffer that decodes to far more values than its size
// allows, which only shared (overlapping) children can achieve.
var ErrTooLarge = errors.New("flex: buffer decodes to too many values")

// Parse decodes the FlexBuffer b. The result does not alias b.
func Parse(b []byte) (Value, error) {
	if len(b) < 3 {
		return Value{}, fmt.Errorf("flex: buffer of %d bytes is too short", len(b))
	}
	width := int(b[len(b)-1])
	if !validWidth(width) {
		return Value{}, fmt.Errorf("flex: root byte width %d", width)
	}
	pos := len(b) - 2 - width
	if pos < 0 {
		return Value{}, fmt.Errorf("flex: root of width %d does not fit in %d bytes", width, len(b))
	}
	d := &decoder{
		b:         b,
		budget:    2*len(b) + 64,
		byteQuota: len(b) + 64,
		strs:      map[int]string{},
		blobs:     map[int][]byte{},
	}
	return d.ref(pos, width, b[len(b)-2], 0)
}

func validWidth(w int) bool { return w == 1 || w == 2 || w == 4 || w == 8 }

type decoder struct {
	b      []byte
	budget int // values still allowed to be decoded
	// byteQuota is the number of string, key and blob bytes still allowed
	// to be copied. Each position is copied once (strs, blobs) and in a
	// well-formed buffer they do not overlap, so the buffer size suffices.
	byteQuota int
	strs      map[int]string // strings and keys by position, decoded once
	blobs     map[int][]byte // blobs by position, copied once
	nuls      []int          // positions of all zero bytes, built on first key
}

// copyQuota takes n bytes from the byte quota.
func (d *decoder) copyQuota(n int) error {
	if d.byteQuota -= n; d.byteQuota < 0 {
		return ErrTooLarge
	}
	return nil
}

// uint reads an unsigned little-endian integer of width bytes at pos.
func (d *decoder) uint(pos, width int) (uint64, error) {
	if pos < 0 || pos > len(d.b)-width {
		return 0, fmt.Errorf("flex: %d-byte value at %d outside the %d-byte buffer", width, pos, len(d.b))
	}
	var x uint64
	for i := width - 1; i >= 0; i-- {
		x = x<<8 | uint64(d.b[pos+i])
	}
	return x, nil
}

func (d *decoder) int(pos, width int) (int64, error) {
	x, err := d.uint(pos, width)
	if err != nil {
		return 0, err
	}
	shift := 64 - 8*uint(width)
	return int64(x<<shift) >> shift, nil // sign-extend
}

func (d *decoder) float(pos, width int) (float64, error) {
	x, err := d.uint(pos, width)
	if err != nil {
		return 0, err
	}
	switch width {
	case 4:
		return float64(math.Float32frombits(uint32(x))), nil
	case 8:
		return math.Float64frombits(x), nil
	}
	return 0, fmt.Errorf("flex: float of width %d at %d", width, pos)
}

// indirect follows the offset of width bytes stored at pos.
func (d *decoder) indirect(pos, width int) (int, error) {
	off, err := d.uint(pos, width)
	if err != nil {
		return 0, err
	}
	if off > uint64(pos) {
		return 0, fmt.Errorf("flex: offset %d at %d points before the buffer", off, pos)
	}
	return pos - int(off), nil
}

// size reads the element count stored width bytes before target and checks
// that count elements of elemBytes bytes each (plus trailing bytes per
// element) fit in the buffer from target on.
func (d *decoder) size(target, width, elemBytes int) (int, error) {
	n, err := d.uint(target-width, width)
	if err != nil {
		return 0, err
	}
	if n > uint64(len(d.b)-target)/uint64(elemBytes) {
		return 0, fmt.Errorf("flex: %d elements at %d overrun the buffer", n, target)
	}
	return int(n), nil
}

// ref decodes the value stored at pos with the parent's byte width and the
// given packed type.
func (d *decoder) ref(pos, parentWidth int, packed byte, depth int) (Value, error) {
	if d.budget--; d.budget < 0 {
		return Value{}, ErrTooLarge
	}
	typ := Type(packed >> 2)
	width := 1 << (packed & 3) // byte width of the target, for offset types
	v := Value{typ: typ}
	var err error
	switch typ {
	case TypeNull:
		return v, nil
	case TypeInt:
		v.kind = Int
		v.i, err = d.int(pos, parentWidth)
		return v, err
	case TypeUint:
		v.kind = Uint
		v.u, err = d.uint(pos, parentWidth)
		return v, err
	case TypeFloat:
		v.kind = Float
		v.f, err = d.float(pos, parentWidth)
		return v, err
	case TypeBool:
		v.kind = Bool
		v.u, err = d.uint(pos, parentWidth)
		if v.u != 0 {
			v.u = 1
		}
		return v, err
	}

	// Everything else is reached through an offset.
	target, err := d.indirect(pos, parentWidth)
	if err != nil {
		return Value{}, err
	}
	switch typ {
	case TypeIndirectInt:
		v.kind = Int
		v.i, err = d.int(target, width)
	case TypeIndirectUint:
		v.kind = Uint
		v.u, err = d.uint(target, width)
	case TypeIndirectFloat:
		v.kind = Float
		v.f, err = d.float(target, width)
	case TypeKey:
		v.kind = String
		v.s, err = d.key(target)
	case TypeString:
		v.kind = String
		v.s, err = d.string(target, width)
	case TypeBlob:
		v.kind = Blob
		v.b, err = d.blob(target, width)
	case TypeVector:
		v.kind = Vector
		v.elems, err = d.vector(target, width, depth)
	case TypeMap:
		v.kind = Map
		v.keys, v.elems, err = d.mapValue(target, width, depth)
	default:
		elem, n, ok := typedElem(typ)
		if !ok {
			return Value{}, fmt.Errorf("flex: unknown type %d at %d", typ, pos)
		}
		v.kind = Vector
		v.elems, err = d.typedVector(target, width, elem, n, depth)
	}
	if err != nil {
		return Value{}, err
	}
	return v, nil
}

// typedElem returns the element type of a typed vector type and its fixed
// length (0 when the length is stored).
func typedElem(t Type) (elem Type, n int, ok bool) {
	switch {
	case t >= TypeVectorInt && t <= TypeVectorKey:
		return t - TypeVectorInt + TypeInt, 0, true
	case t == TypeVectorStringDeprecated:
		return TypeString, 0, true
	case t == TypeVectorBool:
		return TypeBool, 0, true
	case t >= TypeVectorInt2 && t <= TypeVectorFloat4:
		k := int(t - TypeVectorInt2)
		return Type(k%3) + TypeInt, k/3 + 2, true
	}
	return 0, 0, false
}

// key decodes the NUL-terminated key at target.
func (d *decoder) key(target int) (string, error) {
	if s, ok := d.strs[target]; ok {
		return s, nil
	}
	if target < 0 || target >= len(d.b) {
		return "", fmt.Errorf("flex: key at %d outside the buffer", target)
	}
	if d.nuls == nil {
		// One pass over the buffer, so that finding the end of each key
		// costs a binary search rather than a scan.
		d.nuls = []int{}
		for i, c := range d.b {
			if c == 0 {
				d.nuls = append(d.nuls, i)
			}
		}
	}
	i := sort.SearchInts(d.nuls, target)
	if i == len(d.nuls) {
		return "", fmt.Errorf("flex: key at %d is not terminated", target)
	}
	end := d.nuls[i]
	if err := d.copyQuota(end - target); err != nil {
		return "", err
	}
	s := string(d.b[target:end])
	d.strs[target] = s
	return s, nil
}

// string decodes the size-prefixed string at target.
func (d *decoder) string(target, width int) (string, error) {
	if s, ok := d.strs[target]; ok {
		return s, nil
	}
	n, err := d.size(target, width, 1)
	if err != nil {
		return "", err
	}
	if err := d.copyQuota(n); err != nil {
		return "", err
	}
	s := string(d.b[target : target+n])
	d.strs[target] = s
	return s, nil
}

// blob copies the size-prefixed bytes at target.
func (d *decoder) blob(target, width int) ([]byte, error) {
	if b, ok := d.blobs[target]; ok {
		return b, nil
	}
	n, err := d.size(target, width, 1)
	if err != nil {
		return nil, err
	}
	if err := d.copyQuota(n); err != nil {
		return nil, err
	}
	b := append([]byte(nil), d.b[target:target+n]...)
	d.blobs[target] = b
	return b, nil
}

// vector decodes the untyped vector at target: n elements of width bytes,
// then n packed type bytes.
func (d *decoder) vector(target, width, depth int) ([]Value, error) {
	if depth >= MaxDepth {
		return nil, fmt.Errorf("flex: nesting deeper than %d", MaxDepth)
	}
	n, err := d.size(target, width, width+1)
	if err != nil {
		return nil, err
	}
	if n > d.budget {
		return nil, ErrTooLarge
	}
	out := make([]Value, n)
	types := target + n*width
	for i := range out {
		if out[i], err = d.ref(target+i*width, width, d.b[types+i], depth+1); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// typedVector decodes a vector whose elements all have type elem: with a
// stored size when fixed is 0, else exactly fixed elements.
func (d *decoder) typedVector(target, width int, elem Type, fixed, depth int) ([]Value, error) {
	if depth >= MaxDepth {
		return nil, fmt.Errorf("flex: nesting deeper than %d", MaxDepth)
	}
	n := fixed
	if n == 0 {
		var err error
		if n, err = d.size(target, width, width); err != nil {
			return nil, err
		}
	} else if target < 0 || target > len(d.b)-n*width {
		return nil, fmt.Errorf("flex: %d-element vector at %d overruns the buffer", n, target)
	}
	if n > d.budget {
		return nil, ErrTooLarge
	}
	// Elements reached through an offset (keys, deprecated strings) have
	// byte width 1, as in the reference implementation.
	packed := byte(elem) << 2
	out := make([]Value, n)
	for i := range out {
		var err error
		if out[i], err = d.ref(target+i*width, width, packed, depth+1); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// mapValue decodes the map at target: an untyped vector of values preceded
// by the offset and byte width of its keys vector.
func (d *decoder) mapValue(target, width, depth int) ([]string, []Value, error) {
	keysField := target - 3*width
	keysVec, err := d.indirect(keysField, width)
	if err != nil {
		return nil, nil, fmt.Errorf("flex: map keys: %w", err)
	}
	kw, err := d.uint(target-2*width, width)
	if err != nil {
		return nil, nil, err
	}
	if !validWidth(int(kw)) {
		return nil, nil, fmt.Errorf("flex: map at %d: keys byte width %d", target, kw)
	}
	keyVals, err := d.typedVector(keysVec, int(kw), TypeKey, 0, depth)
	if err != nil {
		return nil, nil, fmt.Errorf("flex: map keys: %w", err)
	}
	vals, err := d.vector(target, width, depth)
	if err != nil {
		return nil, nil, err
	}
	if len(keyVals) != len(vals) {
		return nil, nil, fmt.Errorf("flex: map at %d has %d keys for %d values", target, len(keyVals), len(vals))
	}
	keys := make([]string, len(keyVals))
	for i, k := range keyVals {
		keys[i] = k.s
	}
	return keys, vals, nil
}
