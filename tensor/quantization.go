package tensor

// Quantization maps stored integers q to real values r = Scale*(q-ZeroPoint).
//
// With one scale the mapping is per-tensor. With several, it is per-axis:
// element i along dimension Axis uses Scale[i] and ZeroPoint[i].
type Quantization struct {
	Scale     []float32
	ZeroPoint []int64
	Axis      int
}

// PerAxis reports whether q has more than one scale.
func (q *Quantization) PerAxis() bool { return q != nil && len(q.Scale) > 1 }

// Params returns the scale and zero point of channel i (channel 0 for
// per-tensor quantization). A missing zero point is 0.
func (q *Quantization) Params(i int) (scale float32, zeroPoint int64) {
	if len(q.Scale) == 1 {
		i = 0
	}
	scale = q.Scale[i]
	if len(q.ZeroPoint) == 1 {
		zeroPoint = q.ZeroPoint[0]
	} else if i < len(q.ZeroPoint) {
		zeroPoint = q.ZeroPoint[i]
	}
	return scale, zeroPoint
}

// Clone returns a deep copy of q (nil stays nil).
func (q *Quantization) Clone() *Quantization {
	if q == nil {
		return nil
	}
	return &Quantization{
		Scale:     append([]float32(nil), q.Scale...),
		ZeroPoint: append([]int64(nil), q.ZeroPoint...),
		Axis:      q.Axis,
	}
}
