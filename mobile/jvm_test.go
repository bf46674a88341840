package mobile_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/octet-ml/octet/mobile"
)

// Leak bounds for the 200-call loop of BindingCheck.java. Each call moves
// about 1 MiB across the binding (a 320x240 RGBA frame in twice, a mask and
// a composite out, an error object), so leaking any of them per call would
// exceed these bounds several times over.
const (
	maxHeapGrowthKB = 8 << 10
	maxRSSGrowthKB  = 16 << 10
)

// TestJVMBinding binds package mobile with gobind, builds the Go and JNI
// glue as a shared library for the host, and runs testdata/jvm/
// BindingCheck.java against it on the JVM. It needs a JDK (java, javac and
// the include directory with jni.h) and a C compiler; it fails, rather than
// skips, without them.
func TestJVMBinding(t *testing.T) {
	start := time.Now()
	jdk := findJDK(t)
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found: %v", err)
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is not in PATH: %v", err)
	}
	hostOS := goEnv(t, goTool, root, "GOHOSTOS")
	hostArch := goEnv(t, goTool, root, "GOHOSTARCH")
	tmp := t.TempDir()
	step := func(name string, t0 time.Time) { t.Logf("%s: %v", name, time.Since(t0).Round(time.Millisecond)) }

	// 1. gobind, built from the version of golang.org/x/mobile in go.mod
	// (a tool dependency), for the machine this runs on.
	t0 := time.Now()
	gobind := filepath.Join(tmp, "bin", "gobind")
	hostEnv := withEnv(os.Environ(), "GOOS="+hostOS, "GOARCH="+hostArch, "CGO_ENABLED=0", "GOWORK=off")
	run(t, root, hostEnv, goTool, "build", "-o", gobind, "golang.org/x/mobile/cmd/gobind")
	step("build gobind", t0)

	// 2. The Go and Java bindings.
	t0 = time.Now()
	gen := filepath.Join(tmp, "gen")
	bindEnv := withEnv(os.Environ(), "GOOS="+jdk.goos, "GOARCH="+jdk.goarch, "CGO_ENABLED=1", "GOWORK=off")
	run(t, root, bindEnv, gobind, "-lang=go,java", "-outdir", gen, "github.com/octet-ml/octet/mobile")
	step("gobind", t0)

	// 3. The glue as a c-shared library, libgojni.so, the name go/Seq.java
	// loads. gobind writes it for Android; adapt it to a desktop JVM.
	t0 = time.Now()
	glue := filepath.Join(tmp, "glue")
	adaptGlue(t, filepath.Join(gen, "src", "gobind"), glue)
	inc := filepath.Join(tmp, "include")
	stub, err := os.ReadFile(filepath.Join("testdata", "jvm", "log.h"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(inc, "android", "log.h"), stub)
	goMod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go [0-9.]+$`).Find(goMod)
	if goLine == nil {
		t.Fatal("no go line in go.mod")
	}
	writeFile(t, filepath.Join(glue, "go.mod"), []byte(fmt.Sprintf(
		"module octetjnitest\n\n%s\n\nrequire github.com/octet-ml/octet v0.0.0\n\nreplace github.com/octet-ml/octet => %s\n",
		goLine, strconv.Quote(root))))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(glue, "go.sum"), sum)
	lib := filepath.Join(tmp, "lib")
	cflags := strings.Join([]string{
		"-I" + jdk.include, "-I" + jdk.includeOS, "-I" + inc,
		// What `#cgo android CFLAGS` in the generated seq.go sets on Android.
		"-D__GOBIND_ANDROID__",
		// The NDK's jni.h declares AttachCurrentThread(JavaVM*, JNIEnv**,
		// void*), the JDK's takes void** instead; the glue, written for
		// the NDK and compiled with -Werror, passes a JNIEnv**.
		"-Wno-incompatible-pointer-types",
		"-O2",
	}, " ")
	// -mod=mod lets go add the requirements the glue's go.mod leaves out
	// (octet's own), with the versions and sums of octet's go.mod and go.sum.
	goflags := []string{"-mod=mod"}
	for _, f := range strings.Fields(os.Getenv("GOFLAGS")) {
		if !strings.HasPrefix(f, "-mod=") {
			goflags = append(goflags, f)
		}
	}
	libEnv := withEnv(os.Environ(), "GOOS="+jdk.goos, "GOARCH="+jdk.goarch, "CGO_ENABLED=1", "GOWORK=off",
		"GOFLAGS="+strings.Join(goflags, " "), "CGO_CFLAGS="+cflags)
	run(t, glue, libEnv, goTool, "build", "-buildmode=c-shared", "-o", filepath.Join(lib, "libgojni.so"), ".")
	step("build libgojni.so", t0)

	// 4. The generated Java (package mobile and gobind's go.* support
	// classes) and BindingCheck.java.
	t0 = time.Now()
	var sources []string
	for _, dir := range []string{filepath.Join(gen, "java"), filepath.Join("testdata", "jvm")} {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".java") {
				sources = append(sources, p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{"go/Seq.java", "go/Universe.java", "go/error.java", "mobile/Mobile.java", "mobile/Segmenter.java", "mobile/Classifier.java"} {
		if _, err := os.Stat(filepath.Join(gen, "java", want)); err != nil {
			t.Fatalf("gobind did not write %s: %v", want, err)
		}
	}
	classes := filepath.Join(tmp, "classes")
	run(t, ".", os.Environ(), jdk.javac, append([]string{"-encoding", "UTF-8", "-nowarn", "-d", classes}, sources...)...)
	step("javac", t0)

	// 5. Run it.
	t0 = time.Now()
	out := filepath.Join(tmp, "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	photo, _ := filepath.Abs(filepath.Join("..", "testdata", "astronaut.png"))
	model, _ := filepath.Abs(filepath.Join("..", "testdata", "selfie_segmentation_landscape.tflite"))
	fashion, _ := filepath.Abs(fashionPNG)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// A fixed, pre-touched Java heap keeps the JVM's own heap sizing out of
	// the RSS measurements, which then show native (Go and JNI) memory.
	cmd := exec.CommandContext(ctx, jdk.java, "-Xms192m", "-Xmx192m", "-XX:+AlwaysPreTouch",
		"-Djava.library.path="+lib, "-cp", classes,
		"BindingCheck", photo, model, out, fashion, strconv.Itoa(fashionPNGLabel))
	cmd.Env = os.Environ() // with OCTET_ISA, if set, as for the Go side of this test
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	step("java BindingCheck", t0)
	t.Logf("BindingCheck output:\n%s", stdout.String())
	if stderr.Len() > 0 {
		t.Logf("BindingCheck stderr:\n%s", stderr.String())
	}
	if err != nil {
		t.Fatalf("BindingCheck failed: %v", err)
	}
	res := parseKV(stdout.String())
	if res["OK"] != "true" {
		t.Fatal("BindingCheck did not print OK")
	}

	// 6. The Java results against the Go API's in this process.
	checkAgainstGo(t, out, res, jdk.goarch)

	// 7. Leaks over the 200-call loop.
	heap0, heap1 := atoi(t, res, "loop.heap_before_kb"), atoi(t, res, "loop.heap_after_kb")
	rss0, rss1 := atoi(t, res, "loop.rss_before_kb"), atoi(t, res, "loop.rss_after_kb")
	t.Logf("200 calls: JVM heap after GC %d -> %d KiB, RSS %d -> %d KiB, %s ms per Segment",
		heap0, heap1, rss0, rss1, res["loop.ms_per_call"])
	if heap1-heap0 > maxHeapGrowthKB {
		t.Errorf("JVM heap grew by %d KiB over 200 calls (bound %d KiB): a leak", heap1-heap0, maxHeapGrowthKB)
	}
	if rss1-rss0 > maxRSSGrowthKB {
		t.Errorf("RSS grew by %d KiB over 200 calls (bound %d KiB): a leak", rss1-rss0, maxRSSGrowthKB)
	}
	t.Logf("total: %v", time.Since(start).Round(time.Millisecond))
}

// checkAgainstGo compares what BindingCheck wrote with the Go API's
// results: the decoded photo exactly, the mask and composites exactly when
// the JVM runs the same architecture and ISA as this test, else within a
// rounding step or two (float kernels differ slightly across ISAs).
func checkAgainstGo(t *testing.T, out string, res map[string]string, jvmArch string) {
	t.Helper()
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	img := decodePNG(t, filepath.Join("..", "testdata", "astronaut.png"))
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if !bytes.Equal(read("photo.rgba"), img.Pix) {
		t.Fatal("javax.imageio decoded the photo differently from image/png")
	}
	tol := 0
	if jvmArch != runtime.GOARCH || res["isa"] != mobile.ISA() {
		tol = 3
		t.Logf("JVM runs %s/%s, this test %s/%s: comparing within %d", jvmArch, res["isa"], runtime.GOARCH, mobile.ISA(), tol)
	}
	seg, err := mobile.NewSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	goMask, err := seg.Segment(img.Pix, w, h)
	if err != nil {
		t.Fatal(err)
	}
	javaMask := read("mask.bin")
	compareBytes(t, "mask", javaMask, goMask, tol)

	// Composites from the Java side's own inputs, so that only compositing
	// is compared.
	blur, err := mobile.CompositeBlur(img.Pix, javaMask, w, h, 0)
	if err != nil {
		t.Fatal(err)
	}
	compareBytes(t, "blur composite", read("blur.rgba"), blur, min(tol, 1))
	green, err := mobile.CompositeColor(img.Pix, javaMask, w, h, 0xFF00B140)
	if err != nil {
		t.Fatal(err)
	}
	compareBytes(t, "colour composite", read("green.rgba"), green, min(tol, 1))
	withBg, err := mobile.CompositeImage(img.Pix, javaMask, w, h, read("bg.rgba"), 300, 200)
	if err != nil {
		t.Fatal(err)
	}
	compareBytes(t, "image composite", read("withbg.rgba"), withBg, min(tol, 1))

	// The classifier: the Java side read the gray levels the Go decoder
	// reads, and got the dataset's label with the Go API's probabilities.
	gray := decodePNG(t, fashionPNG)
	goGray := make([]byte, 28*28)
	for i := range goGray {
		goGray[i] = gray.Pix[4*i]
	}
	if !bytes.Equal(read("fashion.gray"), goGray) {
		t.Fatal("javax.imageio read the Fashion-MNIST image's gray levels differently from image/png")
	}
	if res["classifier.class"] != strconv.Itoa(fashionPNGLabel) {
		t.Errorf("Java classified %s as %q, dataset label %d", fashionPNG, res["classifier.class"], fashionPNGLabel)
	}
	cls, err := mobile.NewClassifier()
	if err != nil {
		t.Fatal(err)
	}
	if want := cls.Label(fashionPNGLabel); res["classifier.label"] != want {
		t.Errorf("Java label %q, want %q", res["classifier.label"], want)
	}
	goProbs, err := cls.Probabilities(goGray, 28, 28)
	if err != nil {
		t.Fatal(err)
	}
	javaProbs := read("fashion.probs")
	if tol == 0 {
		if !bytes.Equal(javaProbs, goProbs) {
			t.Error("Java and Go classifier probabilities differ")
		}
	} else if len(javaProbs) != len(goProbs) {
		t.Errorf("Java gave %d probability bytes, Go %d", len(javaProbs), len(goProbs))
	} else {
		for k := 0; k < len(goProbs); k += 4 {
			j := math.Float32frombits(binary.LittleEndian.Uint32(javaProbs[k:]))
			g := math.Float32frombits(binary.LittleEndian.Uint32(goProbs[k:]))
			if math.Abs(float64(j-g)) > 1e-5 {
				t.Errorf("class %d: Java probability %v, Go %v", k/4, j, g)
			}
		}
	}
}

// The Fashion-MNIST test image BindingCheck classifies, and its label in
// the dataset (models/blstm checks both against the dataset).
const (
	fashionPNG      = "../models/blstm/testdata/t10k/t10k-0000-label9.png"
	fashionPNGLabel = 9
)

func compareBytes(t *testing.T, what string, got, want []byte, tol int) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: Java gave %d bytes, Go %d", what, len(got), len(want))
		return
	}
	maxDiff, n := 0, 0
	for i := range got {
		d := int(got[i]) - int(want[i])
		if d < 0 {
			d = -d
		}
		if d > 0 {
			n++
		}
		maxDiff = max(maxDiff, d)
	}
	if maxDiff > tol {
		t.Errorf("%s: Java and Go differ in %d of %d bytes, by up to %d (tolerance %d)", what, n, len(got), maxDiff, tol)
	} else {
		t.Logf("%s: Java and Go differ in %d of %d bytes (max %d)", what, n, len(got), maxDiff)
	}
}

