#!/bin/sh
# bench-peers.sh measures octet against its peers in one run and prints the
# ratios (see docs/performance.md):
#
#   1. kernels: octet's int8 kernels against native XNNPACK on the same
#      shapes, data and quantization (go test -tags xnnpack ./bench/xnnpack),
#      after checking that both give the same bytes;
#   2. models: `octet bench` against LiteRT.js (tools/litert/bench.mjs) on
#      the portrait models, float and int8, single-threaded;
#   3. BLSTM: octet against ONNX Runtime (onnxruntime-node, native CPU,
#      tools/onnxruntime) on the Fashion-MNIST BLSTM classifier, one
#      sequence, single-threaded (go test -bench BLSTM ./internal/ort),
#      after checking that both give the same probabilities on 200 test
#      images (TestBLSTMMatchesORT).
#
# Usage: scripts/bench-peers.sh [--install] [--kernels-only | --models-only | --blstm-only]
#
#   --install       install what is missing first: XNNPACK
#                   (scripts/install-xnnpack.sh, apt), LiteRT.js
#                   (tools/litert/setup.sh, npm) and ONNX Runtime
#                   (tools/onnxruntime/setup.sh, npm)
#
# Environment: RUNS (timed runs per model and round, default 50), WARMUP
# (default 5), ROUNDS (alternating octet/LiteRT rounds per model, default 3;
# the reported times are the median of the rounds' medians and the fastest
# run of all rounds), COUNT (go test
# -count for the kernels, default 5), BENCHTIME (go test -benchtime,
# default 1s), BLSTM_RUNS (timed runs of octet and of ONNX Runtime per
# BLSTM round, default 200; the BLSTM part also takes ROUNDS rounds), GO
# (default go), NODE (default node).
#
# Without XNNPACK (or cgo) the kernel part times octet alone. It exits
# non-zero if a step fails, XNNPACK's outputs differ from octet's, or ONNX
# Runtime's BLSTM outputs differ from octet's; it does not fail on slow
# numbers.
set -eu
cd "$(dirname "$0")/.."

GO=${GO:-go}
NODE=${NODE:-node}
RUNS=${RUNS:-50}
WARMUP=${WARMUP:-5}
ROUNDS=${ROUNDS:-3}
COUNT=${COUNT:-5}
BENCHTIME=${BENCHTIME:-1s}
BLSTM_RUNS=${BLSTM_RUNS:-200}
FLOAT_MODEL=models/portrait/model/selfie_segmentation.tflite
INT8_MODEL=models/portrait/model/selfie_segmentation_int8.tflite

install=0 kernels=1 models=1 blstm=1
for a in "$@"; do
	case $a in
	--install) install=1 ;;
	--kernels-only) models=0 blstm=0 ;;
	--models-only) kernels=0 blstm=0 ;;
	--blstm-only) kernels=0 models=0 ;;
	-h | --help)
		awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"
		exit 0
		;;
	*)
		echo "bench-peers.sh: unknown argument $a" >&2
		exit 2
		;;
	esac
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# median reads numbers, one a line, and prints their median (the lower
# middle one for an even count, like a nearest-rank p50).
median() {
	sort -g | awk '{v[NR] = $1} END {if (NR == 0) exit 1; print v[int((NR + 1) / 2)]}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "n/a"}'; }

have_xnnpack() {
	[ -f /usr/include/xnnpack.h ] && [ -f /usr/include/pthreadpool.h ] &&
		[ "$($GO env CGO_ENABLED)" = 1 ] && command -v "$($GO env CC | cut -d' ' -f1)" >/dev/null 2>&1
}

echo "== machine"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //') ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null))"
echo "go: $($GO version | cut -d' ' -f3-)"
echo "tree: $(git describe --always --dirty 2>/dev/null || echo unknown)"

$GO build -o "$tmp/octet" ./cmd/octet

