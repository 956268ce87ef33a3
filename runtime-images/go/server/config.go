package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

const (
	defaultTimeoutSeconds = "180"
	defaultMaxBodyBytes   = 16 << 20
	shutdownGrace         = 10 * time.Second
)

// config is what the environment tells the server (see the function contract).
type config struct {
	host, port      string
	module, handler string // MOD_NAME, FUNC_HANDLER: both unset = unspecialized
	functionName    string
	timeout         time.Duration
	timeoutText     string // as given, for functions.Context.Timeout
	runtime         string
	memoryLimit     string
	instanceID      string
	specializeToken string
	maxBodyBytes    int64
}

func loadConfig() config {
	cfg := config{
		host:            envOr("FUNC_HOST", "0.0.0.0"),
		port:            envOr("FUNC_PORT", "8080"),
		module:          os.Getenv("MOD_NAME"),
		handler:         os.Getenv("FUNC_HANDLER"),
		runtime:         os.Getenv("FUNC_RUNTIME"),
		memoryLimit:     os.Getenv("FUNC_MEMORY_LIMIT"),
		instanceID:      os.Getenv("NUBO_INSTANCE_ID"),
		specializeToken: os.Getenv("NUBO_SPECIALIZE_TOKEN"),
	}
	cfg.functionName = envOr("FUNC_NAME", cfg.module)
	cfg.timeoutText, cfg.timeout = parseTimeout(os.Getenv("FUNC_TIMEOUT"))
	cfg.maxBodyBytes = parseMaxBody(os.Getenv("NUBO_MAX_BODY_BYTES"))
	return cfg
}

func envOr(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}

// parseTimeout reads FUNC_TIMEOUT (seconds, may be fractional); an invalid
// value falls back to the default instead of refusing to start.
func parseTimeout(text string) (string, time.Duration) {
	text = strings.TrimSpace(text)
	if text == "" {
		text = defaultTimeoutSeconds
	}
	timeout, err := secondsToDuration(text)
	if err != nil {
		fmt.Fprintf(os.Stderr, "FUNC_TIMEOUT=%q ignored: %v; using %s s\n", text, err, defaultTimeoutSeconds)
		text = defaultTimeoutSeconds
		timeout, _ = secondsToDuration(text)
	}
	return text, timeout
}

func secondsToDuration(text string) (time.Duration, error) {
	seconds, err := strconv.ParseFloat(text, 64)
	if err != nil || seconds <= 0 || seconds > 1e9 {
		return 0, fmt.Errorf("not a positive number of seconds")
	}
	return time.Duration(seconds * float64(time.Second)), nil
}

func parseMaxBody(text string) int64 {
	if text == "" {
		return defaultMaxBodyBytes
	}
	limit, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
	if err != nil || limit < 0 {
		fmt.Fprintf(os.Stderr, "NUBO_MAX_BODY_BYTES=%q ignored: not a byte count\n", text)
		return defaultMaxBodyBytes
	}
	return limit
}
