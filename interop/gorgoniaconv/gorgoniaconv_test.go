package gorgoniaconv

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/octet-ml/octet/tensor"
	gt "gorgonia.org/tensor"
)

func TestRoundTrip(t *testing.T) {
	x := tensor.FromF32(tensor.Shape{2, 3}, []float32{1, 2, 3, 4, 5, -6.5})
	d, err := ToDense(x)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Shape().Eq(gt.Shape{2, 3}) || d.Dtype() != gt.Float32 {
		t.Fatalf("Dense %v %v", d.Shape(), d.Dtype())
	}
	if v, _ := d.At(1, 2); v.(float32) != -6.5 {
		t.Fatalf("At(1,2) = %v", v)
	}
	x.F32()[0] = 100 // ToDense copies
	if v, _ := d.At(0, 0); v.(float32) != 1 {
		t.Fatal("ToDense shares storage")
	}
	y, err := FromDense(d)
	if err != nil {
		t.Fatal(err)
	}
	if !y.Shape.Equal(tensor.Shape{2, 3}) || y.DType != tensor.Float32 || y.F32()[5] != -6.5 || y.F32()[0] != 1 {
		t.Fatalf("FromDense: %v %v", y, y.F32())
	}
	f, err := F32(d)
	if err != nil || len(f) != 6 || f[1] != 2 {
		t.Fatalf("F32: %v %v", f, err)
	}
}

func TestIntegerAndScalar(t *testing.T) {
	x := tensor.New(tensor.Int32, tensor.Shape{3})
	copy(x.I32(), []int32{7, -8, 9})
	d, err := ToDense(x)
	if err != nil {
		t.Fatal(err)
	}
	if d.Dtype() != gt.Int32 || d.Data().([]int32)[1] != -8 {
		t.Fatalf("int32 Dense: %v", d.Data())
	}
	s := tensor.FromF32(tensor.Shape{}, []float32{3.5})
	ds, err := ToDense(s)
	if err != nil {
		t.Fatal(err)
	}
	if !ds.IsScalar() || ds.ScalarValue().(float32) != 3.5 {
		t.Fatalf("scalar Dense: shape %v value %v", ds.Shape(), ds.Data())
	}
	back, err := FromDense(ds)
	if err != nil || len(back.Shape) != 0 || back.F32()[0] != 3.5 {
		t.Fatalf("scalar back: %v %v", back, err)
	}
	if _, err := ToDense(tensor.New(tensor.Float16, tensor.Shape{2})); err == nil {
		t.Error("float16 converted")
	}
	if _, err := FromDense(gt.New(gt.WithShape(2), gt.WithBacking([]float64{1, 2}))); err == nil {
		t.Error("float64 converted")
	}
}

func TestViewsAreMaterialised(t *testing.T) {
	d := gt.New(gt.WithShape(3, 4), gt.WithBacking([]float32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}))
	v, err := d.Slice(nil, gt.S(1, 3)) // columns 1 and 2: a strided view
	if err != nil {
		t.Fatal(err)
	}
	y, err := FromDense(v.(*gt.Dense))
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{1, 2, 5, 6, 9, 10}
	if !y.Shape.Equal(tensor.Shape{3, 2}) {
		t.Fatalf("shape %v", y.Shape)
	}
	for i, w := range want {
		if y.F32()[i] != w {
			t.Fatalf("view = %v, want %v", y.F32(), want)
		}
	}
	if _, err := F32(v.(*gt.Dense)); err == nil {
		t.Error("F32 of a view did not fail")
	}
	tr := d.Clone().(*gt.Dense)
	if err := tr.T(); err != nil {
		t.Fatal(err)
	}
	y, err = FromDense(tr)
	if err != nil {
		t.Fatal(err)
	}
	if !y.Shape.Equal(tensor.Shape{4, 3}) || y.F32()[1] != 4 || y.F32()[3] != 1 {
		t.Fatalf("transposed: %v %v", y.Shape, y.F32())
	}
}

// TestNoGorgoniaInLibrary checks that gorgonia (and the unsafe GC
// assumption it needs) stays out of the import graph of every package of
// the module but this one and cmd/octet-train.
func TestNoGorgoniaInLibrary(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	cmd := exec.Command(goBin, "list", "-e", "-deps", "-f", "{{.ImportPath}}", "./mobile/...", "./models/...", ".")
	cmd.Dir = "../.."
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	pkgs := strings.Fields(string(out))
	if len(pkgs) < 5 {
		t.Fatalf("go list found only %v", pkgs)
	}
	for _, p := range pkgs {
		if strings.Contains(p, "gorgonia") || strings.HasPrefix(p, "go4.org/unsafe") {
			t.Errorf("library import graph (mobile, models, octet) contains %s", p)
		}
	}
	// Every other package of the module too: only the trainer and this
	// interop package may import gorgonia.
	cmd = exec.Command(goBin, "list", "-e", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", "./...")
	cmd.Dir = "../.."
	out, err = cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	const mod = "github.com/octet-ml/octet/"
	allowed := map[string]bool{mod + "cmd/octet-train": true, mod + "interop/gorgoniaconv": true}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || allowed[f[0]] {
			continue
		}
		for _, dep := range f[1:] {
			if strings.HasPrefix(dep, "gorgonia.org/") || strings.HasPrefix(dep, "go4.org/unsafe") {
				t.Errorf("%s depends on %s", f[0], dep)
				break
			}
		}
	}
}
