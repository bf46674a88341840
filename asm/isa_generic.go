//go:build purego || !(amd64 || arm64)

package asm

func detect() ISA { return Generic }

func detectVBMI() bool { return false }
