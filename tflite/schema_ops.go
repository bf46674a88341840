// Builtin operator codes and BuiltinOptions union tags, transcribed from
// TensorFlow Lite's schema.fbs (enum BuiltinOperator, union BuiltinOptions).

package tflite

// Builtin operator codes, numbered as in schema.fbs.
const (
	OpAdd                          BuiltinOperator = 0   // ADD
	OpAveragePool2D                BuiltinOperator = 1   // AVERAGE_POOL_2D
	OpConcatenation                BuiltinOperator = 2   // CONCATENATION
	OpConv2D                       BuiltinOperator = 3   // CONV_2D
	OpDepthwiseConv2D              BuiltinOperator = 4   // DEPTHWISE_CONV_2D
	OpDepthToSpace                 BuiltinOperator = 5   // DEPTH_TO_SPACE
	OpDequantize                   BuiltinOperator = 6   // DEQUANTIZE
	OpEmbeddingLookup              BuiltinOperator = 7   // EMBEDDING_LOOKUP
	OpFloor                        BuiltinOperator = 8   // FLOOR
	OpFullyConnected               BuiltinOperator = 9   // FULLY_CONNECTED
	OpHashtableLookup              BuiltinOperator = 10  // HASHTABLE_LOOKUP
	OpL2Normalization              BuiltinOperator = 11  // L2_NORMALIZATION
	OpL2Pool2D                     BuiltinOperator = 12  // L2_POOL_2D
	OpLocalResponseNormalization   BuiltinOperator = 13  // LOCAL_RESPONSE_NORMALIZATION
	OpLogistic                     BuiltinOperator = 14  // LOGISTIC
	OpLSHProjection                BuiltinOperator = 15  // LSH_PROJECTION
	OpLSTM                         BuiltinOperator = 16  // LSTM
	OpMaxPool2D                    BuiltinOperator = 17  // MAX_POOL_2D
	OpMul                          BuiltinOperator = 18  // MUL
	OpRelu                         BuiltinOperator = 19  // RELU
	OpReluN1To1                    BuiltinOperator = 20  // RELU_N1_TO_1
	OpRelu6                        BuiltinOperator = 21  // RELU6
	OpReshape                      BuiltinOperator = 22  // RESHAPE
	OpResizeBilinear               BuiltinOperator = 23  // RESIZE_BILINEAR
	OpRNN                          BuiltinOperator = 24  // RNN
	OpSoftmax                      BuiltinOperator = 25  // SOFTMAX
	OpSpaceToDepth                 BuiltinOperator = 26  // SPACE_TO_DEPTH
	OpSVDF                         BuiltinOperator = 27  // SVDF
	OpTanh                         BuiltinOperator = 28  // TANH
	OpConcatEmbeddings             BuiltinOperator = 29  // CONCAT_EMBEDDINGS
	OpSkipGram                     BuiltinOperator = 30  // SKIP_GRAM
	OpCall                         BuiltinOperator = 31  // CALL
	OpCustom                       BuiltinOperator = 32  // CUSTOM
	OpEmbeddingLookupSparse        BuiltinOperator = 33  // EMBEDDING_LOOKUP_SPARSE
	OpPad                          BuiltinOperator = 34  // PAD
	OpUnidirectionalSequenceRNN    BuiltinOperator = 35  // UNIDIRECTIONAL_SEQUENCE_RNN
	OpGather                       BuiltinOperator = 36  // GATHER
	OpBatchToSpaceND               BuiltinOperator = 37  // BATCH_TO_SPACE_ND
	OpSpaceToBatchND               BuiltinOperator = 38  // SPACE_TO_BATCH_ND
	OpTranspose                    BuiltinOperator = 39  // TRANSPOSE
	OpMean                         BuiltinOperator = 40  // MEAN
	OpSub                          BuiltinOperator = 41  // SUB
	OpDiv                          BuiltinOperator = 42  // DIV
	OpSqueeze                      BuiltinOperator = 43  // SQUEEZE
	OpUnidirectionalSequenceLSTM   BuiltinOperator = 44  // UNIDIRECTIONAL_SEQUENCE_LSTM
	OpStridedSlice                 BuiltinOperator = 45  // STRIDED_SLICE
	OpBidirectionalSequenceRNN     BuiltinOperator = 46  // BIDIRECTIONAL_SEQUENCE_RNN
	OpExp                          BuiltinOperator = 47  // EXP
	OpTopKV2                       BuiltinOperator = 48  // TOPK_V2
	OpSplit                        BuiltinOperator = 49  // SPLIT
	OpLogSoftmax                   BuiltinOperator = 50  // LOG_SOFTMAX
	OpDelegate                     BuiltinOperator = 51  // DELEGATE
	OpBidirectionalSequenceLSTM    BuiltinOperator = 52  // BIDIRECTIONAL_SEQUENCE_LSTM
	OpCast                         BuiltinOperator = 53  // CAST
	OpPRelu                        BuiltinOperator = 54  // PRELU
	OpMaximum                      BuiltinOperator = 55  // MAXIMUM
	OpArgMax                       BuiltinOperator = 56  // ARG_MAX
	OpMinimum                      BuiltinOperator = 57  // MINIMUM
	OpLess                         BuiltinOperator = 58  // LESS
	OpNeg                          BuiltinOperator = 59  // NEG
	OpPadV2                        BuiltinOperator = 60  // PADV2
	OpGreater                      BuiltinOperator = 61  // GREATER
	OpGreaterEqual                 BuiltinOperator = 62  // GREATER_EQUAL
	OpLessEqual                    BuiltinOperator = 63  // LESS_EQUAL
	OpSelect                       BuiltinOperator = 64  // SELECT
	OpSlice                        BuiltinOperator = 65  // SLICE
	OpSin                          BuiltinOperator = 66  // SIN
	OpTransposeConv                BuiltinOperator = 67  // TRANSPOSE_CONV
	OpSparseToDense                BuiltinOperator = 68  // SPARSE_TO_DENSE
	OpTile                         BuiltinOperator = 69  // TILE
	OpExpandDims                   BuiltinOperator = 70  // EXPAND_DIMS
	OpEqual                        BuiltinOperator = 71  // EQUAL
	OpNotEqual                     BuiltinOperator = 72  // NOT_EQUAL
	OpLog                          BuiltinOperator = 73  // LOG
	OpSum                          BuiltinOperator = 74  // SUM
	OpSqrt                         BuiltinOperator = 75  // SQRT
	OpRsqrt                        BuiltinOperator = 76  // RSQRT
	OpShape                        BuiltinOperator = 77  // SHAPE
	OpPow                          BuiltinOperator = 78  // POW
	OpArgMin                       BuiltinOperator = 79  // ARG_MIN
	OpFakeQuant                    BuiltinOperator = 80  // FAKE_QUANT
	OpReduceProd                   BuiltinOperator = 81  // REDUCE_PROD
	OpReduceMax                    BuiltinOperator = 82  // REDUCE_MAX
	OpPack                         BuiltinOperator = 83  // PACK
	OpLogicalOr                    BuiltinOperator = 84  // LOGICAL_OR
	OpOneHot                       BuiltinOperator = 85  // ONE_HOT
	OpLogicalAnd                   BuiltinOperator = 86  // LOGICAL_AND
	OpLogicalNot                   BuiltinOperator = 87  // LOGICAL_NOT
	OpUnpack                       BuiltinOperator = 88  // UNPACK
	OpReduceMin                    BuiltinOperator = 89  // REDUCE_MIN
	OpFloorDiv                     BuiltinOperator = 90  // FLOOR_DIV
	OpReduceAny                    BuiltinOperator = 91  // REDUCE_ANY
	OpSquare                       BuiltinOperator = 92  // SQUARE
	OpZerosLike                    BuiltinOperator = 93  // ZEROS_LIKE
	OpFill                         BuiltinOperator = 94  // FILL
	OpFloorMod                     BuiltinOperator = 95  // FLOOR_MOD
	OpRange                        BuiltinOperator = 96  // RANGE
	OpResizeNearestNeighbor        BuiltinOperator = 97  // RESIZE_NEAREST_NEIGHBOR
	OpLeakyRelu                    BuiltinOperator = 98  // LEAKY_RELU
	OpSquaredDifference            BuiltinOperator = 99  // SQUARED_DIFFERENCE
	OpMirrorPad                    BuiltinOperator = 100 // MIRROR_PAD
	OpAbs                          BuiltinOperator = 101 // ABS
	OpSplitV                       BuiltinOperator = 102 // SPLIT_V
	OpUnique                       BuiltinOperator = 103 // UNIQUE
	OpCeil                         BuiltinOperator = 104 // CEIL
	OpReverseV2                    BuiltinOperator = 105 // REVERSE_V2
	OpAddN                         BuiltinOperator = 106 // ADD_N
	OpGatherND                     BuiltinOperator = 107 // GATHER_ND
	OpCos                          BuiltinOperator = 108 // COS
	OpWhere                        BuiltinOperator = 109 // WHERE
	OpRank                         BuiltinOperator = 110 // RANK
	OpElu                          BuiltinOperator = 111 // ELU
	OpReverseSequence              BuiltinOperator = 112 // REVERSE_SEQUENCE
	OpMatrixDiag                   BuiltinOperator = 113 // MATRIX_DIAG
	OpQuantize                     BuiltinOperator = 114 // QUANTIZE
	OpMatrixSetDiag                BuiltinOperator = 115 // MATRIX_SET_DIAG
	OpRound                        BuiltinOperator = 116 // ROUND
	OpHardSwish                    BuiltinOperator = 117 // HARD_SWISH
	OpIf                           BuiltinOperator = 118 // IF
	OpWhile                        BuiltinOperator = 119 // WHILE
	OpNonMaxSuppressionV4          BuiltinOperator = 120 // NON_MAX_SUPPRESSION_V4
	OpNonMaxSuppressionV5          BuiltinOperator = 121 // NON_MAX_SUPPRESSION_V5
	OpScatterND                    BuiltinOperator = 122 // SCATTER_ND
	OpSelectV2                     BuiltinOperator = 123 // SELECT_V2
	OpDensify                      BuiltinOperator = 124 // DENSIFY
	OpSegmentSum                   BuiltinOperator = 125 // SEGMENT_SUM
	OpBatchMatMul                  BuiltinOperator = 126 // BATCH_MATMUL
	OpPlaceholderForGreaterOpCodes BuiltinOperator = 127 // PLACEHOLDER_FOR_GREATER_OP_CODES
	OpCumsum                       BuiltinOperator = 128 // CUMSUM
	OpCallOnce                     BuiltinOperator = 129 // CALL_ONCE
	OpBroadcastTo                  BuiltinOperator = 130 // BROADCAST_TO
	OpRfft2D                       BuiltinOperator = 131 // RFFT2D
	OpConv3D                       BuiltinOperator = 132 // CONV_3D
	OpImag                         BuiltinOperator = 133 // IMAG
	OpReal                         BuiltinOperator = 134 // REAL
	OpComplexAbs                   BuiltinOperator = 135 // COMPLEX_ABS
	OpHashtable                    BuiltinOperator = 136 // HASHTABLE
	OpHashtableFind                BuiltinOperator = 137 // HASHTABLE_FIND
	OpHashtableImport              BuiltinOperator = 138 // HASHTABLE_IMPORT
	OpHashtableSize                BuiltinOperator = 139 // HASHTABLE_SIZE
	OpReduceAll                    BuiltinOperator = 140 // REDUCE_ALL
	OpConv3DTranspose              BuiltinOperator = 141 // CONV_3D_TRANSPOSE
	OpVarHandle                    BuiltinOperator = 142 // VAR_HANDLE
	OpReadVariable                 BuiltinOperator = 143 // READ_VARIABLE
	OpAssignVariable               BuiltinOperator = 144 // ASSIGN_VARIABLE
	OpBroadcastArgs                BuiltinOperator = 145 // BROADCAST_ARGS
	OpRandomStandardNormal         BuiltinOperator = 146 // RANDOM_STANDARD_NORMAL
	OpBucketize                    BuiltinOperator = 147 // BUCKETIZE
	OpRandomUniform                BuiltinOperator = 148 // RANDOM_UNIFORM
	OpMultinomial                  BuiltinOperator = 149 // MULTINOMIAL
	OpGelu                         BuiltinOperator = 150 // GELU
	OpDynamicUpdateSlice           BuiltinOperator = 151 // DYNAMIC_UPDATE_SLICE
	OpRelu0To1                     BuiltinOperator = 152 // RELU_0_TO_1
	OpUnsortedSegmentProd          BuiltinOperator = 153 // UNSORTED_SEGMENT_PROD
	OpUnsortedSegmentMax           BuiltinOperator = 154 // UNSORTED_SEGMENT_MAX
	OpUnsortedSegmentSum           BuiltinOperator = 155 // UNSORTED_SEGMENT_SUM
	OpAtan2                        BuiltinOperator = 156 // ATAN2
	OpUnsortedSegmentMin           BuiltinOperator = 157 // UNSORTED_SEGMENT_MIN
	OpSign                         BuiltinOperator = 158 // SIGN
	OpBitcast                      BuiltinOperator = 159 // BITCAST
	OpBitwiseXor                   BuiltinOperator = 160 // BITWISE_XOR
	OpRightShift                   BuiltinOperator = 161 // RIGHT_SHIFT
	OpStablehloLogistic            BuiltinOperator = 162 // STABLEHLO_LOGISTIC
	OpStablehloAdd                 BuiltinOperator = 163 // STABLEHLO_ADD
	OpStablehloDivide              BuiltinOperator = 164 // STABLEHLO_DIVIDE
	OpStablehloMultiply            BuiltinOperator = 165 // STABLEHLO_MULTIPLY
	OpStablehloMaximum             BuiltinOperator = 166 // STABLEHLO_MAXIMUM
	OpStablehloReshape             BuiltinOperator = 167 // STABLEHLO_RESHAPE
	OpStablehloClamp               BuiltinOperator = 168 // STABLEHLO_CLAMP
	OpStablehloConcatenate         BuiltinOperator = 169 // STABLEHLO_CONCATENATE
	OpStablehloBroadcastInDim      BuiltinOperator = 170 // STABLEHLO_BROADCAST_IN_DIM
	OpStablehloConvolution         BuiltinOperator = 171 // STABLEHLO_CONVOLUTION
	OpStablehloSlice               BuiltinOperator = 172 // STABLEHLO_SLICE
	OpStablehloCustomCall          BuiltinOperator = 173 // STABLEHLO_CUSTOM_CALL
	OpStablehloReduce              BuiltinOperator = 174 // STABLEHLO_REDUCE
	OpStablehloAbs                 BuiltinOperator = 175 // STABLEHLO_ABS
	OpStablehloAnd                 BuiltinOperator = 176 // STABLEHLO_AND
	OpStablehloCosine              BuiltinOperator = 177 // STABLEHLO_COSINE
	OpStablehloExponential         BuiltinOperator = 178 // STABLEHLO_EXPONENTIAL
	OpStablehloFloor               BuiltinOperator = 179 // STABLEHLO_FLOOR
	OpStablehloLog                 BuiltinOperator = 180 // STABLEHLO_LOG
	OpStablehloMinimum             BuiltinOperator = 181 // STABLEHLO_MINIMUM
	OpStablehloNegate              BuiltinOperator = 182 // STABLEHLO_NEGATE
	OpStablehloOr                  BuiltinOperator = 183 // STABLEHLO_OR
	OpStablehloPower               BuiltinOperator = 184 // STABLEHLO_POWER
	OpStablehloRemainder           BuiltinOperator = 185 // STABLEHLO_REMAINDER
	OpStablehloRsqrt               BuiltinOperator = 186 // STABLEHLO_RSQRT
	OpStablehloSelect              BuiltinOperator = 187 // STABLEHLO_SELECT
	OpStablehloSubtract            BuiltinOperator = 188 // STABLEHLO_SUBTRACT
	OpStablehloTanh                BuiltinOperator = 189 // STABLEHLO_TANH
	OpStablehloScatter             BuiltinOperator = 190 // STABLEHLO_SCATTER
	OpStablehloCompare             BuiltinOperator = 191 // STABLEHLO_COMPARE
	OpStablehloConvert             BuiltinOperator = 192 // STABLEHLO_CONVERT
	OpStablehloDynamicSlice        BuiltinOperator = 193 // STABLEHLO_DYNAMIC_SLICE
	OpStablehloDynamicUpdateSlice  BuiltinOperator = 194 // STABLEHLO_DYNAMIC_UPDATE_SLICE
	OpStablehloPad                 BuiltinOperator = 195 // STABLEHLO_PAD
	OpStablehloIota                BuiltinOperator = 196 // STABLEHLO_IOTA
	OpStablehloDotGeneral          BuiltinOperator = 197 // STABLEHLO_DOT_GENERAL
	OpStablehloReduceWindow        BuiltinOperator = 198 // STABLEHLO_REDUCE_WINDOW
	OpStablehloSort                BuiltinOperator = 199 // STABLEHLO_SORT
	OpStablehloWhile               BuiltinOperator = 200 // STABLEHLO_WHILE
	OpStablehloGather              BuiltinOperator = 201 // STABLEHLO_GATHER
	OpStablehloTranspose           BuiltinOperator = 202 // STABLEHLO_TRANSPOSE
	OpDilate                       BuiltinOperator = 203 // DILATE
	OpStablehloRngBitGenerator     BuiltinOperator = 204 // STABLEHLO_RNG_BIT_GENERATOR
	OpReduceWindow                 BuiltinOperator = 205 // REDUCE_WINDOW
	OpStablehloComposite           BuiltinOperator = 206 // STABLEHLO_COMPOSITE
	OpStablehloShiftLeft           BuiltinOperator = 207 // STABLEHLO_SHIFT_LEFT
	OpStablehloCbrt                BuiltinOperator = 208 // STABLEHLO_CBRT
	OpStablehloCase                BuiltinOperator = 209 // STABLEHLO_CASE
)