status=0
if [ "$kernels" = 1 ]; then
	echo
	echo "== kernels: octet vs native XNNPACK (single thread, same data and quantization)"
	if [ "$install" = 1 ]; then
		./scripts/install-xnnpack.sh
	fi
	if have_xnnpack; then
		echo "xnnpack: libxnnpack-dev $(dpkg-query -W -f='${Version}' libxnnpack-dev 2>/dev/null || echo '(version unknown)')"
		if $GO test -tags xnnpack -count=1 -run 'MatchesXNNPACK' ./bench/xnnpack/ >"$tmp/oracle.txt" 2>&1; then
			echo "outputs: octet == XNNPACK, bit-exact, on every case of bench/xnnpack (TestConvMatchesXNNPACK, TestResizeMatchesXNNPACK)"
		else
			cat "$tmp/oracle.txt"
			echo "outputs: octet and XNNPACK DIFFER (see above)"
			status=1
		fi
		pkg=./bench/xnnpack/
		tags="-tags xnnpack"
	else
		echo "xnnpack: not available (run scripts/install-xnnpack.sh; needs cgo and a C compiler): timing octet alone"
		pkg=./bench/
		tags=
	fi
	# shellcheck disable=SC2086 # $tags is empty or one word
	$GO test $tags -run '^$' -bench 'DWConv3x3|Conv1x1|ResizeBilinear2x' -benchtime "$BENCHTIME" -count "$COUNT" "$pkg" >"$tmp/kernels.txt" 2>&1 || {
		cat "$tmp/kernels.txt"
		exit 1
	}
	grep '^Benchmark' "$tmp/kernels.txt" >"$tmp/kernels.bench" || true
	printf '%-18s %12s %12s %14s\n' kernel octet_ms xnnpack_ms octet/xnnpack
	for k in DWConv3x3 Conv1x1 ResizeBilinear2x; do
		o=$(awk -v k="Benchmark$k/octet" '$1 ~ "^"k"(-[0-9]+)?$" {print $3 / 1e6}' "$tmp/kernels.bench" | median || echo 0)
		x=$(awk -v k="Benchmark$k/xnnpack" '$1 ~ "^"k"(-[0-9]+)?$" {print $3 / 1e6}' "$tmp/kernels.bench" | median || echo 0)
		if [ "$x" = 0 ]; then
			printf '%-18s %12.3f %12s %14s\n' "$k" "$o" - -
		else
			printf '%-18s %12.3f %12.3f %14s\n' "$k" "$o" "$x" "$(ratio "$o" "$x")x"
		fi
	done
	echo "(medians of $COUNT go test -bench runs; raw lines, benchstat-ready:)"
	sed 's/^/  /' "$tmp/kernels.bench"
fi

