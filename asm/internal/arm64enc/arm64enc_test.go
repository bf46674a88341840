package arm64enc

import (
	"os/exec"
	"testing"
)

// TestCheck confirms a known encoding with llvm-mc and that a wrong one is
// caught (skipped when llvm-mc is not installed; CI's deps install it).
func TestCheck(t *testing.T) {
	if _, err := exec.LookPath("llvm-mc"); err != nil {
		t.Skip("llvm-mc not installed")
	}
	f := New("test", "+dotprod")
	f.Def("SDOT_V0_V1_V2_0", "sdot v0.4s, v1.16b, v2.4b[0]", Reg3(0x4F80E000, 0, 1, 2))
	if err := f.Check(); err != nil {
		t.Fatal(err)
	}
	f.Def("ADD_BAD", "add v0.4s, v1.4s, v2.4s", Reg3(0x4EA08400, 0, 1, 3))
	if err := f.Check(); err == nil {
		t.Fatal("a wrong encoding passed the check")
	}
}
