//go:build !purego

package rowsum

import "github.com/octet-ml/octet/asm"

var implNEON = &Impl{Name: "rowsumNEON", ISA: asm.NEON, kind: kindNEON, vlF: 4, vlS: 8}

var archImpls = []*Impl{implNEON}

func f32Kernel(k kind, acc, x *float32, n, rows, stride int) {
	if k != kindNEON {
		panic("rowsum: kernel not built for arm64")
	}
	f32RowSumNEON_x4(acc, x, n, rows, stride)
}

func s8Kernel(k kind, acc *int32, x *int8, n, rows, stride int) {
	if k != kindNEON {
		panic("rowsum: kernel not built for arm64")
	}
	s8RowSumNEON_x8(acc, x, n, rows, stride)
}

// f32RowSumNEON_x4 is F32's loop for n accumulators, n a positive multiple
// of 4, and rows > 0: per 4 accumulators, per row one LD1 and one FADD.
//
//go:noescape
func f32RowSumNEON_x4(acc, x *float32, n, rows, stride int)

// s8RowSumNEON_x8 is S8's loop for n a positive multiple of 8: per 8
// accumulators, per row one 8-byte LD1, SSHLL, SADDW and SADDW2.
//
//go:noescape
func s8RowSumNEON_x8(acc *int32, x *int8, n, rows, stride int)
