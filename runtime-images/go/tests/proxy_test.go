package tests

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDependencyFromAModuleProxy serves a module from a file:// GOPROXY:
// install downloads it, and a second build of the same deps works with no
// proxy at all, from the module cache install filled.
func TestDependencyFromAModuleProxy(t *testing.T) {
	proxy := moduleProxy(t, "example.com/greeter", "v1.2.0", map[string]string{
		"greeter.go": "package greeter\n\n// Hello greets.\nfunc Hello(name string) string { return \"hello from the proxy, \" + name }\n",
	})
	deps := "module function\n\ngo 1.19\n\nrequire example.com/greeter v1.2.0\n"
	b, err := build(t.TempDir(), testdata("functions/withproxydep"), deps, "GOPROXY=file://"+proxy, "GOSUMDB=off")
	if err != nil {
		t.Fatal(err)
	}
	sums, err := os.ReadFile(filepath.Join(b.depsDir, "go.sum"))
	if err != nil || !strings.Contains(string(sums), "example.com/greeter v1.2.0 h1:") {
		t.Fatalf("install left no checksum in the deps dir: %v %q", err, sums)
	}
	p := start(t, b, "MOD_NAME=withproxydep", "FUNC_HANDLER=Greet")
	expect(t, p.call(t, "POST", "/", strings.NewReader("ann")), 200, `{"greeting":"hello from the proxy, ann"}`, "application/json")

	offline, err := build(t.TempDir(), testdata("functions/withproxydep"), deps, "GOPROXY=off", "GOSUMDB=off")
	if err != nil {
		t.Fatalf("rebuild from the module cache: %v", err)
	}
	p = start(t, offline, "MOD_NAME=withproxydep", "FUNC_HANDLER=Greet")
	expect(t, p.call(t, "POST", "/", strings.NewReader("bo")), 200, `{"greeting":"hello from the proxy, bo"}`, "application/json")
}

// moduleProxy lays out one module version in the GOPROXY file protocol.
func moduleProxy(t *testing.T, module, version string, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, module, "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	goMod := "module " + module + "\n\ngo 1.19\n"
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("list", version+"\n")
	write(version+".info", `{"Version":"`+version+`","Time":"2024-01-01T00:00:00Z"}`)
	write(version+".mod", goMod)
	archive, err := os.Create(filepath.Join(dir, version+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(archive)
	files["go.mod"] = goMod
	for name, content := range files {
		w, err := zw.Create(module + "@" + version + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := archive.Close(); err != nil {
		t.Fatal(err)
	}
	return root
}
