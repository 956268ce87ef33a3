// Command builder is the install and compile step of the Nubo Go runtime
// (see runtime.json). It is run with `go run` and uses the standard library
// only, as it must work without a module proxy.
//
//	builder download -go GO -runtime DIR -code DIR -deps DIR
//	    (install) fetches the modules the function's go.mod requires into
//	    GOMODCACHE and leaves their checksums in DIR/go.sum of -deps.
//	builder build -go GO -runtime DIR -code DIR -deps DIR -o FILE
//	    (compile) compiles the function together with the runtime server
//	    into one binary. The sources are assembled in ./src.
//
// Network steps stop after NUBO_GO_FETCH_TIMEOUT (default 50s) so an
// unreachable module proxy fails the build instead of hanging it.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"
)

const (
	functionsImport     = "github.com/kubeless/kubeless/pkg/functions"
	functionsModule     = "github.com/kubeless/kubeless"
	defaultModulePath   = "function"
	serverDir           = "nuboserver"
	defaultFetchTimeout = 50 * time.Second
)

// options are the command-line flags; paths are absolute.
type options struct {
	goBin, runtimeDir, codeDir, depsDir, output string
	fetchTimeout                                time.Duration
}

func main() {
	if len(os.Args) < 2 {
		fail(errors.New("usage: builder download|build [flags]"))
	}
	opts, err := parseOptions(os.Args[1], os.Args[2:])
	if err != nil {
		fail(err)
	}
	switch os.Args[1] {
	case "download":
		err = download(opts)
	case "build":
		err = buildServer(opts)
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "nubo go build:", err)
	os.Exit(1)
}

func parseOptions(command string, args []string) (options, error) {
	var opts options
	flags := flag.NewFlagSet(command, flag.ContinueOnError)
	flags.StringVar(&opts.goBin, "go", "go", "the go command")
	flags.StringVar(&opts.runtimeDir, "runtime", "", "the runtime folder (server/, kubeless-functions/)")
	flags.StringVar(&opts.codeDir, "code", "", "the function's source")
	flags.StringVar(&opts.depsDir, "deps", "", "the folder holding the function's go.mod, if any")
	flags.StringVar(&opts.output, "o", "server", "the binary to write (build)")
	if err := flags.Parse(args); err != nil {
		return opts, err
	}
	if opts.runtimeDir == "" || opts.codeDir == "" {
		return opts, errors.New("-runtime and -code are required")
	}
	for _, path := range []*string{&opts.runtimeDir, &opts.codeDir, &opts.depsDir, &opts.output} {
		if *path != "" {
			abs, err := filepath.Abs(*path)
			if err != nil {
				return opts, err
			}
			*path = abs
		}
	}
	timeout, err := fetchTimeout()
	opts.fetchTimeout = timeout
	return opts, err
}

func fetchTimeout() (time.Duration, error) {
	text := os.Getenv("NUBO_GO_FETCH_TIMEOUT")
	if text == "" {
		return defaultFetchTimeout, nil
	}
	timeout, err := time.ParseDuration(text)
	if err != nil || timeout <= 0 {
		return 0, fmt.Errorf("NUBO_GO_FETCH_TIMEOUT=%q is not a positive duration such as 50s", text)
	}
	return timeout, nil
}

// download fetches the requirements of the function's go.mod (install step).
func download(opts options) error {
	dir, err := os.MkdirTemp("", "nubo-go-deps-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := writeGoMod(dir, opts); err != nil {
		return err
	}
	if err := opts.runGo(dir, opts.fetchTimeout, nil, "mod", "download", "all"); err != nil {
		return err
	}
	return copyIfExists(filepath.Join(dir, "go.sum"), filepath.Join(opts.depsDir, "go.sum"))
}

