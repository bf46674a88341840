// Options tables of the BuiltinOptions union, transcribed from TensorFlow
// Lite's schema.fbs. Each field's tag is `fb:"id"` or `fb:"id,default"`: the
// schema field id (vtable slot 4+2*id) and the schema default when it is not
// zero. options_codec.go decodes and encodes the tables from these tags.

package tflite

// Conv2DOptions holds the options of CONV_2D.
type Conv2DOptions struct {
	Padding           Padding                `fb:"0"`
	StrideW           int32                  `fb:"1"`
	StrideH           int32                  `fb:"2"`
	FusedActivation   ActivationFunctionType `fb:"3"`
	DilationW         int32                  `fb:"4,1"`
	DilationH         int32                  `fb:"5,1"`
	QuantizedBiasType TensorType             `fb:"6"`
}

// DepthwiseConv2DOptions holds the options of DEPTHWISE_CONV_2D.
type DepthwiseConv2DOptions struct {
	Padding         Padding                `fb:"0"`
	StrideW         int32                  `fb:"1"`
	StrideH         int32                  `fb:"2"`
	DepthMultiplier int32                  `fb:"3"`
	FusedActivation ActivationFunctionType `fb:"4"`
	DilationW       int32                  `fb:"5,1"`
	DilationH       int32                  `fb:"6,1"`
}

// ConcatEmbeddingsOptions holds the options of CONCAT_EMBEDDINGS.
type ConcatEmbeddingsOptions struct {
	NumChannels            int32   `fb:"0"`
	NumColumnsPerChannel   []int32 `fb:"1"`
	EmbeddingDimPerChannel []int32 `fb:"2"`
}

// LSHProjectionOptions holds the options of LSH_PROJECTION.
type LSHProjectionOptions struct {
	Type LSHProjectionType `fb:"0"`
}

// Pool2DOptions holds the options of AVERAGE_POOL_2D, MAX_POOL_2D and L2_POOL_2D.
type Pool2DOptions struct {
	Padding         Padding                `fb:"0"`
	StrideW         int32                  `fb:"1"`
	StrideH         int32                  `fb:"2"`
	FilterWidth     int32                  `fb:"3"`
	FilterHeight    int32                  `fb:"4"`
	FusedActivation ActivationFunctionType `fb:"5"`
}

// SVDFOptions holds the options of SVDF.
type SVDFOptions struct {
	Rank                     int32                  `fb:"0"`
	FusedActivation          ActivationFunctionType `fb:"1"`
	AsymmetricQuantizeInputs bool                   `fb:"2"`
}

// RNNOptions holds the options of RNN.
type RNNOptions struct {
	FusedActivation          ActivationFunctionType `fb:"0"`
	AsymmetricQuantizeInputs bool                   `fb:"1"`
}

// FullyConnectedOptions holds the options of FULLY_CONNECTED.
type FullyConnectedOptions struct {
	FusedActivation          ActivationFunctionType             `fb:"0"`
	WeightsFormat            FullyConnectedOptionsWeightsFormat `fb:"1"`
	KeepNumDims              bool                               `fb:"2"`
	AsymmetricQuantizeInputs bool                               `fb:"3"`
	QuantizedBiasType        TensorType                         `fb:"4"`
}

// SoftmaxOptions holds the options of SOFTMAX.
type SoftmaxOptions struct {
	Beta float32 `fb:"0"`
}

// ConcatenationOptions holds the options of CONCATENATION.
type ConcatenationOptions struct {
	Axis            int32                  `fb:"0"`
	FusedActivation ActivationFunctionType `fb:"1"`
}

// AddOptions holds the options of ADD.
type AddOptions struct {
	FusedActivation ActivationFunctionType `fb:"0"`
	PotScaleInt16   bool                   `fb:"1,true"`
}

// L2NormOptions holds the options of L2_NORMALIZATION.
type L2NormOptions struct {
	FusedActivation ActivationFunctionType `fb:"0"`
}

// LocalResponseNormalizationOptions holds the options of LOCAL_RESPONSE_NORMALIZATION.
type LocalResponseNormalizationOptions struct {
	Radius int32   `fb:"0"`
	Bias   float32 `fb:"1"`
	Alpha  float32 `fb:"2"`
	Beta   float32 `fb:"3"`
}

// LSTMOptions holds the options of LSTM.
type LSTMOptions struct {
	FusedActivation          ActivationFunctionType `fb:"0"`
	CellClip                 float32                `fb:"1"`
	ProjClip                 float32                `fb:"2"`
	KernelType               LSTMKernelType         `fb:"3"`
	AsymmetricQuantizeInputs bool                   `fb:"4"`
}

// ResizeBilinearOptions holds the options of RESIZE_BILINEAR (ids 0 and 1, new_height and new_width, are deprecated).
type ResizeBilinearOptions struct {
	AlignCorners     bool `fb:"2"`
	HalfPixelCenters bool `fb:"3"`
}

// CallOptions holds the options of CALL.
type CallOptions struct {
	Subgraph uint32 `fb:"0"`
}

// ReshapeOptions holds the options of RESHAPE.
type ReshapeOptions struct {
	NewShape []int32 `fb:"0"`
}

// SkipGramOptions holds the options of SKIP_GRAM.
type SkipGramOptions struct {
	NgramSize        int32 `fb:"0"`
	MaxSkipSize      int32 `fb:"1"`
	IncludeAllNgrams bool  `fb:"2"`
}

// SpaceToDepthOptions holds the options of SPACE_TO_DEPTH.
type SpaceToDepthOptions struct {
	BlockSize int32 `fb:"0"`
}

// EmbeddingLookupSparseOptions holds the options of EMBEDDING_LOOKUP_SPARSE.
type EmbeddingLookupSparseOptions struct {
	Combiner CombinerType `fb:"0"`
}

// MulOptions holds the options of MUL.
type MulOptions struct {
	FusedActivation ActivationFunctionType `fb:"0"`
}

// PadOptions holds the options of PAD.
type PadOptions struct{}

// GatherOptions holds the options of GATHER.
type GatherOptions struct {
	Axis      int32 `fb:"0"`
	BatchDims int32 `fb:"1"`
}

