module wasmverify.dev/samples

go 1.24