if [ "$models" = 1 ]; then
	echo
	echo "== models: octet bench vs LiteRT.js (WASM, XNNPACK, 1 thread)"
	if [ "$install" = 1 ] || [ ! -f tools/litert/node_modules/.octet-setup ]; then
		./tools/litert/setup.sh
	fi
	litert() { $NODE --experimental-wasm-relaxed-simd --no-liftoff tools/litert/bench.mjs "$1" --runs "$RUNS" --warmup "$WARMUP"; }
	octet() { "$tmp/octet" bench "$1" --runs "$RUNS" --warmup "$WARMUP"; }
	lastmed() { tail -n 1 | sed -n 's/^median_ms=\([0-9.]*\) .*/\1/p'; }
	# Both tools print "latency: min X ms ...".
	minof() { sed -n 's/^latency: min \([0-9.]*\) ms.*/\1/p'; }
	for m in float:$FLOAT_MODEL int8:$INT8_MODEL; do
		name=${m%%:*} path=${m#*:}
		: >"$tmp/$name.octet"
		: >"$tmp/$name.litert"
		: >"$tmp/$name.octet.min"
		: >"$tmp/$name.litert.min"
		r=0
		while [ "$r" -lt "$ROUNDS" ]; do
			litert "$path" >"$tmp/out" 2>&1 || { cat "$tmp/out"; exit 1; }
			lastmed <"$tmp/out" >>"$tmp/$name.litert"
			minof <"$tmp/out" >>"$tmp/$name.litert.min"
			[ "$r" = 0 ] && grep '^runtime:' "$tmp/out" >"$tmp/litert.version"
			octet "$path" >"$tmp/out" 2>&1 || { cat "$tmp/out"; exit 1; }
			lastmed <"$tmp/out" >>"$tmp/$name.octet"
			minof <"$tmp/out" >>"$tmp/$name.octet.min"
			[ "$r" = 0 ] && grep '^isa:' "$tmp/out" >"$tmp/octet.isa"
			r=$((r + 1))
		done
	done
	echo "litert $(cat "$tmp/litert.version")"
	echo "octet $(cat "$tmp/octet.isa")"
	echo "median of $ROUNDS rounds of $RUNS runs (after $WARMUP warm-up runs) each; per-round medians in ms:"
	for f in float.litert float.octet int8.litert int8.octet; do
		echo "  $f: $(tr '\n' ' ' <"$tmp/$f")"
	done
	lf=$(median <"$tmp/float.litert")
	of=$(median <"$tmp/float.octet")
	li=$(median <"$tmp/int8.litert")
	oi=$(median <"$tmp/int8.octet")
	# The fastest run of all rounds: less sensitive to other load on the
	# machine than the median.
	lfm=$(sort -g "$tmp/float.litert.min" | head -n 1)
	ofm=$(sort -g "$tmp/float.octet.min" | head -n 1)
	lim=$(sort -g "$tmp/int8.litert.min" | head -n 1)
	oim=$(sort -g "$tmp/int8.octet.min" | head -n 1)
	printf '%-7s %12s %12s %12s %12s\n' model octet_med litert_med octet_min litert_min
	printf '%-7s %12.3f %12.3f %12.3f %12.3f\n' float "$of" "$lf" "$ofm" "$lfm"
	printf '%-7s %12.3f %12.3f %12.3f %12.3f\n' int8 "$oi" "$li" "$oim" "$lim"
	echo
	echo "ratios, median (min) [goal]:"
	echo "  octet float / LiteRT.js float = $(ratio "$of" "$lf")x ($(ratio "$ofm" "$lfm")x)  [<= 0.6x]"
	echo "  octet int8  / LiteRT.js float = $(ratio "$oi" "$lf")x ($(ratio "$oim" "$lfm")x)  [<= 0.25x]"
	echo "  octet int8  / LiteRT.js int8  = $(ratio "$oi" "$li")x ($(ratio "$oim" "$lim")x)"
fi

if [ "$blstm" = 1 ]; then
	echo
	echo "== BLSTM (Fashion-MNIST, 28 steps x 128 units x 2 directions): octet vs ONNX Runtime (native CPU, 1 thread)"
	if [ "$install" = 1 ] || [ ! -f tools/onnxruntime/node_modules/.octet-setup ]; then
		./tools/onnxruntime/setup.sh
	fi
	if $GO test -count=1 -v -run 'TestBLSTMMatchesORT$' ./internal/ort/ >"$tmp/ort-oracle.txt" 2>&1; then
		sed -n 's/.*blstm_test.go:[0-9]*: /outputs: /p' "$tmp/ort-oracle.txt"
	else
		cat "$tmp/ort-oracle.txt"
		echo "outputs: octet and ONNX Runtime DIFFER (see above)"
		status=1
	fi
	OCTET_ORT_RUNS=$BLSTM_RUNS $GO test -run '^$' -bench 'BLSTM' -benchtime "${BLSTM_RUNS}x" -count "$ROUNDS" ./internal/ort/ >"$tmp/blstm.txt" 2>&1 || {
		cat "$tmp/blstm.txt"
		exit 1
	}
	sed -n 's/.*ONNX Runtime \(onnxruntime-node [^:]*\):.*/ort: \1/p' "$tmp/blstm.txt" | head -n 1
	grep '^BenchmarkBLSTM' "$tmp/blstm.txt" >"$tmp/blstm.bench" || true
	# metric prints the values of one unit of one sub-benchmark, one a line.
	metric() {
		awk -v k="BenchmarkBLSTM/$1" -v u="$2" '$1 ~ "^"k"(-[0-9]+)?$" {for (i = 3; i < NF; i += 2) if ($(i + 1) == u) print $i}' "$tmp/blstm.bench"
	}
	echo "median of $ROUNDS rounds; each round times ONNX Runtime ($BLSTM_RUNS runs in Node, after warm-up) and then octet ($BLSTM_RUNS runs, ResetVariables + Invoke); ms per sequence:"
	printf '%-12s %12s %12s %12s %14s\n' model octet_med ort_med ort_min octet/ort
	for v in float int8; do
		if [ -z "$(metric "octet_$v" octet/ort)" ]; then
			printf '%-12s %12s\n' "octet $v" "(no models/blstm/testdata/fashion_blstm_$v.tflite: skipped)"
			continue
		fi
		om=$(metric "octet_$v" med-ns/op | median)
		rm_=$(metric "octet_$v" ort-ns/op | median)
		rn=$(metric "octet_$v" ort-min-ns/op | sort -g | head -n 1)
		r=$(metric "octet_$v" octet/ort | median)
		printf '%-12s %12.3f %12.3f %12.3f %13.2fx\n' "octet $v" "$(echo "$om" | awk '{print $1 / 1e6}')" \
			"$(echo "$rm_" | awk '{print $1 / 1e6}')" "$(echo "$rn" | awk '{print $1 / 1e6}')" "$r"
	done
	echo "(octet/ort: median over rounds of each round's octet median / ONNX Runtime median; ONNX Runtime is always the float model; raw lines, benchstat-ready:)"
	sed 's/^/  /' "$tmp/blstm.bench"
fi
exit $status