// BatchToSpaceNDOptions holds the options of BATCH_TO_SPACE_ND.
type BatchToSpaceNDOptions struct{}

// SpaceToBatchNDOptions holds the options of SPACE_TO_BATCH_ND.
type SpaceToBatchNDOptions struct{}

// TransposeOptions holds the options of TRANSPOSE.
type TransposeOptions struct{}

// ReducerOptions holds the options of MEAN, SUM, REDUCE_MAX and the other reductions.
type ReducerOptions struct {
	KeepDims bool `fb:"0"`
}

// SubOptions holds the options of SUB.
type SubOptions struct {
	FusedActivation ActivationFunctionType `fb:"0"`
	PotScaleInt16   bool                   `fb:"1,true"`
}

// DivOptions holds the options of DIV.
type DivOptions struct {
	FusedActivation ActivationFunctionType `fb:"0"`
}

// SqueezeOptions holds the options of SQUEEZE.
type SqueezeOptions struct {
	SqueezeDims []int32 `fb:"0"`
}

// SequenceRNNOptions holds the options of UNIDIRECTIONAL_SEQUENCE_RNN.
type SequenceRNNOptions struct {
	TimeMajor                bool                   `fb:"0"`
	FusedActivation          ActivationFunctionType `fb:"1"`
	AsymmetricQuantizeInputs bool                   `fb:"2"`
}

// StridedSliceOptions holds the options of STRIDED_SLICE.
type StridedSliceOptions struct {
	BeginMask      int32 `fb:"0"`
	EndMask        int32 `fb:"1"`
	EllipsisMask   int32 `fb:"2"`
	NewAxisMask    int32 `fb:"3"`
	ShrinkAxisMask int32 `fb:"4"`
	Offset         bool  `fb:"5"`
}

// ExpOptions holds the options of EXP.
type ExpOptions struct{}

// TopKV2Options holds the options of TOPK_V2.
type TopKV2Options struct{}

// SplitOptions holds the options of SPLIT.
type SplitOptions struct {
	NumSplits int32 `fb:"0"`
}

// LogSoftmaxOptions holds the options of LOG_SOFTMAX.
type LogSoftmaxOptions struct{}

// CastOptions holds the options of CAST.
type CastOptions struct {
	InDataType  TensorType `fb:"0"`
	OutDataType TensorType `fb:"1"`
}

// DequantizeOptions holds the options of DEQUANTIZE.
type DequantizeOptions struct{}

// MaximumMinimumOptions holds the options of MAXIMUM and MINIMUM.
type MaximumMinimumOptions struct{}

// ArgMaxOptions holds the options of ARG_MAX.
type ArgMaxOptions struct {
	OutputType TensorType `fb:"0"`
}

// LessOptions holds the options of LESS.
type LessOptions struct{}

// NegOptions holds the options of NEG.
type NegOptions struct{}

// PadV2Options holds the options of PADV2.
type PadV2Options struct{}

// GreaterOptions holds the options of GREATER.
type GreaterOptions struct{}

// GreaterEqualOptions holds the options of GREATER_EQUAL.
type GreaterEqualOptions struct{}

// LessEqualOptions holds the options of LESS_EQUAL.
type LessEqualOptions struct{}

// SelectOptions holds the options of SELECT.
type SelectOptions struct{}

// SliceOptions holds the options of SLICE.
type SliceOptions struct{}

// TransposeConvOptions holds the options of TRANSPOSE_CONV.
type TransposeConvOptions struct {
	Padding           Padding                `fb:"0"`
	StrideW           int32                  `fb:"1"`
	StrideH           int32                  `fb:"2"`
	FusedActivation   ActivationFunctionType `fb:"3"`
	QuantizedBiasType TensorType             `fb:"4"`
}

// SparseToDenseOptions holds the options of SPARSE_TO_DENSE.
type SparseToDenseOptions struct {
	ValidateIndices bool `fb:"0"`
}

// TileOptions holds the options of TILE.
type TileOptions struct{}

// ExpandDimsOptions holds the options of EXPAND_DIMS.
type ExpandDimsOptions struct{}

// EqualOptions holds the options of EQUAL.
type EqualOptions struct{}

// NotEqualOptions holds the options of NOT_EQUAL.
type NotEqualOptions struct{}

// ShapeOptions holds the options of SHAPE.
type ShapeOptions struct {
	OutType TensorType `fb:"0"`
}

// PowOptions holds the options of POW.
type PowOptions struct{}

// ArgMinOptions holds the options of ARG_MIN.
type ArgMinOptions struct {
	OutputType TensorType `fb:"0"`
}

// FakeQuantOptions holds the options of FAKE_QUANT.
type FakeQuantOptions struct {
	Min         float32 `fb:"0"`
	Max         float32 `fb:"1"`
	NumBits     int32   `fb:"2"`
	NarrowRange bool    `fb:"3"`
}

// PackOptions holds the options of PACK.
type PackOptions struct {
	ValuesCount int32 `fb:"0"`
	Axis        int32 `fb:"1"`
}

// LogicalOrOptions holds the options of LOGICAL_OR.
type LogicalOrOptions struct{}

// OneHotOptions holds the options of ONE_HOT.
type OneHotOptions struct {
	Axis int32 `fb:"0"`
}

// LogicalAndOptions holds the options of LOGICAL_AND.
type LogicalAndOptions struct{}

// LogicalNotOptions holds the options of LOGICAL_NOT.
type LogicalNotOptions struct{}

// UnpackOptions holds the options of UNPACK.
type UnpackOptions struct {
	Num  int32 `fb:"0"`
	Axis int32 `fb:"1"`
}

// FloorDivOptions holds the options of FLOOR_DIV.
type FloorDivOptions struct{}

// SquareOptions holds the options of SQUARE.
type SquareOptions struct{}

// ZerosLikeOptions holds the options of ZEROS_LIKE.
type ZerosLikeOptions struct{}

// FillOptions holds the options of FILL.
type FillOptions struct{}

