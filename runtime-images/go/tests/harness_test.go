// Package tests holds the Go runtime's own tests. They build functions with
// the install and compile commands of ../runtime.json, start the real
// binary as the platform would, and check the function contract over HTTP.
package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// descriptor is the part of runtime.json the tests use.
type descriptor struct {
	Interpreter struct {
		Candidates     []string `json:"candidates"`
		VersionCommand []string `json:"versionCommand"`
	} `json:"interpreter"`
	DepsFile string            `json:"depsFile"`
	Install  []string          `json:"install"`
	Compile  []string          `json:"compile"`
	Start    []string          `json:"start"`
	Env      map[string]string `json:"env"`
	BuildEnv map[string]string `json:"buildEnv"`
}

var (
	runtimeDir  string
	runtimeJSON descriptor
	interpreter string
	cacheDir    string // shared by every build, as the platform shares it per runtime
	scratchDir  string // builds shared between tests
)

func TestMain(m *testing.M) {
	if err := setUp(); err != nil {
		fmt.Fprintln(os.Stderr, "setup:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(scratchDir)
	os.Exit(code)
}

func setUp() error {
	var err error
	if runtimeDir, err = filepath.Abs(".."); err != nil {
		return err
	}
	data, err := os.ReadFile(filepath.Join(runtimeDir, "runtime.json"))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, &runtimeJSON); err != nil {
		return err
	}
	if interpreter, err = findInterpreter(); err != nil {
		return err
	}
	if scratchDir, err = os.MkdirTemp("", "nubo-go-tests-"); err != nil {
		return err
	}
	cacheDir = os.Getenv("NUBO_GO_TEST_CACHE")
	if cacheDir == "" {
		cacheDir = filepath.Join(scratchDir, "cache")
	}
	return os.MkdirAll(cacheDir, 0o755)
}

// findInterpreter picks the first candidate whose version command works,
// as the platform's RuntimeDetector does.
func findInterpreter() (string, error) {
	for _, candidate := range runtimeJSON.Interpreter.Candidates {
		path, err := exec.LookPath(candidate)
		if err != nil {
			continue
		}
		args := expand(runtimeJSON.Interpreter.VersionCommand, map[string]string{"interpreter": path})
		if exec.Command(args[0], args[1:]...).Run() == nil {
			return path, nil
		}
	}
	return "", fmt.Errorf("no Go found among %v", runtimeJSON.Interpreter.Candidates)
}

var placeholder = regexp.MustCompile(`\{([a-zA-Z]+)\}`)

// expand replaces {name} placeholders; an unknown one is a test bug.
func expand(templates []string, values map[string]string) []string {
	out := make([]string, len(templates))
	for i, template := range templates {
		out[i] = placeholder.ReplaceAllStringFunc(template, func(match string) string {
			value, ok := values[match[1:len(match)-1]]
			if !ok {
				panic("unknown placeholder " + match)
			}
			return value
		})
	}
	return out
}

// built is a function after install and compile.
type built struct {
	codeDir, depsDir, buildDir string
	output                     string // what install and compile printed
	elapsed                    time.Duration
}

func (b built) values() map[string]string {
	return map[string]string{
		"interpreter": interpreter, "runtimeDir": runtimeDir, "codeDir": b.codeDir,
		"depsDir": b.depsDir, "buildDir": b.buildDir, "cacheDir": cacheDir, "javaHome": "",
	}
}

// baseEnv is the clean environment every command of the platform gets.
func baseEnv() []string {
	return []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + filepath.Join(cacheDir, "home"), "LANG=C.UTF-8"}
}

func (b built) buildEnv(extra []string) []string {
	env := baseEnv()
	for name, value := range runtimeJSON.BuildEnv {
		env = append(env, name+"="+expand([]string{value}, b.values())[0])
	}
	return append(env, extra...)
}

// build runs install (when deps is not empty) and compile as the platform
// does, in fresh dirs under parent. extraEnv is added to the build environment.
func build(parent, codeDir, deps string, extraEnv ...string) (built, error) {
	b := built{codeDir: codeDir, depsDir: filepath.Join(parent, "deps"), buildDir: filepath.Join(parent, "build")}
	for _, dir := range []string{b.depsDir, b.buildDir} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return b, err
		}
	}
	start := time.Now()
	if deps != "" {
		if err := os.WriteFile(filepath.Join(b.depsDir, runtimeJSON.DepsFile), []byte(deps), 0o644); err != nil {
			return b, err
		}
		if err := b.run(runtimeJSON.Install, b.depsDir, extraEnv); err != nil {
			return b, fmt.Errorf("install: %v", err)
		}
	}
	if err := b.run(runtimeJSON.Compile, b.buildDir, extraEnv); err != nil {
		return b, fmt.Errorf("compile: %v", err)
	}
	b.elapsed = time.Since(start)
	return b, nil
}

