package tflite

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	flatbuffers "github.com/google/flatbuffers/go"
)

// The option tables are decoded and encoded generically from their struct
// tags (see options.go), so that each field id is written down once.

// optField is one field of an options table.
type optField struct {
	index int          // Go struct field index
	id    int          // schema field id
	kind  reflect.Kind // underlying kind of the Go field
	elem  reflect.Kind // element kind of slice fields
	def   int64        // schema default of integer fields (bools: 0 or 1)
}

// optLayout describes one options struct type.
type optLayout struct {
	fields []optField
	slots  int // number of vtable slots: highest id + 1
}

// optLayouts maps each options struct type to its layout. It is filled at
// init for every BuiltinOptions tag, so a malformed tag fails every test.
var optLayouts = map[reflect.Type]*optLayout{}

func init() {
	for t := BuiltinOptionsType(1); int(t) < len(builtinOptionsNames); t++ {
		o := newOptions(t)
		if o == nil {
			panic(fmt.Sprintf("tflite: no options struct for %v", t))
		}
		if o.OptionsType() != t {
			panic(fmt.Sprintf("tflite: %T reports tag %v, want %v", o, o.OptionsType(), t))
		}
		rt := reflect.TypeOf(o).Elem()
		optLayouts[rt] = mustLayout(rt)
	}
}

// mustLayout parses the fb tags of struct type rt.
func mustLayout(rt reflect.Type) *optLayout {
	l := &optLayout{}
	for i := 0; i < rt.NumField(); i++ {
		sf := rt.Field(i)
		tag, ok := sf.Tag.Lookup("fb")
		if !ok {
			panic(fmt.Sprintf("tflite: %v.%s has no fb tag", rt, sf.Name))
		}
		idStr, defStr, _ := strings.Cut(tag, ",")
		id, err := strconv.Atoi(idStr)
		if err != nil || id < 0 {
			panic(fmt.Sprintf("tflite: %v.%s: bad field id %q", rt, sf.Name, idStr))
		}
		f := optField{index: i, id: id, kind: sf.Type.Kind()}
		switch f.kind {
		case reflect.Bool, reflect.Int8, reflect.Uint8, reflect.Int32, reflect.Uint32,
			reflect.Int64, reflect.Float32, reflect.String:
		case reflect.Slice:
			f.elem = sf.Type.Elem().Kind()
			switch f.elem {
			case reflect.Int32, reflect.Int64, reflect.Float32, reflect.Uint8:
			default:
				panic(fmt.Sprintf("tflite: %v.%s: unsupported slice type", rt, sf.Name))
			}
		default:
			panic(fmt.Sprintf("tflite: %v.%s: unsupported type", rt, sf.Name))
		}
		if defStr != "" {
			switch {
			case f.kind == reflect.Bool && defStr == "true":
				f.def = 1
			case f.kind == reflect.Int8 || f.kind == reflect.Int32:
				f.def, err = strconv.ParseInt(defStr, 10, 32)
				if err != nil {
					panic(fmt.Sprintf("tflite: %v.%s: bad default %q", rt, sf.Name, defStr))
				}
			default:
				panic(fmt.Sprintf("tflite: %v.%s: unsupported default %q", rt, sf.Name, defStr))
			}
		}
		l.fields = append(l.fields, f)
		if id+1 > l.slots {
			l.slots = id + 1
		}
	}
	return l
}

// layoutOf returns the layout of o, or nil when o is not one of this
// package's options structs (or is a nil pointer).
func layoutOf(o Options) *optLayout {
	v := reflect.ValueOf(o)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return nil
	}
	return optLayouts[v.Type().Elem()]
}