// builtinOperatorNames holds the schema name of every builtin operator, indexed by code.
var builtinOperatorNames = [...]string{
	OpAdd:                          "ADD",
	OpAveragePool2D:                "AVERAGE_POOL_2D",
	OpConcatenation:                "CONCATENATION",
	OpConv2D:                       "CONV_2D",
	OpDepthwiseConv2D:              "DEPTHWISE_CONV_2D",
	OpDepthToSpace:                 "DEPTH_TO_SPACE",
	OpDequantize:                   "DEQUANTIZE",
	OpEmbeddingLookup:              "EMBEDDING_LOOKUP",
	OpFloor:                        "FLOOR",
	OpFullyConnected:               "FULLY_CONNECTED",
	OpHashtableLookup:              "HASHTABLE_LOOKUP",
	OpL2Normalization:              "L2_NORMALIZATION",
	OpL2Pool2D:                     "L2_POOL_2D",
	OpLocalResponseNormalization:   "LOCAL_RESPONSE_NORMALIZATION",
	OpLogistic:                     "LOGISTIC",
	OpLSHProjection:                "LSH_PROJECTION",
	OpLSTM:                         "LSTM",
	OpMaxPool2D:                    "MAX_POOL_2D",
	OpMul:                          "MUL",
	OpRelu:                         "RELU",
	OpReluN1To1:                    "RELU_N1_TO_1",
	OpRelu6:                        "RELU6",
	OpReshape:                      "RESHAPE",
	OpResizeBilinear:               "RESIZE_BILINEAR",
	OpRNN:                          "RNN",
	OpSoftmax:                      "SOFTMAX",
	OpSpaceToDepth:                 "SPACE_TO_DEPTH",
	OpSVDF:                         "SVDF",
	OpTanh:                         "TANH",
	OpConcatEmbeddings:             "CONCAT_EMBEDDINGS",
	OpSkipGram:                     "SKIP_GRAM",
	OpCall:                         "CALL",
	OpCustom:                       "CUSTOM",
	OpEmbeddingLookupSparse:        "EMBEDDING_LOOKUP_SPARSE",
	OpPad:                          "PAD",
	OpUnidirectionalSequenceRNN:    "UNIDIRECTIONAL_SEQUENCE_RNN",
	OpGather:                       "GATHER",
	OpBatchToSpaceND:               "BATCH_TO_SPACE_ND",
	OpSpaceToBatchND:               "SPACE_TO_BATCH_ND",
	OpTranspose:                    "TRANSPOSE",
	OpMean:                         "MEAN",
	OpSub:                          "SUB",
	OpDiv:                          "DIV",
	OpSqueeze:                      "SQUEEZE",
	OpUnidirectionalSequenceLSTM:   "UNIDIRECTIONAL_SEQUENCE_LSTM",
	OpStridedSlice:                 "STRIDED_SLICE",
	OpBidirectionalSequenceRNN:     "BIDIRECTIONAL_SEQUENCE_RNN",
	OpExp:                          "EXP",
	OpTopKV2:                       "TOPK_V2",
	OpSplit:                        "SPLIT",
	OpLogSoftmax:                   "LOG_SOFTMAX",
	OpDelegate:                     "DELEGATE",
	OpBidirectionalSequenceLSTM:    "BIDIRECTIONAL_SEQUENCE_LSTM",
	OpCast:                         "CAST",
	OpPRelu:                        "PRELU",
	OpMaximum:                      "MAXIMUM",
	OpArgMax:                       "ARG_MAX",
	OpMinimum:                      "MINIMUM",
	OpLess:                         "LESS",
	OpNeg:                          "NEG",
	OpPadV2:                        "PADV2",
	OpGreater:                      "GREATER",
	OpGreaterEqual:                 "GREATER_EQUAL",
	OpLessEqual:                    "LESS_EQUAL",
	OpSelect:                       "SELECT",
	OpSlice:                        "SLICE",
	OpSin:                          "SIN",
	OpTransposeConv:                "TRANSPOSE_CONV",
	OpSparseToDense:                "SPARSE_TO_DENSE",
	OpTile:                         "TILE",
	OpExpandDims:                   "EXPAND_DIMS",
	OpEqual:                        "EQUAL",
	OpNotEqual:                     "NOT_EQUAL",
	OpLog:                          "LOG",
	OpSum:                          "SUM",
	OpSqrt:                         "SQRT",
	OpRsqrt:                        "RSQRT",
	OpShape:                        "SHAPE",
	OpPow:                          "POW",
	OpArgMin:                       "ARG_MIN",
	OpFakeQuant:                    "FAKE_QUANT",
	OpReduceProd:                   "REDUCE_PROD",
	OpReduceMax:                    "REDUCE_MAX",
	OpPack:                         "PACK",
	OpLogicalOr:                    "LOGICAL_OR",
	OpOneHot:                       "ONE_HOT",
	OpLogicalAnd:                   "LOGICAL_AND",
	OpLogicalNot:                   "LOGICAL_NOT",
	OpUnpack:                       "UNPACK",
	OpReduceMin:                    "REDUCE_MIN",
	OpFloorDiv:                     "FLOOR_DIV",
	OpReduceAny:                    "REDUCE_ANY",
	OpSquare:                       "SQUARE",
	OpZerosLike:                    "ZEROS_LIKE",
	OpFill:                         "FILL",
	OpFloorMod:                     "FLOOR_MOD",
	OpRange:                        "RANGE",
	OpResizeNearestNeighbor:        "RESIZE_NEAREST_NEIGHBOR",
	OpLeakyRelu:                    "LEAKY_RELU",
	OpSquaredDifference:            "SQUARED_DIFFERENCE",
	OpMirrorPad:                    "MIRROR_PAD",
	OpAbs:                          "ABS",
	OpSplitV:                       "SPLIT_V",
	OpUnique:                       "UNIQUE",
	OpCeil:                         "CEIL",
	OpReverseV2:                    "REVERSE_V2",
	OpAddN:                         "ADD_N",
	OpGatherND:                     "GATHER_ND",
	OpCos:                          "COS",
	OpWhere:                        "WHERE",
	OpRank:                         "RANK",
	OpElu:                          "ELU",
	OpReverseSequence:              "REVERSE_SEQUENCE",
	OpMatrixDiag:                   "MATRIX_DIAG",
	OpQuantize:                     "QUANTIZE",
	OpMatrixSetDiag:                "MATRIX_SET_DIAG",
	OpRound:                        "ROUND",
	OpHardSwish:                    "HARD_SWISH",
	OpIf:                           "IF",
	OpWhile:                        "WHILE",
	OpNonMaxSuppressionV4:          "NON_MAX_SUPPRESSION_V4",
	OpNonMaxSuppressionV5:          "NON_MAX_SUPPRESSION_V5",
	OpScatterND:                    "SCATTER_ND",
	OpSelectV2:                     "SELECT_V2",
	OpDensify:                      "DENSIFY",
	OpSegmentSum:                   "SEGMENT_SUM",
	OpBatchMatMul:                  "BATCH_MATMUL",
	OpPlaceholderForGreaterOpCodes: "PLACEHOLDER_FOR_GREATER_OP_CODES",
	OpCumsum:                       "CUMSUM",
	OpCallOnce:                     "CALL_ONCE",
	OpBroadcastTo:                  "BROADCAST_TO",
	OpRfft2D:                       "RFFT2D",
	OpConv3D:                       "CONV_3D",
	OpImag:                         "IMAG",
	OpReal:                         "REAL",
	OpComplexAbs:                   "COMPLEX_ABS",
	OpHashtable:                    "HASHTABLE",
	OpHashtableFind:                "HASHTABLE_FIND",
	OpHashtableImport:              "HASHTABLE_IMPORT",
	OpHashtableSize:                "HASHTABLE_SIZE",
	OpReduceAll:                    "REDUCE_ALL",
	OpConv3DTranspose:              "CONV_3D_TRANSPOSE",
	OpVarHandle:                    "VAR_HANDLE",
	OpReadVariable:                 "READ_VARIABLE",
	OpAssignVariable:               "ASSIGN_VARIABLE",
	OpBroadcastArgs:                "BROADCAST_ARGS",
	OpRandomStandardNormal:         "RANDOM_STANDARD_NORMAL",
	OpBucketize:                    "BUCKETIZE",
	OpRandomUniform:                "RANDOM_UNIFORM",
	OpMultinomial:                  "MULTINOMIAL",
	OpGelu:                         "GELU",
	OpDynamicUpdateSlice:           "DYNAMIC_UPDATE_SLICE",
	OpRelu0To1:                     "RELU_0_TO_1",
	OpUnsortedSegmentProd:          "UNSORTED_SEGMENT_PROD",
	OpUnsortedSegmentMax:           "UNSORTED_SEGMENT_MAX",
	OpUnsortedSegmentSum:           "UNSORTED_SEGMENT_SUM",
	OpAtan2:                        "ATAN2",
	OpUnsortedSegmentMin:           "UNSORTED_SEGMENT_MIN",
	OpSign:                         "SIGN",
	OpBitcast:                      "BITCAST",
	OpBitwiseXor:                   "BITWISE_XOR",
	OpRightShift:                   "RIGHT_SHIFT",
	OpStablehloLogistic:            "STABLEHLO_LOGISTIC",
	OpStablehloAdd:                 "STABLEHLO_ADD",
	OpStablehloDivide:              "STABLEHLO_DIVIDE",
	OpStablehloMultiply:            "STABLEHLO_MULTIPLY",
	OpStablehloMaximum:             "STABLEHLO_MAXIMUM",
	OpStablehloReshape:             "STABLEHLO_RESHAPE",
	OpStablehloClamp:               "STABLEHLO_CLAMP",
	OpStablehloConcatenate:         "STABLEHLO_CONCATENATE",
	OpStablehloBroadcastInDim:      "STABLEHLO_BROADCAST_IN_DIM",
	OpStablehloConvolution:         "STABLEHLO_CONVOLUTION",
	OpStablehloSlice:               "STABLEHLO_SLICE",
	OpStablehloCustomCall:          "STABLEHLO_CUSTOM_CALL",
	OpStablehloReduce:              "STABLEHLO_REDUCE",
	OpStablehloAbs:                 "STABLEHLO_ABS",
	OpStablehloAnd:                 "STABLEHLO_AND",
	OpStablehloCosine:              "STABLEHLO_COSINE",
	OpStablehloExponential:         "STABLEHLO_EXPONENTIAL",
	OpStablehloFloor:               "STABLEHLO_FLOOR",
	OpStablehloLog:                 "STABLEHLO_LOG",
	OpStablehloMinimum:             "STABLEHLO_MINIMUM",
	OpStablehloNegate:              "STABLEHLO_NEGATE",
	OpStablehloOr:                  "STABLEHLO_OR",
	OpStablehloPower:               "STABLEHLO_POWER",
	OpStablehloRemainder:           "STABLEHLO_REMAINDER",
	OpStablehloRsqrt:               "STABLEHLO_RSQRT",
	OpStablehloSelect:              "STABLEHLO_SELECT",
	OpStablehloSubtract:            "STABLEHLO_SUBTRACT",
	OpStablehloTanh:                "STABLEHLO_TANH",
	OpStablehloScatter:             "STABLEHLO_SCATTER",
	OpStablehloCompare:             "STABLEHLO_COMPARE",
	OpStablehloConvert:             "STABLEHLO_CONVERT",
	OpStablehloDynamicSlice:        "STABLEHLO_DYNAMIC_SLICE",
	OpStablehloDynamicUpdateSlice:  "STABLEHLO_DYNAMIC_UPDATE_SLICE",
	OpStablehloPad:                 "STABLEHLO_PAD",
	OpStablehloIota:                "STABLEHLO_IOTA",
	OpStablehloDotGeneral:          "STABLEHLO_DOT_GENERAL",
	OpStablehloReduceWindow:        "STABLEHLO_REDUCE_WINDOW",
	OpStablehloSort:                "STABLEHLO_SORT",
	OpStablehloWhile:               "STABLEHLO_WHILE",
	OpStablehloGather:              "STABLEHLO_GATHER",
	OpStablehloTranspose:           "STABLEHLO_TRANSPOSE",
	OpDilate:                       "DILATE",
	OpStablehloRngBitGenerator:     "STABLEHLO_RNG_BIT_GENERATOR",
	OpReduceWindow:                 "REDUCE_WINDOW",
	OpStablehloComposite:           "STABLEHLO_COMPOSITE",
	OpStablehloShiftLeft:           "STABLEHLO_SHIFT_LEFT",
	OpStablehloCbrt:                "STABLEHLO_CBRT",
	OpStablehloCase:                "STABLEHLO_CASE",
}

