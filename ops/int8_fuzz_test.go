package ops

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// FuzzInt8Kernels prepares the int8 elementwise, activation, resize,
// softmax and quantize kernels with arbitrary quantization parameters and
// small shapes, and evaluates those Prepare accepts: Eval must neither
// panic nor fail. Run with -parallel=1.
func FuzzInt8Kernels(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Add([]byte{5, 0x3d, 0xcc, 0xcc, 0xcd, 3, 0x3c, 0x23, 0xd7, 0x0a, 250, 2, 7, 1, 9})
	f.Add([]byte{9, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		rd := func(n int) []byte {
			b := make([]byte, n)
			copy(b, data)
			if len(data) > n {
				data = data[n:]
			} else {
				data = nil
			}
			return b
		}
		f32 := func() float32 { return math.Float32frombits(binary.LittleEndian.Uint32(rd(4))) }
		zp := func() int64 { return int64(int8(rd(1)[0])) }
		dim := func() int { return int(rd(1)[0]%4) + 1 }
		which := rd(1)[0] % 13
		mode := quant.Mode(rd(1)[0] % 2)
		sa, za, sb, zb, so, zo := f32(), zp(), f32(), zp(), f32(), zp()
		act := Activation(rd(1)[0] % 5)
		shape := tensor.Shape{dim(), dim(), dim(), dim()}
		a := tensor.New(tensor.Int8, shape)
		a.Quant = ewQ(sa, za)
		copy(a.Data, data)
		b := tensor.New(tensor.Int8, tensor.Shape{shape[3]})
		b.Quant = ewQ(sb, zb)
		for i := range b.Data {
			b.Data[i] = byte(i * 37)
		}
		out := &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(so, zo)}
		var k Kernel
		in := []*tensor.Tensor{a}
		switch which {
		case 0:
			k, in = &Add{Activation: act}, []*tensor.Tensor{a, b}
		case 1:
			k, in = &Mul{Activation: act}, []*tensor.Tensor{b, a}
		case 2:
			k = &Relu{}
		case 3:
			k = &Relu6{}
		case 4:
			k = &ReluN1To1{}
		case 5:
			k = &LeakyRelu{Alpha: sb}
		case 6:
			k = &HardSwish{}
		case 7:
			k = &Logistic{}
		case 8:
			k = &Tanh{}
		case 9:
			k = &Softmax{Beta: sb}
			out.Quant = ewQ(1.0/256, -128)
		case 10, 11:
			out.Quant = a.Quant
			k = &ResizeBilinear{HalfPixelCenters: which == 10, AlignCorners: act == ActRelu}
			in = []*tensor.Tensor{a, ewI32Const(tensor.Shape{2}, int32(dim()*2), int32(dim()*3))}
		case 12:
			x := tensor.New(tensor.Float32, shape)
			for i := range x.F32() {
				x.F32()[i] = f32()
			}
			k, in = &Quantize{}, []*tensor.Tensor{x}
		}
		if r, ok := k.(Requantizer); ok {
			r.SetRequantization(mode)
		}
		outs := []*tensor.Tensor{out}
		if err := k.Prepare(in, outs); err != nil {
			return
		}
		out.Data = tensor.AlignedBytes(out.ByteSize())
		if err := k.Eval(in, outs); err != nil {
			t.Fatalf("%T: Eval after a successful Prepare: %v", k, err)
		}
	})
}