func (b *built) run(template []string, dir string, extraEnv []string) error {
	args := expand(template, b.values())
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = b.buildEnv(extraEnv)
	out, err := cmd.CombinedOutput()
	b.output += string(out)
	if err != nil {
		return fmt.Errorf("%v\n%s", err, out)
	}
	return nil
}

// mustBuild builds in a test's own temp dir.
func mustBuild(t *testing.T, codeDir, deps string) built {
	t.Helper()
	b, err := build(t.TempDir(), codeDir, deps)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var (
	contractOnce  sync.Once
	contractBuild built
	contractErr   error
)

// contractFunction is testdata/functions/contract, built once for all tests.
func contractFunction(t *testing.T) built {
	t.Helper()
	contractOnce.Do(func() {
		contractBuild, contractErr = build(filepath.Join(scratchDir, "contract"), testdata("functions/contract"), "")
	})
	if contractErr != nil {
		t.Fatal(contractErr)
	}
	return contractBuild
}

func testdata(path string) string {
	abs, err := filepath.Abs(filepath.Join("testdata", path))
	if err != nil {
		panic(err)
	}
	return abs
}

// process is a running runtime server.
type process struct {
	cmd     *exec.Cmd
	url     string
	stdout  *syncBuffer
	stderr  *syncBuffer
	exited  chan struct{}
	waitErr error
}

// start runs the start command of runtime.json (working dir: the code) with
// the contract's variables plus env, and waits until it answers /healthz.
func start(t *testing.T, b built, env ...string) *process {
	t.Helper()
	port := freePort(t)
	args := expand(runtimeJSON.Start, b.values())
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = b.codeDir
	cmd.Env = append(baseEnv(), "FUNC_PORT="+port, "FUNC_HOST=127.0.0.1", "KUBELESS_INSTALL_VOLUME="+b.codeDir)
	for name, value := range runtimeJSON.Env {
		cmd.Env = append(cmd.Env, name+"="+expand([]string{value}, b.values())[0])
	}
	cmd.Env = append(cmd.Env, env...)
	p := &process{cmd: cmd, url: "http://127.0.0.1:" + port, stdout: &syncBuffer{}, stderr: &syncBuffer{}, exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.waitErr = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(p.kill)
	p.waitAnswering(t)
	return p
}

func (p *process) kill() {
	select {
	case <-p.exited:
	default:
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// waitAnswering polls /healthz until the server answers at all.
func (p *process) waitAnswering(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-p.exited:
			t.Fatalf("server exited: %v\nstdout:\n%s\nstderr:\n%s", p.waitErr, p.stdout, p.stderr)
		default:
		}
		if resp, err := http.Get(p.url + "/healthz"); err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("server did not answer within 15s\nstderr:\n%s", p.stderr)
}

func freePort(t *testing.T) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()
	return fmt.Sprint(listener.Addr().(*net.TCPAddr).Port)
}

// syncBuffer collects a process's output while tests read it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// response is what a test looks at.
type response struct {
	status int
	header http.Header
	body   string
}

var client = &http.Client{
	Timeout:   60 * time.Second,
	Transport: &http.Transport{MaxIdleConnsPerHost: 100},
}

// call sends one request; headers come in name, value pairs.
func (p *process) call(t *testing.T, method, path string, body io.Reader, headers ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, p.url+path, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: string(data)}
}

func (p *process) get(t *testing.T, path string) response {
	t.Helper()
	return p.call(t, http.MethodGet, path, nil)
}

func (p *process) postJSON(t *testing.T, path, body string, headers ...string) response {
	t.Helper()
	return p.call(t, http.MethodPost, path, strings.NewReader(body), append([]string{"Content-Type", "application/json"}, headers...)...)
}

// expect checks status, body and, when given, the Content-Type.
func expect(t *testing.T, got response, status int, body, contentType string) {
	t.Helper()
	if got.status != status || got.body != body {
		t.Fatalf("got %d %q, want %d %q", got.status, got.body, status, body)
	}
	if contentType != "" && got.header.Get("Content-Type") != contentType {
		t.Fatalf("Content-Type %q, want %q", got.header.Get("Content-Type"), contentType)
	}
}

// eventually polls check until it returns "" or the deadline passes.
func eventually(t *testing.T, within time.Duration, check func() string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		problem := check()
		if problem == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still after %s: %s", within, problem)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func decodeObject(t *testing.T, body string) map[string]interface{} {
	t.Helper()
	var out map[string]interface{}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatalf("not a JSON object: %q: %v", body, err)
	}
	return out
}
