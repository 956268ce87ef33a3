package tests

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

const textPlain = "text/plain; charset=utf-8"

func startContract(t *testing.T, env ...string) *process {
	t.Helper()
	b := contractFunction(t)
	return start(t, b, append([]string{"MOD_NAME=contract", "FUNC_HANDLER=Handler"}, env...)...)
}

func TestEveryMethodCallsTheHandler(t *testing.T) {
	p := startContract(t)
	for _, method := range []string{"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} {
		got := p.call(t, method, "/describe/any/path?x=1", nil)
		if got.status != http.StatusOK {
			t.Fatalf("%s: %d %s", method, got.status, got.body)
		}
		described := decodeObject(t, got.body)
		if described["method"] != method || described["path"] != "/describe/any/path" || described["query"] != "x=1" {
			t.Fatalf("%s: handler saw %v", method, described)
		}
	}
	head := p.call(t, http.MethodHead, "/hello", nil)
	if head.status != http.StatusOK || head.header.Get("Content-Length") != "11" || head.body != "" {
		t.Fatalf("HEAD: %d, Content-Length %q, body %q", head.status, head.header.Get("Content-Length"), head.body)
	}
}

func TestReturnValuesMapToResponses(t *testing.T) {
	p := startContract(t)
	expect(t, p.get(t, "/hello"), 200, "hello world", textPlain)
	expect(t, p.get(t, "/json"), 200, `{"a":1,"b":[true,null,"x"]}`, "application/json")
	expect(t, p.get(t, "/bytes"), 200, "\x00\x01\x02", "application/octet-stream")
	none := p.get(t, "/none")
	expect(t, none, 200, "", "")
	expect(t, p.get(t, "/elsewhere"), 200, "unknown path", textPlain)
	for _, path := range []string{"/hello", "/json", "/bytes", "/none"} {
		if got := p.get(t, path); got.header.Get("Content-Length") == "" {
			t.Fatalf("%s has no Content-Length", path)
		}
	}
	if none.header.Get("Content-Length") != "0" {
		t.Fatalf("nil result: Content-Length %q", none.header.Get("Content-Length"))
	}
}

func TestJSONBodiesAreParsedAndTextStaysText(t *testing.T) {
	p := startContract(t)
	expect(t, p.postJSON(t, "/echo", `{"x": [1, "two", null]}`), 200, `{"x":[1,"two",null]}`, "application/json")
	expect(t, p.postJSON(t, "/echo", `[1,2]`), 200, `[1,2]`, "application/json")
	expect(t, p.call(t, "POST", "/echo", strings.NewReader(`{"k":true}`), "Content-Type", "application/cloudevents+json; charset=utf-8"),
		200, `{"k":true}`, "application/json")
	expect(t, p.call(t, "POST", "/echo", strings.NewReader(`{"k":true}`), "Content-Type", "text/plain"),
		200, `{"k":true}`, textPlain)
	for body, want := range map[string]string{`{"a":1}`: "object", `[1]`: "array", `"s"`: "string", `4.5`: "number", `false`: "boolean", `null`: "null", ``: "null"} {
		described := decodeObject(t, p.postJSON(t, "/describe", body).body)
		if described["dataType"] != want || described["rawData"] != body {
			t.Fatalf("JSON body %q: dataType %v, raw %q; want %s", body, described["dataType"], described["rawData"], want)
		}
	}
	if described := decodeObject(t, p.call(t, "PUT", "/describe", strings.NewReader("plain text")).body); described["dataType"] != "string" {
		t.Fatalf("text body seen as %v", described["dataType"])
	}
}

func TestInvalidJSONIs400WithoutCallingTheHandler(t *testing.T) {
	p := startContract(t)
	for _, body := range []string{`{"unterminated": `, `{} trailing`, `nope`} {
		expect(t, p.postJSON(t, "/describe", body), 400, "Error: invalid JSON body", textPlain)
	}
	if metrics := p.get(t, "/metrics").body; strings.Contains(metrics, `method="POST"`) {
		t.Fatalf("the handler was counted as called:\n%s", metrics)
	}
	expect(t, p.postJSON(t, "/echo", `{"ok":1}`), 200, `{"ok":1}`, "application/json")
}