// BidirectionalSequenceLSTMOptions holds the options of BIDIRECTIONAL_SEQUENCE_LSTM.
type BidirectionalSequenceLSTMOptions struct {
	FusedActivation          ActivationFunctionType `fb:"0"`
	CellClip                 float32                `fb:"1"`
	ProjClip                 float32                `fb:"2"`
	MergeOutputs             bool                   `fb:"3"`
	TimeMajor                bool                   `fb:"4,true"`
	AsymmetricQuantizeInputs bool                   `fb:"5"`
}

// BidirectionalSequenceRNNOptions holds the options of BIDIRECTIONAL_SEQUENCE_RNN.
type BidirectionalSequenceRNNOptions struct {
	TimeMajor                bool                   `fb:"0"`
	FusedActivation          ActivationFunctionType `fb:"1"`
	MergeOutputs             bool                   `fb:"2"`
	AsymmetricQuantizeInputs bool                   `fb:"3"`
}

// UnidirectionalSequenceLSTMOptions holds the options of UNIDIRECTIONAL_SEQUENCE_LSTM.
type UnidirectionalSequenceLSTMOptions struct {
	FusedActivation          ActivationFunctionType `fb:"0"`
	CellClip                 float32                `fb:"1"`
	ProjClip                 float32                `fb:"2"`
	TimeMajor                bool                   `fb:"3"`
	AsymmetricQuantizeInputs bool                   `fb:"4"`
	DiagonalRecurrentTensors bool                   `fb:"5"`
}

// FloorModOptions holds the options of FLOOR_MOD.
type FloorModOptions struct{}

// RangeOptions holds the options of RANGE.
type RangeOptions struct{}

// ResizeNearestNeighborOptions holds the options of RESIZE_NEAREST_NEIGHBOR.
type ResizeNearestNeighborOptions struct {
	AlignCorners     bool `fb:"0"`
	HalfPixelCenters bool `fb:"1"`
}

// LeakyReluOptions holds the options of LEAKY_RELU.
type LeakyReluOptions struct {
	Alpha float32 `fb:"0"`
}

// SquaredDifferenceOptions holds the options of SQUARED_DIFFERENCE.
type SquaredDifferenceOptions struct{}

// MirrorPadOptions holds the options of MIRROR_PAD.
type MirrorPadOptions struct {
	Mode MirrorPadMode `fb:"0"`
}

// AbsOptions holds the options of ABS.
type AbsOptions struct{}

// SplitVOptions holds the options of SPLIT_V.
type SplitVOptions struct {
	NumSplits int32 `fb:"0"`
}

// UniqueOptions holds the options of UNIQUE.
type UniqueOptions struct {
	IdxOutType TensorType `fb:"0,2"`
}

// ReverseV2Options holds the options of REVERSE_V2.
type ReverseV2Options struct{}

// AddNOptions holds the options of ADD_N.
type AddNOptions struct{}

// GatherNdOptions holds the options of GATHER_ND.
type GatherNdOptions struct{}

// CosOptions holds the options of COS.
type CosOptions struct{}

// WhereOptions holds the options of WHERE.
type WhereOptions struct{}

// RankOptions holds the options of RANK.
type RankOptions struct{}

// ReverseSequenceOptions holds the options of REVERSE_SEQUENCE.
type ReverseSequenceOptions struct {
	SeqDim   int32 `fb:"0"`
	BatchDim int32 `fb:"1"`
}

// MatrixDiagOptions holds the options of MATRIX_DIAG.
type MatrixDiagOptions struct{}

// QuantizeOptions holds the options of QUANTIZE.
type QuantizeOptions struct{}

// MatrixSetDiagOptions holds the options of MATRIX_SET_DIAG.
type MatrixSetDiagOptions struct{}

// HardSwishOptions holds the options of HARD_SWISH.
type HardSwishOptions struct{}

// IfOptions holds the options of IF.
type IfOptions struct {
	ThenSubgraphIndex int32 `fb:"0"`
	ElseSubgraphIndex int32 `fb:"1"`
}

// WhileOptions holds the options of WHILE.
type WhileOptions struct {
	CondSubgraphIndex int32 `fb:"0"`
	BodySubgraphIndex int32 `fb:"1"`
}

// DepthToSpaceOptions holds the options of DEPTH_TO_SPACE.
type DepthToSpaceOptions struct {
	BlockSize int32 `fb:"0"`
}

// NonMaxSuppressionV4Options holds the options of NON_MAX_SUPPRESSION_V4.
type NonMaxSuppressionV4Options struct{}

// NonMaxSuppressionV5Options holds the options of NON_MAX_SUPPRESSION_V5.
type NonMaxSuppressionV5Options struct{}

// ScatterNdOptions holds the options of SCATTER_ND.
type ScatterNdOptions struct{}

// SelectV2Options holds the options of SELECT_V2.
type SelectV2Options struct{}

// DensifyOptions holds the options of DENSIFY.
type DensifyOptions struct{}

// SegmentSumOptions holds the options of SEGMENT_SUM.
type SegmentSumOptions struct{}

// BatchMatMulOptions holds the options of BATCH_MATMUL.
type BatchMatMulOptions struct {
	AdjX                     bool `fb:"0"`
	AdjY                     bool `fb:"1"`
	AsymmetricQuantizeInputs bool `fb:"2"`
}

// CumsumOptions holds the options of CUMSUM.
type CumsumOptions struct {
	Exclusive bool `fb:"0"`
	Reverse   bool `fb:"1"`
}

// CallOnceOptions holds the options of CALL_ONCE.
type CallOnceOptions struct {
	InitSubgraphIndex int32 `fb:"0"`
}

// BroadcastToOptions holds the options of BROADCAST_TO.
type BroadcastToOptions struct{}

// Rfft2dOptions holds the options of RFFT2D.
type Rfft2dOptions struct{}

// Conv3DOptions holds the options of CONV_3D and CONV_3D_TRANSPOSE.
type Conv3DOptions struct {
	Padding         Padding                `fb:"0"`
	StrideD         int32                  `fb:"1"`
	StrideW         int32                  `fb:"2"`
	StrideH         int32                  `fb:"3"`
	FusedActivation ActivationFunctionType `fb:"4"`
	DilationD       int32                  `fb:"5,1"`
	DilationW       int32                  `fb:"6,1"`
	DilationH       int32                  `fb:"7,1"`
}

