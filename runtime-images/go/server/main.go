// Command server is the Nubo Go runtime server. The builder compiles it
// together with one function into a single binary; see the runtime README.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	srv := newServer(loadConfig())
	if err := srv.run(); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

// run serves until SIGTERM or SIGINT, then lets calls in flight finish
// (at most shutdownGrace) and returns nil, so the process exits 0.
func (s *server) run() error {
	listener, err := net.Listen("tcp", net.JoinHostPort(s.cfg.host, s.cfg.port))
	if err != nil {
		return err
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)

	httpServer := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          log.New(os.Stderr, "http: ", 0),
	}
	served := make(chan error, 1)
	go func() { served <- httpServer.Serve(listener) }()
	fmt.Fprintf(os.Stdout, "nubo go runtime listening on %s (%s)\n", listener.Addr(), s.describeState())

	select {
	case err := <-served:
		return err
	case sig := <-stop:
		fmt.Fprintf(os.Stdout, "%v received: finishing calls in flight\n", sig)
	}
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := httpServer.Shutdown(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

func (s *server) describeState() string {
	if fn := s.current(); fn != nil {
		return "handler " + fn.name
	}
	if reason := s.loadFailure(); reason != "" {
		return "not ready: " + reason
	}
	return "unspecialized"
}
