package mobile_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestAndroidBinarySize runs scripts/check-mobile-size.sh: a stripped
// android/arm64 program linking package mobile stays within 6 MiB, and
// package mobile imports nothing from gorgonia.org/.
func TestAndroidBinarySize(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatalf("bash is needed to run scripts/check-mobile-size.sh: %v", err)
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is not in PATH: %v", err)
	}
	script, err := filepath.Abs(filepath.Join("..", "scripts", "check-mobile-size.sh"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bash, script)
	cmd.Env = append(os.Environ(), "GO="+goTool)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("%s: %v", script, err)
	}
}