// buildServer assembles ./src (the function at the module root, the server
// in ./src/nuboserver with a generated list of handlers) and builds it.
func buildServer(opts options) error {
	src, err := filepath.Abs("src")
	if err != nil {
		return err
	}
	if err := os.RemoveAll(src); err != nil {
		return err
	}
	if err := copyTree(opts.codeDir, src); err != nil {
		return fmt.Errorf("cannot copy the function's source: %v", err)
	}
	if _, err := os.Stat(filepath.Join(src, serverDir)); err == nil {
		return fmt.Errorf("the function's source must not contain a folder named %s", serverDir)
	}
	pkg, err := findHandlers(src)
	if err != nil {
		return err
	}
	if err := writeGoMod(src, opts); err != nil {
		return err
	}
	if err := writeServer(src, opts.runtimeDir, pkg); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "nubo go build: handlers %s\n", strings.Join(pkg.describe(), ", "))
	return compile(src, opts)
}

// compile resolves the module graph (the only step that may need the
// network, so it gets the fetch timeout), then builds offline.
func compile(src string, opts options) error {
	pkgPath := "./" + serverDir
	if err := opts.runGo(src, opts.fetchTimeout, nil, "list", "-mod=mod", "-deps", pkgPath); err != nil {
		return err
	}
	offline := []string{"GOPROXY=off"}
	return opts.runGo(src, 0, offline, "build", "-mod=mod", "-trimpath", "-ldflags=-s -w", "-o", opts.output, pkgPath)
}

// runGo runs the go command in dir. With a timeout, go runs in its own
// process group, killed whole (go may run git) when the time is up.
func (opts options) runGo(dir string, timeout time.Duration, env []string, args ...string) error {
	cmd := exec.Command(opts.goBin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout = io.Discard
	cmd.Stderr = os.Stderr
	if timeout > 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	var timer *time.Timer
	if timeout > 0 {
		timer = time.AfterFunc(timeout, func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	}
	err := cmd.Wait()
	if timer != nil && !timer.Stop() {
		return fmt.Errorf("%s did not finish within %s: is the module proxy reachable (GOPROXY=%s)?",
			commandName(args), timeout, goProxy())
	}
	if err != nil {
		return fmt.Errorf("%s failed (%v)", commandName(args), err)
	}
	return nil
}

// commandName is "go build", "go mod download"…
func commandName(args []string) string {
	name := "go " + args[0]
	if args[0] == "mod" && len(args) > 1 {
		name += " " + args[1]
	}
	return name
}

func goProxy() string {
	if proxy := os.Getenv("GOPROXY"); proxy != "" {
		return proxy
	}
	return "https://proxy.golang.org,direct"
}

// --- the function's package ---

// handlerDecl is one function in the code that the server can call.
type handlerDecl struct {
	name  string
	shape string // "kubeless": (string, error); "nubo": (interface{}, error)
}

type functionPackage struct {
	name     string
	handlers []handlerDecl
}

func (p functionPackage) describe() []string {
	var out []string
	for _, h := range p.handlers {
		out = append(out, h.name+" ("+h.shape+")")
	}
	return out
}

// findHandlers parses the package at dir and lists its handlers: exported
// funcs taking (functions.Event, functions.Context).
func findHandlers(dir string) (functionPackage, error) {
	ctx := build.Default
	ctx.CgoEnabled = os.Getenv("CGO_ENABLED") != "0"
	info, err := ctx.ImportDir(dir, 0)
	if err != nil {
		return functionPackage{}, fmt.Errorf("no Go package in the function's source: %v", err)
	}
	if info.Name == "main" {
		return functionPackage{}, errors.New("the function's package is main: name it otherwise, e.g. package kubeless")
	}
	pkg := functionPackage{name: info.Name}
	fset := token.NewFileSet()
	for _, name := range append(info.GoFiles, info.CgoFiles...) {
		file, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return pkg, err
		}
		pkg.handlers = append(pkg.handlers, handlersIn(file)...)
	}
	if len(pkg.handlers) == 0 {
		return pkg, errors.New("no handler found: a handler is an exported " +
			"func(functions.Event, functions.Context) returning (string, error) or (interface{}, error), " +
			"with functions imported from " + functionsImport)
	}
	sort.Slice(pkg.handlers, func(i, j int) bool { return pkg.handlers[i].name < pkg.handlers[j].name })
	return pkg, nil
}

func handlersIn(file *ast.File) []handlerDecl {
	alias := functionsAlias(file)
	if alias == "" {
		return nil
	}
	var found []handlerDecl
	for _, decl := range file.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || !fd.Name.IsExported() || fd.Type.TypeParams != nil {
			continue
		}
		if shape := handlerShape(fd.Type, alias); shape != "" {
			found = append(found, handlerDecl{name: fd.Name.Name, shape: shape})
		}
	}
	return found
}

