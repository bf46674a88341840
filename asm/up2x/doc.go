// Package up2x holds the two passes of the int8 exact-2x bilinear
// upsampling (ops/upsample2x_int8.go), the segmentation decoder's resize:
// a horizontal pass that turns one input row into int16 sums of two
// weighted neighbours per output column (H), and a vertical pass that
// blends two such rows with quarter weights and rounds to int8 (V). Their
// composition equals XNNPACK's s8 bilinear resize bit for bit for the 2x
// upsampling (half-pixel and legacy coordinates); ops checks that
// exhaustively and against native XNNPACK.
//
// As in Go's crypto packages, up2x.go (the driver and the pure-Go
// reference) is always compiled, the arch files only add kernels, and the
// purego build tag leaves the reference alone. H runs its kernel when the
// channel count is a multiple of 8 (AVX2) or 16 (NEON), else the
// reference; V runs the
// kernel on the first n/32·32 values and Go on the rest.
//
// # Kernels
//
// qs8Up2xHAVX2_c8, qs8Up2xVAVX2_x32 (amd64, AVX2). H (channel counts that
// are multiples of 8): per tap two VPBROADCASTW, then per 16 channels 2
// VPMOVSXBW loads, 2 VPMULLW, VPADDW, one store: 6 instructions (plus 4
// loop) per 16 int16 outputs; the same on XMM for a last 8. V: per 32
// outputs 2 loads, 4 VPMULLW (two with memory operands), 4 VPADDW, 2
// VPSRAW, 2 VPAND, VPACKUSWB, VPERMQ, one store: 17 instructions (plus 4
// loop), about 0.66 per output byte.
//
// qs8Up2xHNEON_c16, qs8Up2xVNEON_x32 (arm64, Advanced SIMD). H: per 16
// channels 2 LD1, 4 SXTL (SSHLL #0), 2 MUL, 2 MLA, one ST1: 11 instructions
// (plus 2 loop) per 16 outputs. V: per 32 outputs 2 LD1 of 64 bytes, 4 MUL,
// 4 MLA, 4 ADD, 4 SSHR, 4 XTN/XTN2, one ST1: 23 instructions (plus 2 loop),
// 0.78 per output. Go's assembler lacks these forms: up2x_arm64.s is
// written by gen_arm64.go (asm/internal/arm64enc checks every WORD
// encoding with llvm-mc).
//
// # Exactness
//
// Both passes are defined in int16 arithmetic that wraps, an arithmetic
// shift and a truncating conversion, which is what the vector
// instructions do: VPMULLW and MUL keep the low 16 bits of the product,
// VPADDW, ADD and MLA wrap, VPSRAW and SSHR shift arithmetically, and the
// narrowing keeps the low byte (VPAND 0xff then VPACKUSWB, which cannot
// saturate on values in 0..255; XTN). In the op's domain (int8 inputs,
// quarter weights summing to 4) nothing wraps: |H| <= 512 and
// |w0·e0 + w1·e1 + 8| <= 2056, so the int16 forms equal the exact integer
// formula.
package up2x