func TestEventHeadersAndContext(t *testing.T) {
	p := startContract(t, "FUNC_TIMEOUT=7.5", "FUNC_RUNTIME=go1.19", "FUNC_MEMORY_LIMIT=128Mi", "FUNC_NAME=my-fn")
	both := decodeObject(t, p.call(t, "POST", "/describe", strings.NewReader("x"),
		"Event-Id", "e-1", "Ce-Id", "c-1", "event-type", "e.type", "ce-type", "c.type",
		"EVENT-TIME", "2020-01-02T03:04:05Z", "ce-time", "2021-01-01T00:00:00Z",
		"event-namespace", "e.ns", "ce-source", "c.src", "Content-Type", "text/csv").body)
	want := map[string]interface{}{"eventId": "e-1", "eventType": "e.type", "eventTime": "2020-01-02T03:04:05Z", "eventNamespace": "e.ns",
		"functionName": "my-fn", "timeout": "7.5", "runtime": "go1.19", "memoryLimit": "128Mi", "hasDeadline": true}
	assertFields(t, both, want)

	cloudEvent := decodeObject(t, p.call(t, "POST", "/describe", strings.NewReader("x"),
		"ce-id", "c-1", "ce-type", "c.type", "ce-time", "2021-01-01T00:00:00Z", "ce-source", "c.src", "X-Test", "seen").body)
	assertFields(t, cloudEvent, map[string]interface{}{"eventId": "c-1", "eventType": "c.type", "eventTime": "2021-01-01T00:00:00Z",
		"eventNamespace": "c.src", "header": "seen"})

	before := time.Now().UTC().Add(-time.Second)
	first := decodeObject(t, p.call(t, "POST", "/describe", strings.NewReader("x"), "Content-Type", "text/csv").body)
	second := decodeObject(t, p.get(t, "/describe").body)
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	if !uuid.MatchString(first["eventId"].(string)) || first["eventId"] == second["eventId"] {
		t.Fatalf("generated ids %v and %v", first["eventId"], second["eventId"])
	}
	arrival, err := time.Parse(time.RFC3339, first["eventTime"].(string))
	if err != nil || arrival.Before(before) || arrival.After(time.Now().Add(time.Second)) || !strings.HasSuffix(first["eventTime"].(string), "Z") {
		t.Fatalf("generated time %v (%v)", first["eventTime"], err)
	}
	assertFields(t, first, map[string]interface{}{"eventType": "text/csv", "eventNamespace": ""})
	assertFields(t, second, map[string]interface{}{"eventType": ""})
}

func assertFields(t *testing.T, got, want map[string]interface{}) {
	t.Helper()
	for key, value := range want {
		if got[key] != value {
			t.Fatalf("%s = %v, want %v (all: %v)", key, got[key], value, got)
		}
	}
}

func TestErrorsAre500AndTheServerGoesOn(t *testing.T) {
	p := startContract(t)
	expect(t, p.get(t, "/fail"), 500, "Error: boom", textPlain)
	expect(t, p.get(t, "/hello"), 200, "hello world", textPlain)
	panicked := p.get(t, "/panic")
	expect(t, panicked, 500, "Error: kaboom", textPlain)
	if strings.Contains(panicked.body, "goroutine") {
		t.Fatal("stack trace in the body")
	}
	expect(t, p.get(t, "/hello"), 200, "hello world", textPlain)
	eventually(t, 5*time.Second, func() string {
		if stderr := p.stderr.String(); !strings.Contains(stderr, "boom") || !strings.Contains(stderr, "goroutine") {
			return "stderr lacks the error and the panic's stack trace:\n" + stderr
		}
		return ""
	})
}