// functionsAlias is the name the file uses for the functions package.
func functionsAlias(file *ast.File) string {
	for _, spec := range file.Imports {
		if strings.Trim(spec.Path.Value, "\"`") != functionsImport {
			continue
		}
		if spec.Name != nil {
			return spec.Name.Name
		}
		return "functions"
	}
	return ""
}

func handlerShape(fn *ast.FuncType, alias string) string {
	params, results := fieldTypes(fn.Params), fieldTypes(fn.Results)
	if len(params) != 2 || !isSelector(params[0], alias, "Event") || !isSelector(params[1], alias, "Context") {
		return ""
	}
	if len(results) != 2 || !isIdent(results[1], "error") {
		return ""
	}
	switch {
	case isIdent(results[0], "string"):
		return "kubeless"
	case isIdent(results[0], "any") || isEmptyInterface(results[0]):
		return "nubo"
	}
	return ""
}

// fieldTypes lists one type per parameter: (a, b T) gives T twice.
func fieldTypes(fields *ast.FieldList) []ast.Expr {
	if fields == nil {
		return nil
	}
	var types []ast.Expr
	for _, field := range fields.List {
		for n := 0; n < len(field.Names) || (n == 0 && len(field.Names) == 0); n++ {
			types = append(types, field.Type)
		}
	}
	return types
}

func isSelector(expr ast.Expr, pkg, name string) bool {
	sel, ok := expr.(*ast.SelectorExpr)
	return ok && isIdent(sel.X, pkg) && sel.Sel.Name == name
}

func isIdent(expr ast.Expr, name string) bool {
	ident, ok := expr.(*ast.Ident)
	return ok && ident.Name == name
}

func isEmptyInterface(expr ast.Expr) bool {
	iface, ok := expr.(*ast.InterfaceType)
	return ok && len(iface.Methods.List) == 0
}

// --- go.mod ---

// goModInfo is the part of `go mod edit -json` the builder reads.
type goModInfo struct {
	Module  struct{ Path string }
	Go      string
	Replace []struct {
		Old struct{ Path, Version string }
		New struct{ Path, Version string }
	}
}

// writeGoMod writes dir/go.mod from the function's go.mod (the deps folder's
// first, else the code's, else an empty one), adds the functions module,
// makes relative replace paths absolute (relative to the code) and copies
// go.sum.
func writeGoMod(dir string, opts options) error {
	data := []byte("module " + defaultModulePath + "\n")
	if found := firstExisting(opts.depsDir, opts.codeDir, "go.mod"); found != "" {
		var err error
		if data, err = os.ReadFile(found); err != nil {
			return err
		}
	}
	goMod := filepath.Join(dir, "go.mod")
	if err := os.WriteFile(goMod, data, 0o644); err != nil {
		return err
	}
	var info goModInfo
	if err := opts.goJSON(dir, &info, "mod", "edit", "-json"); err != nil {
		return fmt.Errorf("the function's go.mod is invalid: %v", err)
	}
	edits := goModEdits(info, opts)
	if err := opts.runGo(dir, 0, nil, append([]string{"mod", "edit"}, edits...)...); err != nil {
		return err
	}
	if found := firstExisting(opts.depsDir, opts.codeDir, "go.sum"); found != "" {
		return copyFile(found, filepath.Join(dir, "go.sum"))
	}
	return nil
}

