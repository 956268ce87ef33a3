# frozen_string_literal: true

require_relative 'test_helper'

# HTTP/1.1 behaviour: bodies, limits, chunked encoding, keep-alive, concurrency.
class HTTPTest < Minitest::Test
  MAX_BODY = 6 * 1024 * 1024

  def self.server
    @server ||= ServerProcess.start(function_dir: FUNCTIONS_DIR, handler: 'calls.handler',
                                    env: { 'NUBO_MAX_BODY_BYTES' => MAX_BODY.to_s })
  end

  Minitest.after_run { @server&.stop }

  def server = self.class.server

  def test_a_5_mb_body_arrives_whole
    response = server.post('/size', 'x' * (5 * 1024 * 1024), 'Content-Type' => 'text/plain')
    assert_equal ['200', (5 * 1024 * 1024).to_s], [response.code, response.body]
  end

  def test_a_body_at_the_limit_is_accepted
    assert_equal MAX_BODY.to_s, server.post('/size', 'y' * MAX_BODY).body
  end

  def test_a_body_over_the_limit_gets_413
    response = server.post('/size', 'y' * (MAX_BODY + 1))
    assert_equal ['413', 'Error: request body too large'], [response.code, response.body]
  end

  def test_a_declared_length_over_the_limit_gets_413_before_the_body_is_sent
    answer = server.raw("POST /size HTTP/1.1\r\nHost: x\r\nContent-Length: #{MAX_BODY + 1}\r\n" \
                        "Expect: 100-continue\r\n\r\n")
    assert_match(%r{\AHTTP/1.1 413 }, answer)
  end

  def test_a_chunked_body_over_the_limit_gets_413
    chunk = 'z' * (1024 * 1024)
    chunks = Array.new(7) { "#{chunk.bytesize.to_s(16)}\r\n#{chunk}\r\n" }.join
    answer = server.raw("POST /size HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n#{chunks}0\r\n\r\n")
    assert_match(%r{\AHTTP/1.1 413 }, answer)
  end

  def test_a_chunked_body_with_extensions_and_trailers_is_read_correctly
    answer = server.raw("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" \
                        "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n")
    assert_match(%r{\AHTTP/1.1 200 OK\r\n}, answer)
    assert_includes answer, "Content-Length: 12\r\n"
    assert answer.end_with?("\r\n\r\nhello, world"), answer
  end

  def test_expect_100_continue_gets_an_interim_answer
    socket = TCPSocket.new('127.0.0.1', server.port)
    socket.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
    assert_equal "HTTP/1.1 100 Continue\r\n", socket.gets
    assert_equal "\r\n", socket.gets
    socket.write('ping')
    assert_equal "HTTP/1.1 200 OK\r\n", socket.gets
  ensure
    socket&.close
  end

  def test_pipelined_requests_on_one_connection_each_get_a_content_length
    answer = server.raw("GET /text HTTP/1.1\r\nHost: x\r\n\r\nGET /none HTTP/1.1\r\nHost: x\r\n\r\n" \
                        "GET /fail HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    statuses = answer.scan(%r{HTTP/1.1 (\d+) }).flatten
    assert_equal %w[200 200 500], statuses
    assert_equal %w[11 0 11], answer.scan(/^Content-Length: (\d+)/).flatten
    assert answer.end_with?('Error: boom')
  end

  def test_http_1_0_closes_after_the_answer
    answer = server.raw("GET /text HTTP/1.0\r\n\r\n")
    assert_includes answer, "Connection: close\r\n"
    assert answer.end_with?('hello world')
  end

  def test_a_malformed_request_gets_400
    assert_match(%r{\AHTTP/1.1 400 }, server.raw("this is not http\r\n\r\n"))
    assert_match(%r{\AHTTP/1.1 400 }, server.raw("GET / HTTP/1.1\r\nContent-Length: abc\r\n\r\n"))
  end

  def test_50_parallel_calls_are_all_answered_concurrently
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    client = server # started here, not by the threads: `@server ||=` in 50 threads would start many
    calls = Array.new(50) { Thread.new { client.get('/sleep?seconds=1') } }
    responses = calls.map(&:value)
    elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
    assert_equal ['200'] * 50, responses.map(&:code)
    assert_equal ['slept 1.0'] * 50, responses.map(&:body)
    assert_operator elapsed, :<, 10, 'calls ran one after another'
  end
end
