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

// TestThreeTwo checks the macro names, instruction texts and encodings of
// the two helpers, by hand (ADD V1.8H, V2.8H, V3.8H is 0x4E638441) and,
// when llvm-mc is installed, against it.
func TestThreeTwo(t *testing.T) {
	f := New("test", "")
	if got := f.Three("add", "8h", 0x4E608400, 1, 2, 3); got != "ADD_8H_V1_V2_V3" {
		t.Fatalf("Three: %q", got)
	}
	if got := f.Two("SXTL_8H", "sshll v%d.8h, v%d.8b, #0", 0x0F08A400, 4, 5); got != "SXTL_8H_V4_V5" {
		t.Fatalf("Two: %q", got)
	}
	want := []Macro{
		{"ADD_8H_V1_V2_V3", "add v1.8h, v2.8h, v3.8h", 0x4E638441},
		{"SXTL_8H_V4_V5", "sshll v4.8h, v5.8b, #0", 0x0F08A4A4},
	}
	for i, m := range want {
		if f.Macros[i] != m {
			t.Errorf("macro %d: %+v, want %+v", i, f.Macros[i], m)
		}
	}
	if _, err := exec.LookPath("llvm-mc"); err == nil {
		if err := f.Check(); err != nil {
			t.Fatal(err)
		}
	}
}
