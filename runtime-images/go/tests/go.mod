module nubo.dev/runtime-go/tests

go 1.19
