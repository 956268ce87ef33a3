# frozen_string_literal: true

require_relative 'test_helper'

# Start, health and graceful stop.
class LifecycleTest < Minitest::Test
  def teardown = @server&.stop

  def test_healthz_echoes_the_instance_id
    @server = ServerProcess.start(function_dir: FUNCTIONS_DIR, handler: 'calls.handler',
                                  env: { 'NUBO_INSTANCE_ID' => 'replica-7' })
    response = @server.get('/healthz')
    assert_equal %w[200 ok replica-7], [response.code, response.body, response['Nubo-Instance']]
  end

  def test_no_instance_header_without_an_instance_id
    @server = ServerProcess.start
    assert_nil @server.get('/healthz')['Nubo-Instance']
  end

  def test_sigterm_lets_the_call_in_flight_finish_then_exits_0
    @server = ServerProcess.start(function_dir: FUNCTIONS_DIR, handler: 'calls.handler')
    in_flight = Thread.new { @server.get('/sleep?seconds=1') }
    wait_until { @server.output.include?('sleeping 1.0') }
    @server.terminate
    response = in_flight.value
    assert_equal ['200', 'slept 1.0'], [response.code, response.body]
    assert_equal 0, @server.wait_for_exit.exitstatus
    assert_raises(Errno::ECONNREFUSED) { TCPSocket.new('127.0.0.1', @server.port) }
  end

  def test_sigterm_on_an_idle_server_exits_0_at_once
    @server = ServerProcess.start(function_dir: FUNCTIONS_DIR, handler: 'calls.handler')
    @server.http { |connection| connection.get('/text') } # leaves nothing in flight
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    @server.terminate
    assert_equal 0, @server.wait_for_exit.exitstatus
    assert_operator Process.clock_gettime(Process::CLOCK_MONOTONIC) - started, :<, 3
  end

  def test_code_that_fails_to_load_makes_healthz_503_and_calls_fail
    @server = ServerProcess.start(function_dir: FUNCTIONS_DIR, handler: 'raises_at_load.handler')
    health = @server.get('/healthz')
    assert_equal '503', health.code
    assert_match(/\Aunhealthy: loading the code failed: .*cannot start: no database/, health.body)
    call = @server.get('/anything')
    assert_equal '503', call.code
    assert_match(/\AError: loading the code failed: .*cannot start: no database/, call.body)
    assert_match(/cannot start: no database/, @server.output, 'the load error goes to the log')
  end
end
