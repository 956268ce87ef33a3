package tests

import (
	"errors"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestTimeoutIs408AndTheServerGoesOn(t *testing.T) {
	p := startContract(t, "FUNC_TIMEOUT=0.5")
	began := time.Now()
	expect(t, p.get(t, "/sleep?ms=60000"), 408, "Timeout exceeded", textPlain)
	if elapsed := time.Since(began); elapsed < 500*time.Millisecond || elapsed > 5*time.Second {
		t.Fatalf("408 after %s, want about 0.5 s", elapsed)
	}
	expect(t, p.get(t, "/hello"), 200, "hello world", textPlain)
	// The handler respected its context, so nothing is left running.
	eventually(t, 5*time.Second, func() string {
		if got := p.get(t, "/healthz"); got.status != 200 {
			return "healthz " + got.body
		}
		return ""
	})
	expect(t, p.get(t, "/slow?ms=100"), 200, "slept", textPlain)
}

func TestHealthzIs503WhileATimedOutHandlerStillRuns(t *testing.T) {
	p := startContract(t, "FUNC_TIMEOUT=0.3")
	expect(t, p.get(t, "/healthz"), 200, "ok", textPlain)
	// spin ignores its context and keeps a CPU busy for 3 s.
	expect(t, p.get(t, "/spin?ms=3000"), 408, "Timeout exceeded", textPlain)
	health := p.get(t, "/healthz")
	if health.status != http.StatusServiceUnavailable || !strings.HasPrefix(health.body, "unhealthy: ") {
		t.Fatalf("healthz while the runaway runs: %d %q", health.status, health.body)
	}
	expect(t, p.get(t, "/hello"), 200, "hello world", textPlain)
	eventually(t, 15*time.Second, func() string {
		if got := p.get(t, "/healthz"); got.status != 200 {
			return "healthz still " + got.body
		}
		return ""
	})
}

func TestHealthzCarriesTheInstanceID(t *testing.T) {
	b := contractFunction(t)
	ready := start(t, b, "NUBO_INSTANCE_ID=inst-42")
	if got := ready.get(t, "/healthz"); got.header.Get("Nubo-Instance") != "inst-42" || got.status != 200 {
		t.Fatalf("healthz %d, Nubo-Instance %q", got.status, got.header.Get("Nubo-Instance"))
	}
	broken := start(t, b, "NUBO_INSTANCE_ID=inst-43", "MOD_NAME=contract", "FUNC_HANDLER=Missing")
	if got := broken.get(t, "/healthz"); got.header.Get("Nubo-Instance") != "inst-43" || got.status != 503 {
		t.Fatalf("healthz %d, Nubo-Instance %q", got.status, got.header.Get("Nubo-Instance"))
	}
}

func TestAHandlerNotCompiledInMakesTheServerUnhealthy(t *testing.T) {
	p := start(t, contractFunction(t), "MOD_NAME=contract", "FUNC_HANDLER=Missing")
	health := p.get(t, "/healthz")
	if health.status != 503 || !strings.Contains(health.body, `"Missing" is not compiled into this binary`) ||
		!strings.Contains(health.body, "Handler, Plain") {
		t.Fatalf("healthz %d %q", health.status, health.body)
	}
	if got := p.get(t, "/hello"); got.status != 503 || !strings.HasPrefix(got.body, "Error: ") {
		t.Fatalf("call %d %q", got.status, got.body)
	}
}

func TestTheKubelessShapeAndALowerCaseNameAreSelectable(t *testing.T) {
	b := contractFunction(t)
	plain := start(t, b, "MOD_NAME=contract", "FUNC_HANDLER=Plain")
	expect(t, plain.call(t, "POST", "/", strings.NewReader("abc")), 200, "plain:abc", textPlain)
	lower := start(t, b, "MOD_NAME=contract", "FUNC_HANDLER=handler")
	expect(t, lower.get(t, "/hello"), 200, "hello world", textPlain)
}

func TestSpecialize(t *testing.T) {
	b := contractFunction(t)
	p := start(t, b, "NUBO_SPECIALIZE_TOKEN=s3cret", "FUNC_RUNTIME=go1.19")
	expect(t, p.get(t, "/healthz"), 200, "ok", textPlain)
	expect(t, p.get(t, "/hello"), 503, "Error: not specialized", textPlain)

	body := `{"codeDir": "` + b.codeDir + `", "buildDir": "` + b.buildDir + `", "handler": "contract.handler",
		"functionName": "greeter", "timeout": 30, "memoryLimit": "256Mi", "env": {"CONFORMANCE_GREETING": "hi"}}`
	specialize := func(body string, headers ...string) response {
		return p.call(t, "POST", "/_nubo/specialize", strings.NewReader(body),
			append([]string{"Content-Type", "application/json"}, headers...)...)
	}
	expect(t, specialize(body), 403, `{"error":"missing or wrong Nubo-Specialize-Token"}`, "application/json")
	expect(t, specialize(body, "Nubo-Specialize-Token", "wrong"), 403, `{"error":"missing or wrong Nubo-Specialize-Token"}`, "application/json")

	token := []string{"Nubo-Specialize-Token", "s3cret"}
	for _, malformed := range []string{`{"codeDir": `, `[]`, `{"handler": "contract.Handler"}`,
		`{"codeDir": "/tmp", "handler": "nodot"}`, `{"codeDir": "/tmp", "handler": "contract.Handler", "timeout": "30"}`,
		`{"codeDir": "/tmp", "handler": "contract.Handler", "env": {"A": 1}}`} {
		if got := specialize(malformed, token...); got.status != 400 || !strings.HasPrefix(got.body, `{"error":`) {
			t.Fatalf("malformed %s: %d %s", malformed, got.status, got.body)
		}
	}
	missing := specialize(strings.Replace(body, "contract.handler", "contract.Missing", 1), token...)
	if missing.status != 500 || !strings.Contains(missing.body, `\"Missing\" is not compiled into this binary`) {
		t.Fatalf("unknown handler: %d %s", missing.status, missing.body)
	}
	expect(t, p.get(t, "/env"), 503, "Error: not specialized", textPlain)

	expect(t, specialize(body, token...), 200, `{"specialized": true}`, "application/json")
	expect(t, p.get(t, "/env"), 200, "hi", textPlain)
	assertFields(t, decodeObject(t, p.get(t, "/describe").body), map[string]interface{}{
		"functionName": "greeter", "timeout": "30", "runtime": "go1.19", "memoryLimit": "256Mi"})
	expect(t, specialize(body, token...), 409, `{"error":"already specialized"}`, "application/json")
	expect(t, p.get(t, "/healthz"), 200, "ok", textPlain)
}

func TestSpecializeTimeoutAppliesToCalls(t *testing.T) {
	b := contractFunction(t)
	p := start(t, b)
	body := `{"codeDir": "` + b.codeDir + `", "handler": "contract.Handler", "timeout": 0.3}`
	expect(t, p.postJSON(t, "/_nubo/specialize", body), 200, `{"specialized": true}`, "application/json")
	expect(t, p.get(t, "/sleep?ms=10000"), 408, "Timeout exceeded", textPlain)
	assertFields(t, decodeObject(t, p.get(t, "/describe").body), map[string]interface{}{"functionName": "contract", "timeout": "0.3"})
}

func TestSIGTERMLetsCallsFinishAndExits0(t *testing.T) {
	p := startContract(t)
	result := make(chan response, 1)
	go func() {
		resp, err := client.Get(p.url + "/slow?ms=1500")
		if err != nil {
			result <- response{body: err.Error()}
			return
		}
		defer resp.Body.Close()
		body := make([]byte, 64)
		n, _ := resp.Body.Read(body)
		result <- response{status: resp.StatusCode, body: string(body[:n])}
	}()
	eventually(t, 5*time.Second, func() string {
		if !strings.Contains(p.stdout.String(), "slow call started") {
			return "the slow call has not started"
		}
		return ""
	})
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, func() string {
		if _, err := http.Get(p.url + "/healthz"); err == nil {
			return "still accepting connections"
		}
		return ""
	})
	if got := <-result; got.status != 200 || got.body != "slept" {
		t.Fatalf("call in flight: %d %q", got.status, got.body)
	}
	select {
	case <-p.exited:
	case <-time.After(12 * time.Second):
		t.Fatal("no exit within the 10 s grace period")
	}
	var exitErr *exec.ExitError
	if p.waitErr != nil && errors.As(p.waitErr, &exitErr) {
		t.Fatalf("exit status %d, want 0", exitErr.ExitCode())
	}
	if p.waitErr != nil {
		t.Fatal(p.waitErr)
	}
}
