//go:build purego

package asm

const isPurego = true