func goModEdits(info goModInfo, opts options) []string {
	var edits []string
	if info.Module.Path == "" {
		edits = append(edits, "-module="+defaultModulePath)
	}
	if info.Go == "" {
		edits = append(edits, "-go="+toolchainVersion())
	}
	for _, r := range info.Replace {
		if r.New.Version == "" && !filepath.IsAbs(r.New.Path) {
			old := r.Old.Path
			if r.Old.Version != "" {
				old += "@" + r.Old.Version
			}
			edits = append(edits, "-replace="+old+"="+filepath.Join(opts.codeDir, r.New.Path))
		}
	}
	return append(edits,
		"-require="+functionsModule+"@v0.0.0",
		"-replace="+functionsModule+"="+filepath.Join(opts.runtimeDir, "kubeless-functions"))
}

// toolchainVersion is the Go version the builder was built with, e.g. 1.19.
func toolchainVersion() string {
	parts := strings.SplitN(strings.TrimPrefix(runtime.Version(), "go"), ".", 3)
	if len(parts) < 2 {
		return "1.19"
	}
	return parts[0] + "." + parts[1]
}

func (opts options) goJSON(dir string, into interface{}, args ...string) error {
	cmd := exec.Command(opts.goBin, args...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return err
	}
	return json.Unmarshal(out, into)
}

// --- the server ---

// writeServer copies the server into src/nuboserver and generates the file
// that registers the function's handlers.
func writeServer(src, runtimeDir string, pkg functionPackage) error {
	dest := filepath.Join(src, serverDir)
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(runtimeDir, "server", "*.go"))
	if err != nil {
		return err
	}
	for _, file := range files {
		if !strings.HasSuffix(file, "_test.go") {
			if err := copyFile(file, filepath.Join(dest, filepath.Base(file))); err != nil {
				return err
			}
		}
	}
	modulePath, err := modulePathOf(src)
	if err != nil {
		return err
	}
	code, err := registrations(modulePath, pkg)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dest, "handlers_gen.go"), code, 0o644)
}

func modulePathOf(dir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) >= 2 && fields[0] == "module" {
			return strings.Trim(fields[1], "\"`"), nil
		}
	}
	return "", errors.New("go.mod has no module line")
}

func registrations(modulePath string, pkg functionPackage) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by the Nubo Go runtime builder. DO NOT EDIT.\n\n")
	b.WriteString("package main\n\n")
	fmt.Fprintf(&b, "import userfn %q\n\n", modulePath)
	b.WriteString("func init() {\n")
	for _, h := range pkg.handlers {
		register := map[string]string{"kubeless": "registerKubeless", "nubo": "registerNubo"}[h.shape]
		fmt.Fprintf(&b, "\t%s(%q, userfn.%s)\n", register, h.name, h.name)
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

// --- files ---

func firstExisting(dirA, dirB, name string) string {
	for _, dir := range []string{dirA, dirB} {
		if dir == "" {
			continue
		}
		path := filepath.Join(dir, name)
		if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
			return path
		}
	}
	return ""
}

// copyTree copies the function's files, leaving out its go.mod and go.sum
// (they are rewritten) and anything that is neither a file nor a folder.
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(path string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		target := filepath.Join(to, rel)
		switch {
		case entry.IsDir():
			return os.MkdirAll(target, 0o755)
		case rel == "go.mod" || rel == "go.sum" || !entry.Type().IsRegular():
			return nil
		}
		return copyFile(path, target)
	})
}

func copyIfExists(from, to string) error {
	if _, err := os.Stat(from); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return copyFile(from, to)
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}