// HashtableOptions holds the options of HASHTABLE.
type HashtableOptions struct {
	TableID    int32      `fb:"0"`
	KeyDtype   TensorType `fb:"1"`
	ValueDtype TensorType `fb:"2"`
}

// HashtableFindOptions holds the options of HASHTABLE_FIND.
type HashtableFindOptions struct{}

// HashtableImportOptions holds the options of HASHTABLE_IMPORT.
type HashtableImportOptions struct{}

// HashtableSizeOptions holds the options of HASHTABLE_SIZE.
type HashtableSizeOptions struct{}

// VarHandleOptions holds the options of VAR_HANDLE.
type VarHandleOptions struct {
	Container  string `fb:"0"`
	SharedName string `fb:"1"`
}

// ReadVariableOptions holds the options of READ_VARIABLE.
type ReadVariableOptions struct{}

// AssignVariableOptions holds the options of ASSIGN_VARIABLE.
type AssignVariableOptions struct{}

// RandomOptions holds the options of RANDOM_STANDARD_NORMAL, RANDOM_UNIFORM and MULTINOMIAL.
type RandomOptions struct {
	Seed  int64 `fb:"0"`
	Seed2 int64 `fb:"1"`
}

// BucketizeOptions holds the options of BUCKETIZE.
type BucketizeOptions struct {
	Boundaries []float32 `fb:"0"`
}

// GeluOptions holds the options of GELU.
type GeluOptions struct {
	Approximate bool `fb:"0"`
}

// DynamicUpdateSliceOptions holds the options of DYNAMIC_UPDATE_SLICE.
type DynamicUpdateSliceOptions struct{}

// UnsortedSegmentProdOptions holds the options of UNSORTED_SEGMENT_PROD.
type UnsortedSegmentProdOptions struct{}

// UnsortedSegmentMaxOptions holds the options of UNSORTED_SEGMENT_MAX.
type UnsortedSegmentMaxOptions struct{}

// UnsortedSegmentMinOptions holds the options of UNSORTED_SEGMENT_MIN.
type UnsortedSegmentMinOptions struct{}

// UnsortedSegmentSumOptions holds the options of UNSORTED_SEGMENT_SUM.
type UnsortedSegmentSumOptions struct{}

// ATan2Options holds the options of ATAN2.
type ATan2Options struct{}

// SignOptions holds the options of SIGN.
type SignOptions struct{}

// BitcastOptions holds the options of BITCAST.
type BitcastOptions struct{}

// BitwiseXorOptions holds the options of BITWISE_XOR.
type BitwiseXorOptions struct{}

// RightShiftOptions holds the options of RIGHT_SHIFT.
type RightShiftOptions struct{}

// OptionsType returns BuiltinOptionsConv2DOptions.
func (*Conv2DOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsConv2DOptions }

// OptionsType returns BuiltinOptionsDepthwiseConv2DOptions.
func (*DepthwiseConv2DOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsDepthwiseConv2DOptions
}

// OptionsType returns BuiltinOptionsConcatEmbeddingsOptions.
func (*ConcatEmbeddingsOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsConcatEmbeddingsOptions
}

// OptionsType returns BuiltinOptionsLSHProjectionOptions.
func (*LSHProjectionOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsLSHProjectionOptions
}

// OptionsType returns BuiltinOptionsPool2DOptions.
func (*Pool2DOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsPool2DOptions }

// OptionsType returns BuiltinOptionsSVDFOptions.
func (*SVDFOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsSVDFOptions }

// OptionsType returns BuiltinOptionsRNNOptions.
func (*RNNOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsRNNOptions }

// OptionsType returns BuiltinOptionsFullyConnectedOptions.
func (*FullyConnectedOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsFullyConnectedOptions
}

// OptionsType returns BuiltinOptionsSoftmaxOptions.
func (*SoftmaxOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsSoftmaxOptions }

// OptionsType returns BuiltinOptionsConcatenationOptions.
func (*ConcatenationOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsConcatenationOptions
}

// OptionsType returns BuiltinOptionsAddOptions.
func (*AddOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsAddOptions }

// OptionsType returns BuiltinOptionsL2NormOptions.
func (*L2NormOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsL2NormOptions }

// OptionsType returns BuiltinOptionsLocalResponseNormalizationOptions.
func (*LocalResponseNormalizationOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsLocalResponseNormalizationOptions
}

// OptionsType returns BuiltinOptionsLSTMOptions.
func (*LSTMOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsLSTMOptions }

// OptionsType returns BuiltinOptionsResizeBilinearOptions.
func (*ResizeBilinearOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsResizeBilinearOptions
}

// OptionsType returns BuiltinOptionsCallOptions.
func (*CallOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsCallOptions }

// OptionsType returns BuiltinOptionsReshapeOptions.
func (*ReshapeOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsReshapeOptions }

// OptionsType returns BuiltinOptionsSkipGramOptions.
func (*SkipGramOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsSkipGramOptions }

// OptionsType returns BuiltinOptionsSpaceToDepthOptions.
func (*SpaceToDepthOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsSpaceToDepthOptions
}

// OptionsType returns BuiltinOptionsEmbeddingLookupSparseOptions.
func (*EmbeddingLookupSparseOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsEmbeddingLookupSparseOptions
}

// OptionsType returns BuiltinOptionsMulOptions.
func (*MulOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsMulOptions }

// OptionsType returns BuiltinOptionsPadOptions.
func (*PadOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsPadOptions }

// OptionsType returns BuiltinOptionsGatherOptions.
func (*GatherOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsGatherOptions }

// OptionsType returns BuiltinOptionsBatchToSpaceNDOptions.
func (*BatchToSpaceNDOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsBatchToSpaceNDOptions
}

// OptionsType returns BuiltinOptionsSpaceToBatchNDOptions.
func (*SpaceToBatchNDOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsSpaceToBatchNDOptions
}