// Builtin options union tags, numbered as in schema.fbs (union BuiltinOptions; NONE is 0).
const (
	BuiltinOptionsNone                              BuiltinOptionsType = 0
	BuiltinOptionsConv2DOptions                     BuiltinOptionsType = 1
	BuiltinOptionsDepthwiseConv2DOptions            BuiltinOptionsType = 2
	BuiltinOptionsConcatEmbeddingsOptions           BuiltinOptionsType = 3
	BuiltinOptionsLSHProjectionOptions              BuiltinOptionsType = 4
	BuiltinOptionsPool2DOptions                     BuiltinOptionsType = 5
	BuiltinOptionsSVDFOptions                       BuiltinOptionsType = 6
	BuiltinOptionsRNNOptions                        BuiltinOptionsType = 7
	BuiltinOptionsFullyConnectedOptions             BuiltinOptionsType = 8
	BuiltinOptionsSoftmaxOptions                    BuiltinOptionsType = 9
	BuiltinOptionsConcatenationOptions              BuiltinOptionsType = 10
	BuiltinOptionsAddOptions                        BuiltinOptionsType = 11
	BuiltinOptionsL2NormOptions                     BuiltinOptionsType = 12
	BuiltinOptionsLocalResponseNormalizationOptions BuiltinOptionsType = 13
	BuiltinOptionsLSTMOptions                       BuiltinOptionsType = 14
	BuiltinOptionsResizeBilinearOptions             BuiltinOptionsType = 15
	BuiltinOptionsCallOptions                       BuiltinOptionsType = 16
	BuiltinOptionsReshapeOptions                    BuiltinOptionsType = 17
	BuiltinOptionsSkipGramOptions                   BuiltinOptionsType = 18
	BuiltinOptionsSpaceToDepthOptions               BuiltinOptionsType = 19
	BuiltinOptionsEmbeddingLookupSparseOptions      BuiltinOptionsType = 20
	BuiltinOptionsMulOptions                        BuiltinOptionsType = 21
	BuiltinOptionsPadOptions                        BuiltinOptionsType = 22
	BuiltinOptionsGatherOptions                     BuiltinOptionsType = 23
	BuiltinOptionsBatchToSpaceNDOptions             BuiltinOptionsType = 24
	BuiltinOptionsSpaceToBatchNDOptions             BuiltinOptionsType = 25
	BuiltinOptionsTransposeOptions                  BuiltinOptionsType = 26
	BuiltinOptionsReducerOptions                    BuiltinOptionsType = 27
	BuiltinOptionsSubOptions                        BuiltinOptionsType = 28
	BuiltinOptionsDivOptions                        BuiltinOptionsType = 29
	BuiltinOptionsSqueezeOptions                    BuiltinOptionsType = 30
	BuiltinOptionsSequenceRNNOptions                BuiltinOptionsType = 31
	BuiltinOptionsStridedSliceOptions               BuiltinOptionsType = 32
	BuiltinOptionsExpOptions                        BuiltinOptionsType = 33
	BuiltinOptionsTopKV2Options                     BuiltinOptionsType = 34
	BuiltinOptionsSplitOptions                      BuiltinOptionsType = 35
	BuiltinOptionsLogSoftmaxOptions                 BuiltinOptionsType = 36
	BuiltinOptionsCastOptions                       BuiltinOptionsType = 37
	BuiltinOptionsDequantizeOptions                 BuiltinOptionsType = 38
	BuiltinOptionsMaximumMinimumOptions             BuiltinOptionsType = 39
	BuiltinOptionsArgMaxOptions                     BuiltinOptionsType = 40
	BuiltinOptionsLessOptions                       BuiltinOptionsType = 41
	BuiltinOptionsNegOptions                        BuiltinOptionsType = 42
	BuiltinOptionsPadV2Options                      BuiltinOptionsType = 43
	BuiltinOptionsGreaterOptions                    BuiltinOptionsType = 44
	BuiltinOptionsGreaterEqualOptions               BuiltinOptionsType = 45
	BuiltinOptionsLessEqualOptions                  BuiltinOptionsType = 46
	BuiltinOptionsSelectOptions                     BuiltinOptionsType = 47
	BuiltinOptionsSliceOptions                      BuiltinOptionsType = 48
	BuiltinOptionsTransposeConvOptions              BuiltinOptionsType = 49
	BuiltinOptionsSparseToDenseOptions              BuiltinOptionsType = 50
	BuiltinOptionsTileOptions                       BuiltinOptionsType = 51
	BuiltinOptionsExpandDimsOptions                 BuiltinOptionsType = 52
	BuiltinOptionsEqualOptions                      BuiltinOptionsType = 53
	BuiltinOptionsNotEqualOptions                   BuiltinOptionsType = 54
	BuiltinOptionsShapeOptions                      BuiltinOptionsType = 55
	BuiltinOptionsPowOptions                        BuiltinOptionsType = 56
	BuiltinOptionsArgMinOptions                     BuiltinOptionsType = 57
	BuiltinOptionsFakeQuantOptions                  BuiltinOptionsType = 58
	BuiltinOptionsPackOptions                       BuiltinOptionsType = 59
	BuiltinOptionsLogicalOrOptions                  BuiltinOptionsType = 60
	BuiltinOptionsOneHotOptions                     BuiltinOptionsType = 61
	BuiltinOptionsLogicalAndOptions                 BuiltinOptionsType = 62
	BuiltinOptionsLogicalNotOptions                 BuiltinOptionsType = 63
	BuiltinOptionsUnpackOptions                     BuiltinOptionsType = 64
	BuiltinOptionsFloorDivOptions                   BuiltinOptionsType = 65
	BuiltinOptionsSquareOptions                     BuiltinOptionsType = 66
	BuiltinOptionsZerosLikeOptions                  BuiltinOptionsType = 67
	BuiltinOptionsFillOptions                       BuiltinOptionsType = 68
	BuiltinOptionsBidirectionalSequenceLSTMOptions  BuiltinOptionsType = 69
	BuiltinOptionsBidirectionalSequenceRNNOptions   BuiltinOptionsType = 70
	BuiltinOptionsUnidirectionalSequenceLSTMOptions BuiltinOptionsType = 71
	BuiltinOptionsFloorModOptions                   BuiltinOptionsType = 72
	BuiltinOptionsRangeOptions                      BuiltinOptionsType = 73
	BuiltinOptionsResizeNearestNeighborOptions      BuiltinOptionsType = 74
	BuiltinOptionsLeakyReluOptions                  BuiltinOptionsType = 75
	BuiltinOptionsSquaredDifferenceOptions          BuiltinOptionsType = 76
	BuiltinOptionsMirrorPadOptions                  BuiltinOptionsType = 77
	BuiltinOptionsAbsOptions                        BuiltinOptionsType = 78
	BuiltinOptionsSplitVOptions                     BuiltinOptionsType = 79
	BuiltinOptionsUniqueOptions                     BuiltinOptionsType = 80
	BuiltinOptionsReverseV2Options                  BuiltinOptionsType = 81
	BuiltinOptionsAddNOptions                       BuiltinOptionsType = 82
	BuiltinOptionsGatherNdOptions                   BuiltinOptionsType = 83
	BuiltinOptionsCosOptions                        BuiltinOptionsType = 84
	BuiltinOptionsWhereOptions                      BuiltinOptionsType = 85
	BuiltinOptionsRankOptions                       BuiltinOptionsType = 86
	BuiltinOptionsReverseSequenceOptions            BuiltinOptionsType = 87
	BuiltinOptionsMatrixDiagOptions                 BuiltinOptionsType = 88
	BuiltinOptionsQuantizeOptions                   BuiltinOptionsType = 89
	BuiltinOptionsMatrixSetDiagOptions              BuiltinOptionsType = 90
	BuiltinOptionsHardSwishOptions                  BuiltinOptionsType = 91
	BuiltinOptionsIfOptions                         BuiltinOptionsType = 92
	BuiltinOptionsWhileOptions                      BuiltinOptionsType = 93
	BuiltinOptionsDepthToSpaceOptions               BuiltinOptionsType = 94
	BuiltinOptionsNonMaxSuppressionV4Options        BuiltinOptionsType = 95
	BuiltinOptionsNonMaxSuppressionV5Options        BuiltinOptionsType = 96
	BuiltinOptionsScatterNdOptions                  BuiltinOptionsType = 97
	BuiltinOptionsSelectV2Options                   BuiltinOptionsType = 98
	BuiltinOptionsDensifyOptions                    BuiltinOptionsType = 99
	BuiltinOptionsSegmentSumOptions                 BuiltinOptionsType = 100
	BuiltinOptionsBatchMatMulOptions                BuiltinOptionsType = 101
	BuiltinOptionsCumsumOptions                     BuiltinOptionsType = 102
	BuiltinOptionsCallOnceOptions                   BuiltinOptionsType = 103
	BuiltinOptionsBroadcastToOptions                BuiltinOptionsType = 104
	BuiltinOptionsRfft2dOptions                     BuiltinOptionsType = 105
	BuiltinOptionsConv3DOptions                     BuiltinOptionsType = 106
	BuiltinOptionsHashtableOptions                  BuiltinOptionsType = 107
	BuiltinOptionsHashtableFindOptions              BuiltinOptionsType = 108
	BuiltinOptionsHashtableImportOptions            BuiltinOptionsType = 109
	BuiltinOptionsHashtableSizeOptions              BuiltinOptionsType = 110
	BuiltinOptionsVarHandleOptions                  BuiltinOptionsType = 111
	BuiltinOptionsReadVariableOptions               BuiltinOptionsType = 112
	BuiltinOptionsAssignVariableOptions             BuiltinOptionsType = 113
	BuiltinOptionsRandomOptions                     BuiltinOptionsType = 114
	BuiltinOptionsBucketizeOptions                  BuiltinOptionsType = 115
	BuiltinOptionsGeluOptions                       BuiltinOptionsType = 116
	BuiltinOptionsDynamicUpdateSliceOptions         BuiltinOptionsType = 117
	BuiltinOptionsUnsortedSegmentProdOptions        BuiltinOptionsType = 118
	BuiltinOptionsUnsortedSegmentMaxOptions         BuiltinOptionsType = 119
	BuiltinOptionsUnsortedSegmentMinOptions         BuiltinOptionsType = 120
	BuiltinOptionsUnsortedSegmentSumOptions         BuiltinOptionsType = 121
	BuiltinOptionsATan2Options                      BuiltinOptionsType = 122
	BuiltinOptionsSignOptions                       BuiltinOptionsType = 123
	BuiltinOptionsBitcastOptions                    BuiltinOptionsType = 124
	BuiltinOptionsBitwiseXorOptions                 BuiltinOptionsType = 125
	BuiltinOptionsRightShiftOptions                 BuiltinOptionsType = 126
)

