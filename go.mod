module github.com/octet-ml/octet

go 1.26.8

require (
	github.com/google/flatbuffers v25.12.19+incompatible
	github.com/klauspost/cpuid/v2 v2.4.2
	golang.org/x/image v0.47.0
)

require golang.org/x/sys v0.49.0 // indirect