type jdkInfo struct {
	java, javac        string
	include, includeOS string
	goos, goarch       string // the JVM's platform, as Go spells it
}

// findJDK locates java, javac and the JNI headers: under JAVA_HOME if it is
// set, else from the java and javac in PATH (java.home of the running JVM).
func findJDK(t *testing.T) jdkInfo {
	t.Helper()
	const hint = "TestJVMBinding needs a JDK (17 or later): java, javac and its include/ directory with jni.h. " +
		"Install one (e.g. apt-get install openjdk-17-jdk-headless) or set JAVA_HOME."
	var j jdkInfo
	if home := os.Getenv("JAVA_HOME"); home != "" {
		j.java, j.javac = filepath.Join(home, "bin", "java"), filepath.Join(home, "bin", "javac")
	} else {
		var err error
		if j.java, err = exec.LookPath("java"); err != nil {
			t.Fatalf("java not found in PATH and JAVA_HOME is not set. %s", hint)
		}
		if j.javac, err = exec.LookPath("javac"); err != nil {
			t.Fatalf("javac not found in PATH and JAVA_HOME is not set. %s", hint)
		}
	}
	for _, p := range []string{j.java, j.javac} {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("%v. %s", err, hint)
		}
	}
	out, err := exec.Command(j.java, "-XshowSettings:properties", "-version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s -XshowSettings:properties -version: %v\n%s\n%s", j.java, err, out, hint)
	}
	props := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(line, " = "); ok {
			props[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	switch props["os.name"] {
	case "Linux":
		j.goos = "linux"
	default:
		t.Fatalf("the JVM reports os.name %q; TestJVMBinding builds the JNI library for Linux only", props["os.name"])
	}
	switch props["os.arch"] {
	case "amd64", "x86_64":
		j.goarch = "amd64"
	case "aarch64", "arm64":
		j.goarch = "arm64"
	default:
		t.Fatalf("the JVM reports os.arch %q, which TestJVMBinding does not map to a GOARCH", props["os.arch"])
	}
	var homes []string
	if home := os.Getenv("JAVA_HOME"); home != "" {
		homes = append(homes, home)
	}
	if home := props["java.home"]; home != "" {
		homes = append(homes, home, filepath.Dir(home)) // a JDK 8 java.home is its jre/ directory
	}
	for _, home := range homes {
		inc := filepath.Join(home, "include")
		if _, err := os.Stat(filepath.Join(inc, "jni.h")); err != nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(inc, j.goos, "jni_md.h")); err != nil {
			continue
		}
		j.include, j.includeOS = inc, filepath.Join(inc, j.goos)
		return j
	}
	t.Fatalf("no include/jni.h and include/%s/jni_md.h under %q (JAVA_HOME and the JVM's java.home): a JRE without the JDK headers? %s",
		j.goos, homes, hint)
	return j
}