// OptionsType returns BuiltinOptionsTransposeOptions.
func (*TransposeOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsTransposeOptions }

// OptionsType returns BuiltinOptionsReducerOptions.
func (*ReducerOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsReducerOptions }

// OptionsType returns BuiltinOptionsSubOptions.
func (*SubOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsSubOptions }

// OptionsType returns BuiltinOptionsDivOptions.
func (*DivOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsDivOptions }

// OptionsType returns BuiltinOptionsSqueezeOptions.
func (*SqueezeOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsSqueezeOptions }

// OptionsType returns BuiltinOptionsSequenceRNNOptions.
func (*SequenceRNNOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsSequenceRNNOptions }

// OptionsType returns BuiltinOptionsStridedSliceOptions.
func (*StridedSliceOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsStridedSliceOptions
}

// OptionsType returns BuiltinOptionsExpOptions.
func (*ExpOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsExpOptions }

// OptionsType returns BuiltinOptionsTopKV2Options.
func (*TopKV2Options) OptionsType() BuiltinOptionsType { return BuiltinOptionsTopKV2Options }

// OptionsType returns BuiltinOptionsSplitOptions.
func (*SplitOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsSplitOptions }

// OptionsType returns BuiltinOptionsLogSoftmaxOptions.
func (*LogSoftmaxOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsLogSoftmaxOptions }

// OptionsType returns BuiltinOptionsCastOptions.
func (*CastOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsCastOptions }

// OptionsType returns BuiltinOptionsDequantizeOptions.
func (*DequantizeOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsDequantizeOptions }

// OptionsType returns BuiltinOptionsMaximumMinimumOptions.
func (*MaximumMinimumOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsMaximumMinimumOptions
}

// OptionsType returns BuiltinOptionsArgMaxOptions.
func (*ArgMaxOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsArgMaxOptions }

// OptionsType returns BuiltinOptionsLessOptions.
func (*LessOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsLessOptions }

// OptionsType returns BuiltinOptionsNegOptions.
func (*NegOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsNegOptions }

// OptionsType returns BuiltinOptionsPadV2Options.
func (*PadV2Options) OptionsType() BuiltinOptionsType { return BuiltinOptionsPadV2Options }

// OptionsType returns BuiltinOptionsGreaterOptions.
func (*GreaterOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsGreaterOptions }

// OptionsType returns BuiltinOptionsGreaterEqualOptions.
func (*GreaterEqualOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsGreaterEqualOptions
}

// OptionsType returns BuiltinOptionsLessEqualOptions.
func (*LessEqualOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsLessEqualOptions }

// OptionsType returns BuiltinOptionsSelectOptions.
func (*SelectOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsSelectOptions }

// OptionsType returns BuiltinOptionsSliceOptions.
func (*SliceOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsSliceOptions }

// OptionsType returns BuiltinOptionsTransposeConvOptions.
func (*TransposeConvOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsTransposeConvOptions
}

// OptionsType returns BuiltinOptionsSparseToDenseOptions.
func (*SparseToDenseOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsSparseToDenseOptions
}

// OptionsType returns BuiltinOptionsTileOptions.
func (*TileOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsTileOptions }

// OptionsType returns BuiltinOptionsExpandDimsOptions.
func (*ExpandDimsOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsExpandDimsOptions }

// OptionsType returns BuiltinOptionsEqualOptions.
func (*EqualOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsEqualOptions }

// OptionsType returns BuiltinOptionsNotEqualOptions.
func (*NotEqualOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsNotEqualOptions }

// OptionsType returns BuiltinOptionsShapeOptions.
func (*ShapeOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsShapeOptions }

// OptionsType returns BuiltinOptionsPowOptions.
func (*PowOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsPowOptions }

// OptionsType returns BuiltinOptionsArgMinOptions.
func (*ArgMinOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsArgMinOptions }

// OptionsType returns BuiltinOptionsFakeQuantOptions.
func (*FakeQuantOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsFakeQuantOptions }

// OptionsType returns BuiltinOptionsPackOptions.
func (*PackOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsPackOptions }

// OptionsType returns BuiltinOptionsLogicalOrOptions.
func (*LogicalOrOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsLogicalOrOptions }

// OptionsType returns BuiltinOptionsOneHotOptions.
func (*OneHotOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsOneHotOptions }

// OptionsType returns BuiltinOptionsLogicalAndOptions.
func (*LogicalAndOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsLogicalAndOptions }

// OptionsType returns BuiltinOptionsLogicalNotOptions.
func (*LogicalNotOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsLogicalNotOptions }

// OptionsType returns BuiltinOptionsUnpackOptions.
func (*UnpackOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsUnpackOptions }

// OptionsType returns BuiltinOptionsFloorDivOptions.
func (*FloorDivOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsFloorDivOptions }

// OptionsType returns BuiltinOptionsSquareOptions.
func (*SquareOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsSquareOptions }

// OptionsType returns BuiltinOptionsZerosLikeOptions.
func (*ZerosLikeOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsZerosLikeOptions }

// OptionsType returns BuiltinOptionsFillOptions.
func (*FillOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsFillOptions }

// OptionsType returns BuiltinOptionsBidirectionalSequenceLSTMOptions.
func (*BidirectionalSequenceLSTMOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsBidirectionalSequenceLSTMOptions
}

// OptionsType returns BuiltinOptionsBidirectionalSequenceRNNOptions.
func (*BidirectionalSequenceRNNOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsBidirectionalSequenceRNNOptions
}

// OptionsType returns BuiltinOptionsUnidirectionalSequenceLSTMOptions.
func (*UnidirectionalSequenceLSTMOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsUnidirectionalSequenceLSTMOptions
}

// OptionsType returns BuiltinOptionsFloorModOptions.
func (*FloorModOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsFloorModOptions }

// OptionsType returns BuiltinOptionsRangeOptions.
func (*RangeOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsRangeOptions }

// OptionsType returns BuiltinOptionsResizeNearestNeighborOptions.
func (*ResizeNearestNeighborOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsResizeNearestNeighborOptions
}

// OptionsType returns BuiltinOptionsLeakyReluOptions.
func (*LeakyReluOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsLeakyReluOptions }

// OptionsType returns BuiltinOptionsSquaredDifferenceOptions.
func (*SquaredDifferenceOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsSquaredDifferenceOptions
}

// OptionsType returns BuiltinOptionsMirrorPadOptions.
func (*MirrorPadOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsMirrorPadOptions }

// OptionsType returns BuiltinOptionsAbsOptions.
func (*AbsOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsAbsOptions }

// OptionsType returns BuiltinOptionsSplitVOptions.
func (*SplitVOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsSplitVOptions }

// OptionsType returns BuiltinOptionsUniqueOptions.
func (*UniqueOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsUniqueOptions }

// OptionsType returns BuiltinOptionsReverseV2Options.
func (*ReverseV2Options) OptionsType() BuiltinOptionsType { return BuiltinOptionsReverseV2Options }

// OptionsType returns BuiltinOptionsAddNOptions.
func (*AddNOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsAddNOptions }

// OptionsType returns BuiltinOptionsGatherNdOptions.
func (*GatherNdOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsGatherNdOptions }

// OptionsType returns BuiltinOptionsCosOptions.
func (*CosOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsCosOptions }

// OptionsType returns BuiltinOptionsWhereOptions.
func (*WhereOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsWhereOptions }

// OptionsType returns BuiltinOptionsRankOptions.
func (*RankOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsRankOptions }

// OptionsType returns BuiltinOptionsReverseSequenceOptions.
func (*ReverseSequenceOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsReverseSequenceOptions
}

// OptionsType returns BuiltinOptionsMatrixDiagOptions.
func (*MatrixDiagOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsMatrixDiagOptions }

// OptionsType returns BuiltinOptionsQuantizeOptions.
func (*QuantizeOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsQuantizeOptions }

// OptionsType returns BuiltinOptionsMatrixSetDiagOptions.
func (*MatrixSetDiagOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsMatrixSetDiagOptions
}

// OptionsType returns BuiltinOptionsHardSwishOptions.
func (*HardSwishOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsHardSwishOptions }

// OptionsType returns BuiltinOptionsIfOptions.
func (*IfOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsIfOptions }

// OptionsType returns BuiltinOptionsWhileOptions.
func (*WhileOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsWhileOptions }

// OptionsType returns BuiltinOptionsDepthToSpaceOptions.
func (*DepthToSpaceOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsDepthToSpaceOptions
}

// OptionsType returns BuiltinOptionsNonMaxSuppressionV4Options.
func (*NonMaxSuppressionV4Options) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsNonMaxSuppressionV4Options
}

// OptionsType returns BuiltinOptionsNonMaxSuppressionV5Options.
func (*NonMaxSuppressionV5Options) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsNonMaxSuppressionV5Options
}

// OptionsType returns BuiltinOptionsScatterNdOptions.
func (*ScatterNdOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsScatterNdOptions }

// OptionsType returns BuiltinOptionsSelectV2Options.
func (*SelectV2Options) OptionsType() BuiltinOptionsType { return BuiltinOptionsSelectV2Options }

// OptionsType returns BuiltinOptionsDensifyOptions.
func (*DensifyOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsDensifyOptions }

// OptionsType returns BuiltinOptionsSegmentSumOptions.
func (*SegmentSumOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsSegmentSumOptions }

// OptionsType returns BuiltinOptionsBatchMatMulOptions.
func (*BatchMatMulOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsBatchMatMulOptions }

// OptionsType returns BuiltinOptionsCumsumOptions.
func (*CumsumOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsCumsumOptions }

// OptionsType returns BuiltinOptionsCallOnceOptions.
func (*CallOnceOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsCallOnceOptions }

// OptionsType returns BuiltinOptionsBroadcastToOptions.
func (*BroadcastToOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsBroadcastToOptions }

// OptionsType returns BuiltinOptionsRfft2dOptions.
func (*Rfft2dOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsRfft2dOptions }

// OptionsType returns BuiltinOptionsConv3DOptions.
func (*Conv3DOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsConv3DOptions }

// OptionsType returns BuiltinOptionsHashtableOptions.
func (*HashtableOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsHashtableOptions }

// OptionsType returns BuiltinOptionsHashtableFindOptions.
func (*HashtableFindOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsHashtableFindOptions
}

// OptionsType returns BuiltinOptionsHashtableImportOptions.
func (*HashtableImportOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsHashtableImportOptions
}

// OptionsType returns BuiltinOptionsHashtableSizeOptions.
func (*HashtableSizeOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsHashtableSizeOptions
}

// OptionsType returns BuiltinOptionsVarHandleOptions.
func (*VarHandleOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsVarHandleOptions }

// OptionsType returns BuiltinOptionsReadVariableOptions.
func (*ReadVariableOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsReadVariableOptions
}

// OptionsType returns BuiltinOptionsAssignVariableOptions.
func (*AssignVariableOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsAssignVariableOptions
}

// OptionsType returns BuiltinOptionsRandomOptions.
func (*RandomOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsRandomOptions }

// OptionsType returns BuiltinOptionsBucketizeOptions.
func (*BucketizeOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsBucketizeOptions }

// OptionsType returns BuiltinOptionsGeluOptions.
func (*GeluOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsGeluOptions }

// OptionsType returns BuiltinOptionsDynamicUpdateSliceOptions.
func (*DynamicUpdateSliceOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsDynamicUpdateSliceOptions
}

// OptionsType returns BuiltinOptionsUnsortedSegmentProdOptions.
func (*UnsortedSegmentProdOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsUnsortedSegmentProdOptions
}

// OptionsType returns BuiltinOptionsUnsortedSegmentMaxOptions.
func (*UnsortedSegmentMaxOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsUnsortedSegmentMaxOptions
}

// OptionsType returns BuiltinOptionsUnsortedSegmentMinOptions.
func (*UnsortedSegmentMinOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsUnsortedSegmentMinOptions
}

// OptionsType returns BuiltinOptionsUnsortedSegmentSumOptions.
func (*UnsortedSegmentSumOptions) OptionsType() BuiltinOptionsType {
	return BuiltinOptionsUnsortedSegmentSumOptions
}

