//go:build !purego

package asm

const isPurego = false