// adaptGlue copies gobind's generated Go and C glue from src to dst for a
// desktop Linux JVM: the _android files are renamed so that their build
// constraint does not exclude them, Android's liblog is dropped from the
// link, and any go:build line naming android is removed. It fails if the
// generated code no longer looks as expected.
func adaptGlue(t *testing.T, src, dst string) {
	t.Helper()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatalf("gobind output: %v", err)
	}
	renamed := 0
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		name := e.Name()
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		ext := filepath.Ext(name)
		if (ext == ".go" || ext == ".c") && strings.Contains(name, "_android") {
			name = strings.Replace(name, "_android", "_jni", 1)
			renamed++
		}
		if ext == ".go" {
			var lines []string
			for _, line := range strings.Split(string(b), "\n") {
				trimmed := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "//"))
				switch {
				case strings.HasPrefix(trimmed, "#cgo") && strings.Contains(line, "LDFLAGS"):
					line = strings.ReplaceAll(line, "-llog", "")
				case strings.HasPrefix(strings.TrimSpace(line), "//go:build") && strings.Contains(line, "android"):
					continue
				}
				lines = append(lines, line)
			}
			b = []byte(strings.Join(lines, "\n"))
			if bytes.Contains(b, []byte("-llog")) {
				t.Fatalf("gobind output %s still links -llog after adapting it", name)
			}
		}
		writeFile(t, filepath.Join(dst, name), b)
	}
	if renamed == 0 {
		t.Fatalf("gobind wrote no _android .go/.c files in %s: its output changed; adapt adaptGlue", src)
	}
}

