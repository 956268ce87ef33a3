# frozen_string_literal: true

require_relative 'test_helper'

# FUNC_TIMEOUT: 408 while the server keeps serving; a call that cannot be stopped makes /healthz 503.
class TimeoutsTest < Minitest::Test
  def setup
    @server = ServerProcess.start(function_dir: FUNCTIONS_DIR, handler: 'calls.handler',
                                  env: { 'FUNC_TIMEOUT' => '0.5' })
  end

  def teardown = @server.stop

  def test_endless_loop_gets_408_and_the_next_call_on_the_same_connection_works
    @server.http do |connection|
      started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      response = connection.get('/hang')
      elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
      assert_equal ['408', 'text/plain; charset=utf-8', 'Timeout exceeded'],
                   [response.code, response['Content-Type'], response.body]
      assert_operator elapsed, :>=, 0.5
      assert_operator elapsed, :<, 5
      assert_equal 'hello world', connection.get('/text').body
    end
    assert_equal 'ok', @server.get('/healthz').body, 'the loop was stopped, so the server is healthy'
  end

  def test_calls_in_parallel_with_a_hanging_one_are_answered
    hanging = Thread.new { @server.get('/hang') }
    assert_equal 'slept 0.1', @server.get('/sleep?seconds=0.1').body
    assert_equal '408', hanging.value.code
  end

  def test_a_call_that_cannot_be_stopped_makes_healthz_unhealthy_but_calls_go_on
    assert_equal '408', @server.get('/stubborn').code
    health = wait_until { (response = @server.get('/healthz')).code == '503' && response }
    assert_equal 'unhealthy: a call that timed out is still running', health.body
    assert_equal 'hello world', @server.get('/text').body
  end

  def test_sigterm_exits_0_even_with_a_call_that_cannot_be_stopped
    assert_equal '408', @server.get('/stubborn').code
    @server.terminate
    assert_equal 0, @server.wait_for_exit(seconds: 15).exitstatus
  end
end
