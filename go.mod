module github.com/octet-ml/octet

go 1.26.8

require (
	github.com/google/flatbuffers v25.12.19+incompatible // indirect
	golang.org/x/image v0.47.0 // indirect
)