// builtinOptionsNames holds the schema name of every options table, indexed by union tag.
var builtinOptionsNames = [...]string{
	BuiltinOptionsNone:                              "NONE",
	BuiltinOptionsConv2DOptions:                     "Conv2DOptions",
	BuiltinOptionsDepthwiseConv2DOptions:            "DepthwiseConv2DOptions",
	BuiltinOptionsConcatEmbeddingsOptions:           "ConcatEmbeddingsOptions",
	BuiltinOptionsLSHProjectionOptions:              "LSHProjectionOptions",
	BuiltinOptionsPool2DOptions:                     "Pool2DOptions",
	BuiltinOptionsSVDFOptions:                       "SVDFOptions",
	BuiltinOptionsRNNOptions:                        "RNNOptions",
	BuiltinOptionsFullyConnectedOptions:             "FullyConnectedOptions",
	BuiltinOptionsSoftmaxOptions:                    "SoftmaxOptions",
	BuiltinOptionsConcatenationOptions:              "ConcatenationOptions",
	BuiltinOptionsAddOptions:                        "AddOptions",
	BuiltinOptionsL2NormOptions:                     "L2NormOptions",
	BuiltinOptionsLocalResponseNormalizationOptions: "LocalResponseNormalizationOptions",
	BuiltinOptionsLSTMOptions:                       "LSTMOptions",
	BuiltinOptionsResizeBilinearOptions:             "ResizeBilinearOptions",
	BuiltinOptionsCallOptions:                       "CallOptions",
	BuiltinOptionsReshapeOptions:                    "ReshapeOptions",
	BuiltinOptionsSkipGramOptions:                   "SkipGramOptions",
	BuiltinOptionsSpaceToDepthOptions:               "SpaceToDepthOptions",
	BuiltinOptionsEmbeddingLookupSparseOptions:      "EmbeddingLookupSparseOptions",
	BuiltinOptionsMulOptions:                        "MulOptions",
	BuiltinOptionsPadOptions:                        "PadOptions",
	BuiltinOptionsGatherOptions:                     "GatherOptions",
	BuiltinOptionsBatchToSpaceNDOptions:             "BatchToSpaceNDOptions",
	BuiltinOptionsSpaceToBatchNDOptions:             "SpaceToBatchNDOptions",
	BuiltinOptionsTransposeOptions:                  "TransposeOptions",
	BuiltinOptionsReducerOptions:                    "ReducerOptions",
	BuiltinOptionsSubOptions:                        "SubOptions",
	BuiltinOptionsDivOptions:                        "DivOptions",
	BuiltinOptionsSqueezeOptions:                    "SqueezeOptions",
	BuiltinOptionsSequenceRNNOptions:                "SequenceRNNOptions",
	BuiltinOptionsStridedSliceOptions:               "StridedSliceOptions",
	BuiltinOptionsExpOptions:                        "ExpOptions",
	BuiltinOptionsTopKV2Options:                     "TopKV2Options",
	BuiltinOptionsSplitOptions:                      "SplitOptions",
	BuiltinOptionsLogSoftmaxOptions:                 "LogSoftmaxOptions",
	BuiltinOptionsCastOptions:                       "CastOptions",
	BuiltinOptionsDequantizeOptions:                 "DequantizeOptions",
	BuiltinOptionsMaximumMinimumOptions:             "MaximumMinimumOptions",
	BuiltinOptionsArgMaxOptions:                     "ArgMaxOptions",
	BuiltinOptionsLessOptions:                       "LessOptions",
	BuiltinOptionsNegOptions:                        "NegOptions",
	BuiltinOptionsPadV2Options:                      "PadV2Options",
	BuiltinOptionsGreaterOptions:                    "GreaterOptions",
	BuiltinOptionsGreaterEqualOptions:               "GreaterEqualOptions",
	BuiltinOptionsLessEqualOptions:                  "LessEqualOptions",
	BuiltinOptionsSelectOptions:                     "SelectOptions",
	BuiltinOptionsSliceOptions:                      "SliceOptions",
	BuiltinOptionsTransposeConvOptions:              "TransposeConvOptions",
	BuiltinOptionsSparseToDenseOptions:              "SparseToDenseOptions",
	BuiltinOptionsTileOptions:                       "TileOptions",
	BuiltinOptionsExpandDimsOptions:                 "ExpandDimsOptions",
	BuiltinOptionsEqualOptions:                      "EqualOptions",
	BuiltinOptionsNotEqualOptions:                   "NotEqualOptions",
	BuiltinOptionsShapeOptions:                      "ShapeOptions",
	BuiltinOptionsPowOptions:                        "PowOptions",
	BuiltinOptionsArgMinOptions:                     "ArgMinOptions",
	BuiltinOptionsFakeQuantOptions:                  "FakeQuantOptions",
	BuiltinOptionsPackOptions:                       "PackOptions",
	BuiltinOptionsLogicalOrOptions:                  "LogicalOrOptions",
	BuiltinOptionsOneHotOptions:                     "OneHotOptions",
	BuiltinOptionsLogicalAndOptions:                 "LogicalAndOptions",
	BuiltinOptionsLogicalNotOptions:                 "LogicalNotOptions",
	BuiltinOptionsUnpackOptions:                     "UnpackOptions",
	BuiltinOptionsFloorDivOptions:                   "FloorDivOptions",
	BuiltinOptionsSquareOptions:                     "SquareOptions",
	BuiltinOptionsZerosLikeOptions:                  "ZerosLikeOptions",
	BuiltinOptionsFillOptions:                       "FillOptions",
	BuiltinOptionsBidirectionalSequenceLSTMOptions:  "BidirectionalSequenceLSTMOptions",
	BuiltinOptionsBidirectionalSequenceRNNOptions:   "BidirectionalSequenceRNNOptions",
	BuiltinOptionsUnidirectionalSequenceLSTMOptions: "UnidirectionalSequenceLSTMOptions",
	BuiltinOptionsFloorModOptions:                   "FloorModOptions",
	BuiltinOptionsRangeOptions:                      "RangeOptions",
	BuiltinOptionsResizeNearestNeighborOptions:      "ResizeNearestNeighborOptions",
	BuiltinOptionsLeakyReluOptions:                  "LeakyReluOptions",
	BuiltinOptionsSquaredDifferenceOptions:          "SquaredDifferenceOptions",
	BuiltinOptionsMirrorPadOptions:                  "MirrorPadOptions",
	BuiltinOptionsAbsOptions:                        "AbsOptions",
	BuiltinOptionsSplitVOptions:                     "SplitVOptions",
	BuiltinOptionsUniqueOptions:                     "UniqueOptions",
	BuiltinOptionsReverseV2Options:                  "ReverseV2Options",
	BuiltinOptionsAddNOptions:                       "AddNOptions",
	BuiltinOptionsGatherNdOptions:                   "GatherNdOptions",
	BuiltinOptionsCosOptions:                        "CosOptions",
	BuiltinOptionsWhereOptions:                      "WhereOptions",
	BuiltinOptionsRankOptions:                       "RankOptions",
	BuiltinOptionsReverseSequenceOptions:            "ReverseSequenceOptions",
	BuiltinOptionsMatrixDiagOptions:                 "MatrixDiagOptions",
	BuiltinOptionsQuantizeOptions:                   "QuantizeOptions",
	BuiltinOptionsMatrixSetDiagOptions:              "MatrixSetDiagOptions",
	BuiltinOptionsHardSwishOptions:                  "HardSwishOptions",
	BuiltinOptionsIfOptions:                         "IfOptions",
	BuiltinOptionsWhileOptions:                      "WhileOptions",
	BuiltinOptionsDepthToSpaceOptions:               "DepthToSpaceOptions",
	BuiltinOptionsNonMaxSuppressionV4Options:        "NonMaxSuppressionV4Options",
	BuiltinOptionsNonMaxSuppressionV5Options:        "NonMaxSuppressionV5Options",
	BuiltinOptionsScatterNdOptions:                  "ScatterNdOptions",
	BuiltinOptionsSelectV2Options:                   "SelectV2Options",
	BuiltinOptionsDensifyOptions:                    "DensifyOptions",
	BuiltinOptionsSegmentSumOptions:                 "SegmentSumOptions",
	BuiltinOptionsBatchMatMulOptions:                "BatchMatMulOptions",
	BuiltinOptionsCumsumOptions:                     "CumsumOptions",
	BuiltinOptionsCallOnceOptions:                   "CallOnceOptions",
	BuiltinOptionsBroadcastToOptions:                "BroadcastToOptions",
	BuiltinOptionsRfft2dOptions:                     "Rfft2dOptions",
	BuiltinOptionsConv3DOptions:                     "Conv3DOptions",
	BuiltinOptionsHashtableOptions:                  "HashtableOptions",
	BuiltinOptionsHashtableFindOptions:              "HashtableFindOptions",
	BuiltinOptionsHashtableImportOptions:            "HashtableImportOptions",
	BuiltinOptionsHashtableSizeOptions:              "HashtableSizeOptions",
	BuiltinOptionsVarHandleOptions:                  "VarHandleOptions",
	BuiltinOptionsReadVariableOptions:               "ReadVariableOptions",
	BuiltinOptionsAssignVariableOptions:             "AssignVariableOptions",
	BuiltinOptionsRandomOptions:                     "RandomOptions",
	BuiltinOptionsBucketizeOptions:                  "BucketizeOptions",
	BuiltinOptionsGeluOptions:                       "GeluOptions",
	BuiltinOptionsDynamicUpdateSliceOptions:         "DynamicUpdateSliceOptions",
	BuiltinOptionsUnsortedSegmentProdOptions:        "UnsortedSegmentProdOptions",
	BuiltinOptionsUnsortedSegmentMaxOptions:         "UnsortedSegmentMaxOptions",
	BuiltinOptionsUnsortedSegmentMinOptions:         "UnsortedSegmentMinOptions",
	BuiltinOptionsUnsortedSegmentSumOptions:         "UnsortedSegmentSumOptions",
	BuiltinOptionsATan2Options:                      "ATan2Options",
	BuiltinOptionsSignOptions:                       "SignOptions",
	BuiltinOptionsBitcastOptions:                    "BitcastOptions",
	BuiltinOptionsBitwiseXorOptions:                 "BitwiseXorOptions",
	BuiltinOptionsRightShiftOptions:                 "RightShiftOptions",
}
