package tests

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestKubelessExampleCompilesUnchanged(t *testing.T) {
	// helloget.go from the Kubeless examples, with no go.mod and then with a
	// Kubeless-era go.mod (go 1.14: the server must compile at that language version).
	for _, deps := range []string{"", "module function\n\ngo 1.14\n"} {
		b := mustBuild(t, testdata("functions/kubeless-hello"), deps)
		p := start(t, b, "MOD_NAME=helloget", "FUNC_HANDLER=Foo")
		expect(t, p.get(t, "/"), 200, "Hello world!", textPlain)
		expect(t, p.call(t, "POST", "/any", strings.NewReader(`{"a":1}`), "Content-Type", "application/json"), 200, "Hello world!", textPlain)
	}
}

func TestKubelessFunctionUsesRequestResponseAndContext(t *testing.T) {
	b := mustBuild(t, testdata("functions/kubeless-extensions"), "")
	p := start(t, b, "MOD_NAME=hellowithdata", "FUNC_HANDLER=Handler", "FUNC_TIMEOUT=12")
	expect(t, p.call(t, "PUT", "/items", strings.NewReader(`{"raw": true}`), "Content-Type", "application/json"),
		200, `PUT /items data={"raw": true} timeout=12 deadline=true`, textPlain)
	expect(t, p.call(t, "POST", "/?write=1", strings.NewReader("bold")), 202, "<b>bold</b>", "text/html")
	expect(t, p.call(t, "GET", "/?fail=1", nil, "event-id", "ev-9"), 500, "Error: failed on purpose for ev-9", textPlain)
}

func TestLocalPathDependency(t *testing.T) {
	deps := "module function\n\ngo 1.19\n\nrequire example.com/mylib v0.0.0\n\nreplace example.com/mylib => " +
		testdata("mylib") + "\n"
	b := mustBuild(t, testdata("functions/withlib"), deps)
	p := start(t, b, "MOD_NAME=withlib", "FUNC_HANDLER=Greet")
	expect(t, p.call(t, "POST", "/", strings.NewReader("bob")), 200, "greetings, bob", textPlain)
}

func TestRelativeReplaceIsRelativeToTheCode(t *testing.T) {
	// go.mod in the code says: replace example.com/vendored => ./mylib
	b := mustBuild(t, testdata("functions/withlocallib"), "")
	p := start(t, b, "MOD_NAME=withlocallib", "FUNC_HANDLER=Greet")
	expect(t, p.call(t, "POST", "/", strings.NewReader("bob")), 200, "BOB!", textPlain)
}

func TestUnreachableModuleProxyFailsInstallQuickly(t *testing.T) {
	deps := "module function\n\ngo 1.19\n\nrequire github.com/pkg/errors v0.9.1\n"
	began := time.Now()
	b, err := build(t.TempDir(), testdata("functions/needsnetwork"), deps)
	if err == nil {
		t.Fatal("install succeeded without a module proxy")
	}
	if elapsed := time.Since(began); elapsed > time.Minute {
		t.Fatalf("install failed only after %s", elapsed)
	}
	if !strings.HasPrefix(err.Error(), "install:") || !strings.Contains(b.output, "github.com/pkg/errors") {
		t.Fatalf("want Go's error naming the module, got %v\n%s", err, b.output)
	}
}

func TestHangingModuleProxyStopsAtTheFetchTimeout(t *testing.T) {
	proxy := silentServer(t)
	began := time.Now()
	b, err := build(t.TempDir(), testdata("functions/needsnetwork"), "",
		"GOPROXY=http://"+proxy, "GOSUMDB=off", "NUBO_GO_FETCH_TIMEOUT=2s")
	if err == nil {
		t.Fatal("compile succeeded without a module proxy")
	}
	if elapsed := time.Since(began); elapsed > 30*time.Second {
		t.Fatalf("compile failed only after %s", elapsed)
	}
	if !strings.Contains(b.output, "did not finish within 2s") || !strings.Contains(b.output, "GOPROXY=http://"+proxy) {
		t.Fatalf("want the timeout message, got:\n%s", b.output)
	}
}

// silentServer accepts connections and never answers.
func silentServer(t *testing.T) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			conns = append(conns, conn)
		}
	}()
	t.Cleanup(func() {
		listener.Close()
		<-done
		for _, conn := range conns {
			conn.Close()
		}
	})
	return listener.Addr().String()
}

func TestBuildErrorsAreClear(t *testing.T) {
	_, err := build(t.TempDir(), testdata("functions/nohandler"), "")
	if err == nil || !strings.Contains(err.Error(), "no handler found") {
		t.Fatalf("no handler: %v", err)
	}
	_, err = build(t.TempDir(), testdata("functions/brokencode"), "")
	if err == nil || !strings.Contains(err.Error(), "broken.go:7") || !strings.Contains(err.Error(), "undefinedName") {
		t.Fatalf("compile error: %v", err)
	}
}

func TestConformanceFixture(t *testing.T) {
	fixture, err := filepath.Abs("../../conformance/src/test/resources/functions/go")
	if err != nil {
		t.Fatal(err)
	}
	b := mustBuild(t, fixture, "")
	// The suite may name the handler in lower case, as in other languages.
	p := start(t, b, "MOD_NAME=conformance", "FUNC_HANDLER=handler", "FUNC_TIMEOUT=0.5", "CONFORMANCE_GREETING=hey")
	expect(t, p.get(t, "/hello"), 200, "hello world", textPlain)
	expect(t, p.postJSON(t, "/echo", `[1,{"a":null}]`), 200, `[1,{"a":null}]`, "application/json")
	expect(t, p.call(t, "POST", "/echo", strings.NewReader("text")), 200, "text", textPlain)
	expect(t, p.get(t, "/json"), 200, `{"a":1,"b":[true,null,"x"]}`, "application/json")
	expect(t, p.get(t, "/bytes"), 200, "\x00\x01\x02", "application/octet-stream")
	expect(t, p.get(t, "/none"), 200, "", "")
	expect(t, p.get(t, "/fail"), 500, "Error: boom", textPlain)
	expect(t, p.call(t, "POST", "/size", strings.NewReader("héllo")), 200, "5", textPlain)
	expect(t, p.get(t, "/env"), 200, "hey", textPlain)
	expect(t, p.get(t, "/other"), 200, "unknown path", textPlain)
	assertFields(t, decodeObject(t, p.postJSON(t, "/describe/x", `{"a":1}`, "ce-source", "src").body), map[string]interface{}{
		"dataType": "object", "method": "POST", "path": "/describe/x", "eventNamespace": "src",
		"functionName": "conformance", "timeout": "0.5", "eventType": "application/json"})
	expect(t, p.get(t, "/hang"), 408, "Timeout exceeded", textPlain)
	if got := p.get(t, "/healthz"); got.status != 503 {
		t.Fatalf("healthz with an endless loop running: %d %q", got.status, got.body)
	}
	expect(t, p.get(t, "/hello"), 200, "hello world", textPlain)
}
