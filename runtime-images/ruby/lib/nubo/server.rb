# frozen_string_literal: true

require 'socket'
require_relative 'app'
require_relative 'event'
require_relative 'http'

module Nubo
  # Accepts connections, one thread each, serving requests one after another (keep-alive) until the
  # client closes. SIGTERM/SIGINT: stop accepting, let calls in flight finish (at most 10 s), exit 0.
  class Server
    SHUTDOWN_GRACE_SECONDS = 10
    LINGER_SECONDS = 2

    def initialize(app, settings)
      @app = app
      @settings = settings
      @in_flight = 0
      @in_flight_mutex = Mutex.new
      @idle = ConditionVariable.new
      @stopping = false
    end

    def run
      listener = TCPServer.new(@settings.host, @settings.port)
      listener.listen(1024) # more calls queue rather than being refused
      wake_reader = trap_signals
      puts "nubo ruby runtime listening on #{@settings.host}:#{@settings.port}"
      accept_until_signal(listener, wake_reader)
      listener.close
      exit_after_draining
    end

    private

    def trap_signals
      reader, writer = IO.pipe
      %w[TERM INT].each { |signal| Signal.trap(signal) { writer.write_nonblock('.', exception: false) } }
      reader
    end

    def accept_until_signal(listener, wake_reader)
      loop do
        readable, = IO.select([listener, wake_reader])
        return if readable.include?(wake_reader)

        while (socket = listener.accept_nonblock(exception: false)) != :wait_readable
          Thread.new(socket) { |client| serve(client) }
        end
      end
    end

    # Ruby's normal exit waits for every thread to die, forever for one that masks interrupts; exit!
    # (which skips at_exit handlers) is kept for when such a thread may exist.
    def exit_after_draining
      @stopping = true
      drained = drain
      $stdout.flush
      $stderr.flush
      drained && !@app.abandoned_calls? ? exit(0) : exit!(0)
    end

    # Waits for the calls in flight; true when all finished in time.
    def drain
      deadline = monotonic_now + SHUTDOWN_GRACE_SECONDS
      @in_flight_mutex.synchronize do
        @idle.wait(@in_flight_mutex, deadline - monotonic_now) while @in_flight.positive? && monotonic_now < deadline
        @in_flight.zero?
      end
    end

    def serve(socket)
      socket.setsockopt(Socket::IPPROTO_TCP, Socket::TCP_NODELAY, 1)
      reader = HTTP::Reader.new(socket, @settings.max_body_bytes)
      while (request = reader.next_request)
        break unless respond(socket, request)
      end
    rescue HTTP::Error => e
      refuse(socket, e)
    rescue IOError, SystemCallError
      nil # the client went away
    rescue StandardError => e
      warn e.full_message(highlight: false)
      refuse(socket, HTTP::Error.new(500, 'internal server error'))
    ensure
      socket.close
    end

    # Answers one request; true when the connection stays open for the next one.
    def respond(socket, request)
      started = monotonic_now
      in_flight do
        response = @app.handle(request)
        keep_alive = request.keep_alive? && !@stopping
        HTTP.write_response(socket, response, keep_alive: keep_alive, head: request.method == 'HEAD')
        log(request.method, request.path, response.status, started) if @app.logged?(request)
        keep_alive
      end
    end

    # A request that could not be read: answer, then read what the client still sends for a while
    # before closing, so it sees the answer rather than a connection reset.
    def refuse(socket, error)
      started = monotonic_now
      HTTP.write_response(socket, HTTP::Response.text(error.status, "Error: #{error.message}"), keep_alive: false)
      log(error.request_method || '-', error.request_path || '-', error.status, started)
      socket.close_write
      linger(socket)
    rescue IOError, SystemCallError
      nil
    end

    def linger(socket)
      deadline = monotonic_now + LINGER_SECONDS
      while (remaining = deadline - monotonic_now).positive? && IO.select([socket], nil, nil, remaining)
        break if socket.read_nonblock(65_536, exception: false).nil?
      end
    end

    def in_flight
      @in_flight_mutex.synchronize { @in_flight += 1 }
      yield
    ensure
      @in_flight_mutex.synchronize do
        @in_flight -= 1
        @idle.broadcast if @in_flight.zero?
      end
    end

    # One line per call: <RFC 3339 time> <METHOD> <path> <status> <milliseconds>ms
    def log(method, path, status, started)
      millis = format('%.1f', (monotonic_now - started) * 1000)
      $stdout.write("#{Event.rfc3339(Time.now)} #{method} #{path} #{status} #{millis}ms\n")
    end

    def monotonic_now = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  end
end
