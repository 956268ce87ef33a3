package main

import (
	"bytes"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// bucketBounds are the upper bounds (seconds) of function_duration_seconds;
// every runtime uses the same ones.
var bucketBounds = [...]float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// methodMetrics counts the calls of one HTTP method. Lock-free: calls only
// add, and a scrape reads each counter once.
type methodMetrics struct {
	calls    atomic.Uint64
	failures atomic.Uint64
	buckets  [len(bucketBounds)]atomic.Uint64 // cumulative, like the exposition format
	sumNanos atomic.Int64
}

type metrics struct {
	byMethod sync.Map // method (upper case) -> *methodMetrics
}

func newMetrics() *metrics {
	return &metrics{}
}

// observe records one handler call; 500 and 408 count as failures.
func (m *metrics) observe(method string, elapsed time.Duration, status int) {
	mm := m.forMethod(strings.ToUpper(method))
	// calls first: a scrape reads the buckets before calls, so no bucket can
	// exceed the +Inf bucket (= calls).
	mm.calls.Add(1)
	if status == http.StatusInternalServerError || status == http.StatusRequestTimeout {
		mm.failures.Add(1)
	}
	mm.sumNanos.Add(int64(elapsed))
	seconds := elapsed.Seconds()
	for i, bound := range bucketBounds {
		if seconds <= bound {
			mm.buckets[i].Add(1)
		}
	}
}

func (m *metrics) forMethod(method string) *methodMetrics {
	if mm, ok := m.byMethod.Load(method); ok {
		return mm.(*methodMetrics)
	}
	mm, _ := m.byMethod.LoadOrStore(method, &methodMetrics{})
	return mm.(*methodMetrics)
}

// snapshot is one method's counters as read by a scrape.
type snapshot struct {
	method   string
	calls    uint64
	failures uint64
	buckets  [len(bucketBounds)]uint64
	sum      float64
}

func (m *metrics) snapshots() []snapshot {
	var all []snapshot
	m.byMethod.Range(func(key, value interface{}) bool {
		mm := value.(*methodMetrics)
		s := snapshot{method: key.(string)}
		for i := range mm.buckets {
			s.buckets[i] = mm.buckets[i].Load()
		}
		s.sum = time.Duration(mm.sumNanos.Load()).Seconds()
		s.failures = mm.failures.Load()
		s.calls = mm.calls.Load()
		all = append(all, s)
		return true
	})
	sort.Slice(all, func(i, j int) bool { return all[i].method < all[j].method })
	return all
}

// serve writes the Prometheus text format 0.0.4.
func (m *metrics) serve(w http.ResponseWriter) {
	all := m.snapshots()
	var b bytes.Buffer
	b.WriteString("# HELP function_calls_total Number of calls to the function.\n")
	b.WriteString("# TYPE function_calls_total counter\n")
	for _, s := range all {
		fmt.Fprintf(&b, "function_calls_total{method=%q} %d\n", s.method, s.calls)
	}
	b.WriteString("# HELP function_failures_total Number of calls that failed (status 500 or 408).\n")
	b.WriteString("# TYPE function_failures_total counter\n")
	for _, s := range all {
		fmt.Fprintf(&b, "function_failures_total{method=%q} %d\n", s.method, s.failures)
	}
	b.WriteString("# HELP function_duration_seconds Duration of calls to the function.\n")
	b.WriteString("# TYPE function_duration_seconds histogram\n")
	for _, s := range all {
		writeHistogram(&b, s)
	}
	writeBody(w, http.StatusOK, "text/plain; version=0.0.4", b.Bytes())
}

func writeHistogram(b *bytes.Buffer, s snapshot) {
	for i, bound := range bucketBounds {
		fmt.Fprintf(b, "function_duration_seconds_bucket{method=%q,le=\"%s\"} %d\n",
			s.method, strconv.FormatFloat(bound, 'f', -1, 64), s.buckets[i])
	}
	fmt.Fprintf(b, "function_duration_seconds_bucket{method=%q,le=\"+Inf\"} %d\n", s.method, s.calls)
	fmt.Fprintf(b, "function_duration_seconds_sum{method=%q} %s\n", s.method, strconv.FormatFloat(s.sum, 'f', -1, 64))
	fmt.Fprintf(b, "function_duration_seconds_count{method=%q} %d\n", s.method, s.calls)
}
