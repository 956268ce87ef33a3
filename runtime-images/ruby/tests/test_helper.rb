# frozen_string_literal: true

require 'minitest/autorun'
require 'json'
require 'net/http'
require 'socket'
require 'time'
require 'tmpdir'
require 'fileutils'

RUNTIME_DIR = File.expand_path('..', __dir__)
FUNCTIONS_DIR = File.join(__dir__, 'functions')

# Polls until the block returns a truthy value or the deadline passes (no sleeping on a guess).
def wait_until(seconds: 10, interval: 0.02)
  deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + seconds
  loop do
    result = yield
    return result if result
    raise "condition not met within #{seconds} s" if Process.clock_gettime(Process::CLOCK_MONOTONIC) > deadline

    sleep interval
  end
end

def free_port
  server = TCPServer.new('127.0.0.1', 0)
  server.addr[1]
ensure
  server&.close
end

# The runtime server as the platform runs it: `ruby server.rb` in the code dir, with a clean environment.
class ServerProcess
  attr_reader :port, :pid

  def self.start(function_dir: nil, handler: nil, env: {})
    server = new(function_dir, handler, env)
    server.start
    server
  end

  def initialize(function_dir, handler, env)
    @port = free_port
    @work_dir = Dir.mktmpdir('nubo-ruby-server')
    @code_dir = function_dir || @work_dir
    @env = base_env.merge(handler_env(function_dir, handler)).merge(env)
    @output = File.join(@work_dir, 'out.log')
  end

  def start
    @pid = Process.spawn(@env, RbConfig.ruby, File.join(RUNTIME_DIR, 'server.rb'),
                         chdir: @code_dir, unsetenv_others: true, out: @output, err: [:child, :out])
    wait_until { healthz_answers? || (exited? && raise("server exited:\n#{output}")) }
  end

  def http
    Net::HTTP.start('127.0.0.1', @port, read_timeout: 30) { |connection| yield connection }
  end

  def request(method, path, body: nil, headers: {})
    http { |connection| connection.send_request(method, path, body, headers) }
  end

  def get(path, headers = {}) = request('GET', path, headers: headers)

  def post(path, body, headers = {}) = request('POST', path, body: body, headers: headers)

  def post_json(path, value) = post(path, JSON.generate(value), 'Content-Type' => 'application/json')

  # Sends raw bytes on a new connection and returns everything the server answers until it closes.
  def raw(bytes)
    socket = TCPSocket.new('127.0.0.1', @port)
    socket.write(bytes)
    socket.close_write
    socket.read
  ensure
    socket&.close
  end

  def output = File.read(@output)

  def terminate
    Process.kill('TERM', @pid)
  end

  # Exit status once the process ends, waiting at most `seconds`.
  def wait_for_exit(seconds: 15)
    wait_until(seconds: seconds) { exited? }
    @status
  end

  def stop
    stop_process unless exited?
    FileUtils.rm_rf(@work_dir)
  end

  def exited?
    return true if @status

    _, @status = Process.waitpid2(@pid, Process::WNOHANG)
    !@status.nil?
  end

  private

  def stop_process
    terminate
    wait_for_exit
  rescue RuntimeError
    Process.kill('KILL', @pid)
    Process.wait(@pid)
  end

  def base_env
    {
      'PATH' => '/usr/local/bin:/usr/bin:/bin', 'HOME' => Dir.tmpdir, 'LANG' => 'C.UTF-8',
      'FUNC_PORT' => @port.to_s, 'FUNC_HOST' => '127.0.0.1', 'FUNC_RUNTIME' => 'ruby3.1'
    }
  end

  def handler_env(function_dir, handler)
    return {} unless handler

    module_name, function_name = handler.split('.', 2)
    { 'KUBELESS_INSTALL_VOLUME' => function_dir, 'MOD_NAME' => module_name, 'FUNC_HANDLER' => function_name }
  end

  def healthz_answers?
    Net::HTTP.get_response(URI("http://127.0.0.1:#{@port}/healthz"))
  rescue SystemCallError, IOError
    false
  end
end
