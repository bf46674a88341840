package ops

import (
	"errors"
	"fmt"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// Kernel is one op instance, owned by a single interpreter.
//
// Prepare runs once before execution. It checks the number, dtypes and shapes
// of the inputs, and sets every output's DType and Shape. Constant inputs
// (Tensor.Const) already hold their Data, so Prepare may pre-process them;
// other inputs and all outputs have no Data yet. Prepare may allocate.
//
// Eval computes the outputs from the inputs. It must not allocate, must not
// write to its inputs, and is called only after a successful Prepare with
// tensors of the shapes Prepare saw.
//
// An optional input that the model leaves out is a nil *tensor.Tensor.
type Kernel interface {
	Prepare(in, out []*tensor.Tensor) error
	Eval(in, out []*tensor.Tensor) error
}

// ErrShape is wrapped by errors about tensor shapes.
var ErrShape = errors.New("shape mismatch")

// ErrType is wrapped by errors about tensor dtypes.
var ErrType = errors.New("unsupported dtype")

// checkArity checks input and output counts. minIn..maxIn inputs, nout
// outputs; inputs below minIn must not be nil.
func checkArity(in, out []*tensor.Tensor, minIn, maxIn, nout int) error {
	if len(in) < minIn || len(in) > maxIn {
		if minIn == maxIn {
			return fmt.Errorf("want %d inputs, got %d", minIn, len(in))
		}
		return fmt.Errorf("want %d to %d inputs, got %d", minIn, maxIn, len(in))
	}
	if len(out) != nout {
		return fmt.Errorf("want %d outputs, got %d", nout, len(out))
	}
	for i := 0; i < minIn; i++ {
		if in[i] == nil {
			return fmt.Errorf("input %d is required", i)
		}
	}
	for i, t := range out {
		if t == nil {
			return fmt.Errorf("output %d is missing", i)
		}
	}
	return nil
}

// checkType checks that t has dtype dt.
func checkType(t *tensor.Tensor, what string, dts ...tensor.DType) error {
	for _, dt := range dts {
		if t.DType == dt {
			return nil
		}
	}
	return fmt.Errorf("%s %s: %w %v (want %v)", what, t.Name, ErrType, t.DType, dts)
}

// checkRank checks that t has the given rank.
func checkRank(t *tensor.Tensor, what string, rank int) error {
	if len(t.Shape) != rank {
		return fmt.Errorf("%s %s: %w: rank %d shape %v, want rank %d", what, t.Name, ErrShape, len(t.Shape), t.Shape, rank)
	}
	return nil
}

// IntermediateUser is implemented by kernels that read their op's
// intermediate tensors (TFLite's integer LSTM takes its gate and hidden
// scales from them). The interpreter calls SetIntermediates before Prepare,
// with nil for an index the op leaves out; only the tensors' metadata is
// meaningful.
type IntermediateUser interface {
	SetIntermediates(t []*tensor.Tensor)
}

// Requantizer is implemented by integer kernels whose rounding of rescaled
// accumulators can follow either XNNPACK (quant.FloatRoundEven, the default)
// or TFLite's builtin kernels (quant.FixedPoint). The interpreter calls
// SetRequantization before Prepare.
type Requantizer interface {
	SetRequantization(quant.Mode)
}
