//go:build !purego

package rowsum

import "github.com/octet-ml/octet/asm"

var implAVX512 = &Impl{Name: "rowsumAVX512_x16", ISA: asm.AVX512, kind: kindAVX512}

var archImpls = []*Impl{implAVX512}

func f32Kernel(k kind, acc, x *float32, n, rows, stride int) {
	if k != kindAVX512 {
		panic("rowsum: kernel not built for amd64")
	}
	f32RowSumAVX512_x16(acc, x, n, rows, stride)
}

func s8Kernel(k kind, acc *int32, x *int8, n, rows, stride int) {
	if k != kindAVX512 {
		panic("rowsum: kernel not built for amd64")
	}
	s8RowSumAVX512_x16(acc, x, n, rows, stride)
}

// f32RowSumAVX512_x16 is F32's loop for n > 0 accumulators and rows > 0:
// per block of 16 accumulators (the last n%16 under a k-mask) one load,
// a VADDPS with memory operand per row in order, one store.
//
//go:noescape
func f32RowSumAVX512_x16(acc, x *float32, n, rows, stride int)

// s8RowSumAVX512_x16 is S8's loop likewise: per row a VPMOVSXBD (16 bytes
// to 16 int32) and a VPADDD.
//
//go:noescape
func s8RowSumAVX512_x16(acc *int32, x *int8, n, rows, stride int)