// decodeOptions decodes the options table t of union tag typ. It returns nil
// options for tags it does not know.
func decodeOptions(t table, typ BuiltinOptionsType) (Options, error) {
	o := newOptions(typ)
	if o == nil {
		return nil, nil
	}
	l := layoutOf(o)
	v := reflect.ValueOf(o).Elem()
	for _, f := range l.fields {
		fv := v.Field(f.index)
		var err error
		switch f.kind {
		case reflect.Bool:
			var x bool
			x, err = t.bool(f.id, f.def != 0)
			fv.SetBool(x)
		case reflect.Int8:
			var x int8
			x, err = t.int8(f.id, int8(f.def))
			fv.SetInt(int64(x))
		case reflect.Uint8:
			var x uint8
			x, err = t.uint8(f.id, uint8(f.def))
			fv.SetUint(uint64(x))
		case reflect.Int32:
			var x int32
			x, err = t.int32(f.id, int32(f.def))
			fv.SetInt(int64(x))
		case reflect.Uint32:
			var x uint32
			x, err = t.uint32(f.id, uint32(f.def))
			fv.SetUint(uint64(x))
		case reflect.Int64:
			var x int64
			x, err = t.int64(f.id, f.def)
			fv.SetInt(x)
		case reflect.Float32:
			var x float32
			x, err = t.float32(f.id, 0)
			fv.SetFloat(float64(x))
		case reflect.String:
			var x string
			x, err = t.string(f.id)
			fv.SetString(x)
		case reflect.Slice:
			var x any
			switch f.elem {
			case reflect.Int32:
				x, err = t.int32s(f.id)
			case reflect.Int64:
				x, err = t.int64s(f.id)
			case reflect.Float32:
				x, err = t.float32s(f.id)
			case reflect.Uint8:
				x, err = t.byteVector(f.id)
			}
			if err == nil {
				fv.Set(reflect.ValueOf(x))
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%v field %d: %w", typ, f.id, err)
		}
	}
	return o, nil
}

// encodeOptions writes o as a table and returns its offset. o must have a
// layout (validate checks this).
func encodeOptions(b *flatbuffers.Builder, o Options) flatbuffers.UOffsetT {
	l := layoutOf(o)
	v := reflect.ValueOf(o).Elem()
	// Strings and vectors must be written before the table starts.
	offs := make([]flatbuffers.UOffsetT, len(l.fields))
	for i, f := range l.fields {
		fv := v.Field(f.index)
		switch {
		case f.kind == reflect.String && fv.Len() > 0:
			offs[i] = b.CreateString(fv.String())
		case f.kind == reflect.Slice && !fv.IsNil() && (fv.Len() > 0 || f.elem != reflect.Uint8):
			switch f.elem {
			case reflect.Int32:
				offs[i] = createInt32s(b, fv.Interface().([]int32))
			case reflect.Int64:
				offs[i] = createInt64s(b, fv.Interface().([]int64))
			case reflect.Float32:
				offs[i] = createFloat32s(b, fv.Interface().([]float32))
			case reflect.Uint8:
				offs[i] = b.CreateByteVector(fv.Bytes())
			}
		}
	}
	b.StartObject(l.slots)
	for i, f := range l.fields {
		fv := v.Field(f.index)
		switch f.kind {
		case reflect.Bool:
			b.PrependBoolSlot(f.id, fv.Bool(), f.def != 0)
		case reflect.Int8:
			b.PrependInt8Slot(f.id, int8(fv.Int()), int8(f.def))
		case reflect.Uint8:
			b.PrependUint8Slot(f.id, uint8(fv.Uint()), uint8(f.def))
		case reflect.Int32:
			b.PrependInt32Slot(f.id, int32(fv.Int()), int32(f.def))
		case reflect.Uint32:
			b.PrependUint32Slot(f.id, uint32(fv.Uint()), uint32(f.def))
		case reflect.Int64:
			b.PrependInt64Slot(f.id, fv.Int(), f.def)
		case reflect.Float32:
			b.PrependFloat32Slot(f.id, float32(fv.Float()), 0)
		case reflect.String, reflect.Slice:
			if offs[i] != 0 {
				b.PrependUOffsetTSlot(f.id, offs[i], 0)
			}
		}
	}
	return b.EndObject()
}
