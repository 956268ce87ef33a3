# frozen_string_literal: true

require 'json'
require_relative 'function'
require_relative 'handler_threads'
require_relative 'http'
require_relative 'invoker'
require_relative 'metrics'
require_relative 'runaways'
require_relative 'specialize_request'

module Nubo
  # Routes requests: /healthz, /metrics, /_nubo/specialize, and everything else to the function.
  class App
    def initialize(settings)
      @settings = settings
      @metrics = Metrics.new
      @runaways = Runaways.new
      @handler_threads = HandlerThreads.new(@runaways)
      @specialize_mutex = Mutex.new
      @invoker = nil
      @load_error = nil
    end

    # Loads the function named by the environment (cold start); a failure shows on /healthz.
    def load_from_env
      spec = @settings.function or return
      @invoker = Invoker.new(Function.load(spec), @handler_threads)
    rescue FunctionLoadError => e
      @load_error = e.message
    end

    def handle(request)
      case [request.method, request.path]
      in ['GET' | 'HEAD', '/healthz'] then health
      in ['GET' | 'HEAD', '/metrics'] then metrics
      in ['POST', '/_nubo/specialize'] then specialize(request)
      else call_function(request)
      end
    end

    # A call abandoned at its timeout is still running (maybe not for long).
    def abandoned_calls? = @runaways.any_alive?

    # /healthz and /metrics are polled too often to be worth a log line.
    # /_nubo/specialize is the platform's business, not a line for the function's log.
    def logged?(request) = !%w[/healthz /metrics /_nubo/specialize].include?(request.path)

    private

    def metrics = HTTP::Response.new(200, Metrics::CONTENT_TYPE, @metrics.render, nil)

    def health
      reason = unhealthy_reason
      response = reason ? HTTP::Response.text(503, "unhealthy: #{reason}") : HTTP::Response.text(200, 'ok')
      response.headers = { 'Nubo-Instance' => @settings.instance_id } if @settings.instance_id
      response
    end

    def unhealthy_reason
      return "loading the code failed: #{@load_error}" if @load_error

      'a call that timed out is still running' if @runaways.running?
    end

    # Only handler calls count, and before the answer is written (a client reading /metrics after its
    # answer sees the call); a 503 or a 400 for invalid JSON, answered before the handler runs, does not.
    def call_function(request)
      invoker = @invoker
      return HTTP::Response.text(503, "Error: loading the code failed: #{@load_error}") if @load_error
      return HTTP::Response.text(503, 'Error: not specialized') unless invoker

      started = monotonic_now
      response = invoker.call(request)
      @metrics.record(request.method.upcase, response.status, monotonic_now - started)
      response
    rescue InvalidJSONBody => e
      HTTP::Response.text(400, "Error: #{e.message}")
    end

    def specialize(request)
      return json(403, error: 'invalid specialize token') unless token_accepted?(request)

      @specialize_mutex.synchronize do
        return json(409, error: 'already specialized') if @invoker || @load_error

        spec, env, log_file, source = SpecializeRequest.parse(request.body, @settings.defaults)
        source&.fetch_into(spec.code_dir)
        @invoker = Invoker.new(with_output_to(log_file) { load_with_env(spec, env) }, @handler_threads)
        json(200, specialized: true)
      end
    rescue BadSpecializeRequest => e
      json(400, error: e.message)
    rescue FunctionLoadError => e
      json(500, error: e.message)
    end

    def token_accepted?(request)
      expected = @settings.specialize_token or return true
      given = request.headers['nubo-specialize-token'].to_s
      given.bytesize == expected.bytesize &&
        given.bytes.zip(expected.bytes).sum { |a, b| a ^ b }.zero? # constant time: no early exit
    end

    # A pooled server was started before it knew its function: its stdout and stderr (descriptors 1 and 2, so
    # child processes too) become the function's log before the code loads; they are put back when loading fails.
    def with_output_to(log_file)
      return yield unless log_file

      saved = [$stdout.dup, $stderr.dup]
      begin
        File.open(log_file, 'a') do |log|
          $stdout.reopen(log)
          $stderr.reopen(log)
        end
      rescue SystemCallError => e
        raise FunctionLoadError, "cannot open log file #{log_file}: #{e.message}"
      end
      $stdout.sync = $stderr.sync = true
      loaded = yield
      saved.each(&:close)
      loaded
    rescue FunctionLoadError
      if saved
        $stdout.reopen(saved[0])
        $stderr.reopen(saved[1])
        saved.each(&:close)
      end
      raise
    end

    # The function sees the same environment and working directory as after a cold start; both are
    # restored when loading fails, so the server stays unspecialized and can be specialized again.
    def load_with_env(spec, env)
      saved_env = ENV.to_h
      saved_dir = Dir.pwd
      ENV.update(env).update(contract_env(spec))
      ENV.delete('NUBO_SPECIALIZE_TOKEN') # the environment a cold start gives it, without the pool's token
      Dir.chdir(spec.code_dir) if File.directory?(spec.code_dir)
      ENV['PWD'] = spec.code_dir if ENV.key?('PWD') # set by whoever started the server in its first directory
      Function.load(spec)
    rescue FunctionLoadError
      ENV.replace(saved_env)
      Dir.chdir(saved_dir)
      raise
    end

    def contract_env(spec)
      {
        'MOD_NAME' => spec.module_name, 'FUNC_HANDLER' => spec.handler_name, 'FUNC_NAME' => spec.function_name,
        'FUNC_TIMEOUT' => spec.timeout_text, 'FUNC_RUNTIME' => spec.runtime, 'FUNC_MEMORY_LIMIT' => spec.memory_limit,
        'KUBELESS_INSTALL_VOLUME' => spec.code_dir, 'NUBO_DEPS_DIR' => spec.deps_dir
      }.compact
    end

    def json(status, body) = HTTP::Response.json(status, JSON.generate(body))

    def monotonic_now = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  end
end