func run(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

func goEnv(t *testing.T, goTool, dir, key string) string {
	t.Helper()
	cmd := exec.Command(goTool, "env", key)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go env %s: %v", key, err)
	}
	return strings.TrimSpace(string(out))
}

// withEnv returns env with the given KEY=value entries replacing any
// earlier ones.
func withEnv(env []string, kv ...string) []string {
	out := make([]string, 0, len(env)+len(kv))
	for _, e := range env {
		k, _, _ := strings.Cut(e, "=")
		keep := true
		for _, s := range kv {
			if k2, _, _ := strings.Cut(s, "="); k2 == k {
				keep = false
			}
		}
		if keep {
			out = append(out, e)
		}
	}
	return append(out, kv...)
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// parseKV reads BindingCheck's key=value lines (the value runs to the end of
// the line); a bare OK line becomes OK=true.
func parseKV(s string) map[string]string {
	m := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		line := sc.Text()
		if line == "OK" {
			m["OK"] = "true"
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.Contains(k, " ") {
			continue
		}
		m[k] = v
	}
	return m
}

func atoi(t *testing.T, m map[string]string, key string) int64 {
	t.Helper()
	v, err := strconv.ParseInt(m[key], 10, 64)
	if err != nil {
		t.Fatalf("BindingCheck printed no integer %s (%q)", key, m[key])
	}
	return v
}

func decodePNG(t testing.TB, path string) *image.RGBA {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	dst := image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
	draw.Draw(dst, dst.Rect, img, img.Bounds().Min, draw.Src)
	return dst
}