// OptionsType returns BuiltinOptionsATan2Options.
func (*ATan2Options) OptionsType() BuiltinOptionsType { return BuiltinOptionsATan2Options }

// OptionsType returns BuiltinOptionsSignOptions.
func (*SignOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsSignOptions }

// OptionsType returns BuiltinOptionsBitcastOptions.
func (*BitcastOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsBitcastOptions }

// OptionsType returns BuiltinOptionsBitwiseXorOptions.
func (*BitwiseXorOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsBitwiseXorOptions }

// OptionsType returns BuiltinOptionsRightShiftOptions.
func (*RightShiftOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsRightShiftOptions }

// newOptions returns a zero options table for tag t, or nil when t is not a
// tag of the BuiltinOptions union this package knows.
func newOptions(t BuiltinOptionsType) Options {
	switch t {
	case BuiltinOptionsConv2DOptions:
		return new(Conv2DOptions)
	case BuiltinOptionsDepthwiseConv2DOptions:
		return new(DepthwiseConv2DOptions)
	case BuiltinOptionsConcatEmbeddingsOptions:
		return new(ConcatEmbeddingsOptions)
	case BuiltinOptionsLSHProjectionOptions:
		return new(LSHProjectionOptions)
	case BuiltinOptionsPool2DOptions:
		return new(Pool2DOptions)
	case BuiltinOptionsSVDFOptions:
		return new(SVDFOptions)
	case BuiltinOptionsRNNOptions:
		return new(RNNOptions)
	case BuiltinOptionsFullyConnectedOptions:
		return new(FullyConnectedOptions)
	case BuiltinOptionsSoftmaxOptions:
		return new(SoftmaxOptions)
	case BuiltinOptionsConcatenationOptions:
		return new(ConcatenationOptions)
	case BuiltinOptionsAddOptions:
		return new(AddOptions)
	case BuiltinOptionsL2NormOptions:
		return new(L2NormOptions)
	case BuiltinOptionsLocalResponseNormalizationOptions:
		return new(LocalResponseNormalizationOptions)
	case BuiltinOptionsLSTMOptions:
		return new(LSTMOptions)
	case BuiltinOptionsResizeBilinearOptions:
		return new(ResizeBilinearOptions)
	case BuiltinOptionsCallOptions:
		return new(CallOptions)
	case BuiltinOptionsReshapeOptions:
		return new(ReshapeOptions)
	case BuiltinOptionsSkipGramOptions:
		return new(SkipGramOptions)
	case BuiltinOptionsSpaceToDepthOptions:
		return new(SpaceToDepthOptions)
	case BuiltinOptionsEmbeddingLookupSparseOptions:
		return new(EmbeddingLookupSparseOptions)
	case BuiltinOptionsMulOptions:
		return new(MulOptions)
	case BuiltinOptionsPadOptions:
		return new(PadOptions)
	case BuiltinOptionsGatherOptions:
		return new(GatherOptions)
	case BuiltinOptionsBatchToSpaceNDOptions:
		return new(BatchToSpaceNDOptions)
	case BuiltinOptionsSpaceToBatchNDOptions:
		return new(SpaceToBatchNDOptions)
	case BuiltinOptionsTransposeOptions:
		return new(TransposeOptions)
	case BuiltinOptionsReducerOptions:
		return new(ReducerOptions)
	case BuiltinOptionsSubOptions:
		return new(SubOptions)
	case BuiltinOptionsDivOptions:
		return new(DivOptions)
	case BuiltinOptionsSqueezeOptions:
		return new(SqueezeOptions)
	case BuiltinOptionsSequenceRNNOptions:
		return new(SequenceRNNOptions)
	case BuiltinOptionsStridedSliceOptions:
		return new(StridedSliceOptions)
	case BuiltinOptionsExpOptions:
		return new(ExpOptions)
	case BuiltinOptionsTopKV2Options:
		return new(TopKV2Options)
	case BuiltinOptionsSplitOptions:
		return new(SplitOptions)
	case BuiltinOptionsLogSoftmaxOptions:
		return new(LogSoftmaxOptions)
	case BuiltinOptionsCastOptions:
		return new(CastOptions)
	case BuiltinOptionsDequantizeOptions:
		return new(DequantizeOptions)
	case BuiltinOptionsMaximumMinimumOptions:
		return new(MaximumMinimumOptions)
	case BuiltinOptionsArgMaxOptions:
		return new(ArgMaxOptions)
	case BuiltinOptionsLessOptions:
		return new(LessOptions)
	case BuiltinOptionsNegOptions:
		return new(NegOptions)
	case BuiltinOptionsPadV2Options:
		return new(PadV2Options)
	case BuiltinOptionsGreaterOptions:
		return new(GreaterOptions)
	case BuiltinOptionsGreaterEqualOptions:
		return new(GreaterEqualOptions)
	case BuiltinOptionsLessEqualOptions:
		return new(LessEqualOptions)
	case BuiltinOptionsSelectOptions:
		return new(SelectOptions)
	case BuiltinOptionsSliceOptions:
		return new(SliceOptions)
	case BuiltinOptionsTransposeConvOptions:
		return new(TransposeConvOptions)
	case BuiltinOptionsSparseToDenseOptions:
		return new(SparseToDenseOptions)
	case BuiltinOptionsTileOptions:
		return new(TileOptions)
	case BuiltinOptionsExpandDimsOptions:
		return new(ExpandDimsOptions)
	case BuiltinOptionsEqualOptions:
		return new(EqualOptions)
	case BuiltinOptionsNotEqualOptions:
		return new(NotEqualOptions)
	case BuiltinOptionsShapeOptions:
		return new(ShapeOptions)
	case BuiltinOptionsPowOptions:
		return new(PowOptions)
	case BuiltinOptionsArgMinOptions:
		return new(ArgMinOptions)
	case BuiltinOptionsFakeQuantOptions:
		return new(FakeQuantOptions)
	case BuiltinOptionsPackOptions:
		return new(PackOptions)
	case BuiltinOptionsLogicalOrOptions:
		return new(LogicalOrOptions)
	case BuiltinOptionsOneHotOptions:
		return new(OneHotOptions)
	case BuiltinOptionsLogicalAndOptions:
		return new(LogicalAndOptions)
	case BuiltinOptionsLogicalNotOptions:
		return new(LogicalNotOptions)
	case BuiltinOptionsUnpackOptions:
		return new(UnpackOptions)
	case BuiltinOptionsFloorDivOptions:
		return new(FloorDivOptions)
	case BuiltinOptionsSquareOptions:
		return new(SquareOptions)
	case BuiltinOptionsZerosLikeOptions:
		return new(ZerosLikeOptions)
	case BuiltinOptionsFillOptions:
		return new(FillOptions)
	case BuiltinOptionsBidirectionalSequenceLSTMOptions:
		return new(BidirectionalSequenceLSTMOptions)
	case BuiltinOptionsBidirectionalSequenceRNNOptions:
		return new(BidirectionalSequenceRNNOptions)
	case BuiltinOptionsUnidirectionalSequenceLSTMOptions:
		return new(UnidirectionalSequenceLSTMOptions)
	case BuiltinOptionsFloorModOptions:
		return new(FloorModOptions)
	case BuiltinOptionsRangeOptions:
		return new(RangeOptions)
	case BuiltinOptionsResizeNearestNeighborOptions:
		return new(ResizeNearestNeighborOptions)
	case BuiltinOptionsLeakyReluOptions:
		return new(LeakyReluOptions)
	case BuiltinOptionsSquaredDifferenceOptions:
		return new(SquaredDifferenceOptions)
	case BuiltinOptionsMirrorPadOptions:
		return new(MirrorPadOptions)
	case BuiltinOptionsAbsOptions:
		return new(AbsOptions)
	case BuiltinOptionsSplitVOptions:
		return new(SplitVOptions)
	case BuiltinOptionsUniqueOptions:
		return new(UniqueOptions)
	case BuiltinOptionsReverseV2Options:
		return new(ReverseV2Options)
	case BuiltinOptionsAddNOptions:
		return new(AddNOptions)
	case BuiltinOptionsGatherNdOptions:
		return new(GatherNdOptions)
	case BuiltinOptionsCosOptions:
		return new(CosOptions)
	case BuiltinOptionsWhereOptions:
		return new(WhereOptions)
	case BuiltinOptionsRankOptions:
		return new(RankOptions)
	case BuiltinOptionsReverseSequenceOptions:
		return new(ReverseSequenceOptions)
	case BuiltinOptionsMatrixDiagOptions:
		return new(MatrixDiagOptions)
	case BuiltinOptionsQuantizeOptions:
		return new(QuantizeOptions)
	case BuiltinOptionsMatrixSetDiagOptions:
		return new(MatrixSetDiagOptions)
	case BuiltinOptionsHardSwishOptions:
		return new(HardSwishOptions)
	case BuiltinOptionsIfOptions:
		return new(IfOptions)
	case BuiltinOptionsWhileOptions:
		return new(WhileOptions)
	case BuiltinOptionsDepthToSpaceOptions:
		return new(DepthToSpaceOptions)
	case BuiltinOptionsNonMaxSuppressionV4Options:
		return new(NonMaxSuppressionV4Options)
	case BuiltinOptionsNonMaxSuppressionV5Options:
		return new(NonMaxSuppressionV5Options)
	case BuiltinOptionsScatterNdOptions:
		return new(ScatterNdOptions)
	case BuiltinOptionsSelectV2Options:
		return new(SelectV2Options)
	case BuiltinOptionsDensifyOptions:
		return new(DensifyOptions)
	case BuiltinOptionsSegmentSumOptions:
		return new(SegmentSumOptions)
	case BuiltinOptionsBatchMatMulOptions:
		return new(BatchMatMulOptions)
	case BuiltinOptionsCumsumOptions:
		return new(CumsumOptions)
	case BuiltinOptionsCallOnceOptions:
		return new(CallOnceOptions)
	case BuiltinOptionsBroadcastToOptions:
		return new(BroadcastToOptions)
	case BuiltinOptionsRfft2dOptions:
		return new(Rfft2dOptions)
	case BuiltinOptionsConv3DOptions:
		return new(Conv3DOptions)
	case BuiltinOptionsHashtableOptions:
		return new(HashtableOptions)
	case BuiltinOptionsHashtableFindOptions:
		return new(HashtableFindOptions)
	case BuiltinOptionsHashtableImportOptions:
		return new(HashtableImportOptions)
	case BuiltinOptionsHashtableSizeOptions:
		return new(HashtableSizeOptions)
	case BuiltinOptionsVarHandleOptions:
		return new(VarHandleOptions)
	case BuiltinOptionsReadVariableOptions:
		return new(ReadVariableOptions)
	case BuiltinOptionsAssignVariableOptions:
		return new(AssignVariableOptions)
	case BuiltinOptionsRandomOptions:
		return new(RandomOptions)
	case BuiltinOptionsBucketizeOptions:
		return new(BucketizeOptions)
	case BuiltinOptionsGeluOptions:
		return new(GeluOptions)
	case BuiltinOptionsDynamicUpdateSliceOptions:
		return new(DynamicUpdateSliceOptions)
	case BuiltinOptionsUnsortedSegmentProdOptions:
		return new(UnsortedSegmentProdOptions)
	case BuiltinOptionsUnsortedSegmentMaxOptions:
		return new(UnsortedSegmentMaxOptions)
	case BuiltinOptionsUnsortedSegmentMinOptions:
		return new(UnsortedSegmentMinOptions)
	case BuiltinOptionsUnsortedSegmentSumOptions:
		return new(UnsortedSegmentSumOptions)
	case BuiltinOptionsATan2Options:
		return new(ATan2Options)
	case BuiltinOptionsSignOptions:
		return new(SignOptions)
	case BuiltinOptionsBitcastOptions:
		return new(BitcastOptions)
	case BuiltinOptionsBitwiseXorOptions:
		return new(BitwiseXorOptions)
	case BuiltinOptionsRightShiftOptions:
		return new(RightShiftOptions)
	}
	return nil
}