func TestFunctionCanAnswerThroughTheResponseWriter(t *testing.T) {
	p := startContract(t)
	got := p.get(t, "/write")
	if got.status != http.StatusCreated || got.body != "written;returned" || got.header.Get("X-Written") != "yes" {
		t.Fatalf("got %d %q %v", got.status, got.body, got.header)
	}
}

func TestLargeAndChunkedBodies(t *testing.T) {
	p := startContract(t)
	fiveMB := strings.Repeat("a", 5<<20)
	expect(t, p.call(t, "POST", "/size", strings.NewReader(fiveMB)), 200, "5242880", textPlain)

	// A reader of unknown length makes the client send Transfer-Encoding: chunked.
	chunked := p.call(t, "POST", "/size", io.MultiReader(strings.NewReader(fiveMB), strings.NewReader("bcd")))
	expect(t, chunked, 200, "5242883", textPlain)
}

func TestChunkedRequestOnAKeptAliveConnection(t *testing.T) {
	p := startContract(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(p.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	reader := bufio.NewReader(conn)
	for i := 0; i < 2; i++ {
		fmt.Fprint(conn, "POST /raw HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
		resp, err := http.ReadResponse(reader, nil)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(body) != "hello world" || resp.ContentLength != 11 || resp.Close {
			t.Fatalf("request %d: %d %q length %d close %v", i, resp.StatusCode, body, resp.ContentLength, resp.Close)
		}
	}
}

func TestBodiesOverTheLimitAre413(t *testing.T) {
	p := startContract(t, "NUBO_MAX_BODY_BYTES=1048576")
	expect(t, p.call(t, "POST", "/size", strings.NewReader(strings.Repeat("a", 1<<20))), 200, "1048576", textPlain)
	tooLarge := strings.Repeat("a", 1<<20+1)
	got := p.call(t, "POST", "/size", strings.NewReader(tooLarge))
	if got.status != http.StatusRequestEntityTooLarge || !strings.HasPrefix(got.body, "Error: ") {
		t.Fatalf("declared length: %d %q", got.status, got.body)
	}
	got = p.call(t, "POST", "/size", io.MultiReader(strings.NewReader(tooLarge)))
	if got.status != http.StatusRequestEntityTooLarge {
		t.Fatalf("chunked: %d %q", got.status, got.body)
	}
	expect(t, p.get(t, "/hello"), 200, "hello world", textPlain)
}

func TestFiftyCallsRunInParallel(t *testing.T) {
	p := startContract(t)
	const calls, sleepMs = 50, 1000
	var wg sync.WaitGroup
	statuses := make(chan int, calls)
	began := time.Now()
	for i := 0; i < calls; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := client.Get(fmt.Sprintf("%s/slow?ms=%d", p.url, sleepMs))
			if err != nil {
				statuses <- 0
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	for status := range statuses {
		if status != http.StatusOK {
			t.Fatalf("a call got %d", status)
		}
	}
	// One after another they would take 50 s.
	if elapsed := time.Since(began); elapsed > 10*time.Second {
		t.Fatalf("50 calls of 1 s took %s: not served in parallel", elapsed)
	}
}

func TestMetricsCountCallsFailuresAndDurations(t *testing.T) {
	p := startContract(t, "FUNC_TIMEOUT=0.5")
	p.get(t, "/hello")
	p.get(t, "/hello")
	p.get(t, "/fail")
	p.get(t, "/sleep")
	p.call(t, "POST", "/slow?ms=30", nil)
	p.get(t, "/healthz")
	metrics := p.get(t, "/metrics")
	if metrics.header.Get("Content-Type") != "text/plain; version=0.0.4" {
		t.Fatalf("Content-Type %q", metrics.header.Get("Content-Type"))
	}
	samples := parseSamples(t, metrics.body)
	want := map[string]float64{
		`function_calls_total{method="GET"}`:                         4,
		`function_failures_total{method="GET"}`:                      2, // the error and the timeout
		`function_calls_total{method="POST"}`:                        1,
		`function_failures_total{method="POST"}`:                     0,
		`function_duration_seconds_bucket{method="GET",le="0.25"}`:   3,
		`function_duration_seconds_bucket{method="GET",le="0.5"}`:    3,
		`function_duration_seconds_bucket{method="GET",le="+Inf"}`:   4,
		`function_duration_seconds_count{method="GET"}`:              4,
		`function_duration_seconds_bucket{method="POST",le="0.025"}`: 0,
		`function_duration_seconds_bucket{method="POST",le="+Inf"}`:  1,
		`function_duration_seconds_count{method="POST"}`:             1,
	}
	for name, value := range want {
		if got, ok := samples[name]; !ok || got != value {
			t.Errorf("%s = %v (present %v), want %v", name, got, ok, value)
		}
	}
	// Per method: calls, failures, 12 buckets, sum and count.
	if len(samples) != 2*16 {
		t.Errorf("%d samples, want 32:\n%s", len(samples), metrics.body)
	}
	if sum := samples[`function_duration_seconds_sum{method="GET"}`]; sum < 0.5 || sum > 5 {
		t.Errorf("GET duration sum %v: the timed-out call alone lasted 0.5 s", sum)
	}
	if sum := samples[`function_duration_seconds_sum{method="POST"}`]; sum < 0.03 {
		t.Errorf("POST duration sum %v, the call slept 30 ms", sum)
	}
	assertFamilies(t, metrics.body)
}

// parseSamples reads "name{labels} value" lines.
func parseSamples(t *testing.T, text string) map[string]float64 {
	t.Helper()
	samples := map[string]float64{}
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		var value float64
		i := strings.LastIndex(line, " ")
		if _, err := fmt.Sscan(line[i+1:], &value); err != nil {
			t.Fatalf("bad sample line %q", line)
		}
		samples[line[:i]] = value
	}
	return samples
}

// assertFamilies checks the HELP/TYPE lines and the order of the buckets.
func assertFamilies(t *testing.T, text string) {
	t.Helper()
	for _, line := range []string{
		"# HELP function_calls_total Number of calls to the function.",
		"# TYPE function_calls_total counter",
		"# HELP function_failures_total Number of calls that failed (status 500 or 408).",
		"# TYPE function_failures_total counter",
		"# HELP function_duration_seconds Duration of calls to the function.",
		"# TYPE function_duration_seconds histogram",
	} {
		if !strings.Contains(text, line+"\n") {
			t.Errorf("missing %q", line)
		}
	}
	bucket := regexp.MustCompile(`function_duration_seconds_bucket\{method="GET",le="([^"]+)"\} (\d+)`)
	var les []string
	previous := 0
	for _, match := range bucket.FindAllStringSubmatch(text, -1) {
		les = append(les, match[1])
		var count int
		fmt.Sscan(match[2], &count)
		if count < previous {
			t.Errorf("bucket le=%s holds %d, less than the one before", match[1], count)
		}
		previous = count
	}
	if got := strings.Join(les, " "); got != "0.005 0.01 0.025 0.05 0.1 0.25 0.5 1 2.5 5 10 +Inf" {
		t.Errorf("buckets %s", got)
	}
}

func TestEachCallIsLoggedOnStdout(t *testing.T) {
	p := startContract(t)
	p.call(t, "DELETE", "/hello/x?secret=1", nil)
	p.get(t, "/fail")
	line := regexp.MustCompile(`(?m)^(\S+) DELETE /hello/x 200 \d+ms$`)
	eventually(t, 5*time.Second, func() string {
		out := p.stdout.String()
		match := line.FindStringSubmatch(out)
		if match == nil || !regexp.MustCompile(`(?m)^\S+ GET /fail 500 \d+ms$`).MatchString(out) {
			return "no call lines in stdout:\n" + out
		}
		if _, err := time.Parse(time.RFC3339, match[1]); err != nil {
			return "not an RFC 3339 time: " + match[1]
		}
		return ""
	})
}
