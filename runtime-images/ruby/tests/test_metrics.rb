# frozen_string_literal: true

require_relative 'test_helper'

# /metrics: the contract's families, buckets and label, counting handler calls only.
class MetricsTest < Minitest::Test
  BUCKETS = %w[0.005 0.01 0.025 0.05 0.1 0.25 0.5 1 2.5 5 10 +Inf].freeze
  MAX_BODY = 1000

  def setup
    @server = ServerProcess.start(function_dir: FUNCTIONS_DIR, handler: 'calls.handler',
                                  env: { 'FUNC_TIMEOUT' => '1', 'NUBO_MAX_BODY_BYTES' => MAX_BODY.to_s })
  end

  def teardown = @server.stop

  def metrics = @server.get('/metrics')

  def value(text, series)
    line = text.lines.find { |l| l.start_with?("#{series} ") } or return nil
    Float(line.split(' ').last)
  end

  def test_before_any_call_only_the_family_headers_are_there
    response = metrics
    assert_equal 'text/plain; version=0.0.4', response['Content-Type']
    assert_equal <<~TEXT, response.body
      # HELP function_calls_total Number of calls to the function.
      # TYPE function_calls_total counter
      # HELP function_failures_total Number of calls that failed (status 500 or 408).
      # TYPE function_failures_total counter
      # HELP function_duration_seconds Duration of calls to the function.
      # TYPE function_duration_seconds histogram
    TEXT
  end

  def test_calls_failures_and_durations_per_method
    2.times { @server.get('/text') }
    @server.get('/fail')
    @server.get('/hang')
    assert_equal 'slept 0.3', @server.post('/sleep?seconds=0.3', '').body
    @server.get('/healthz')
    @server.post('/_nubo/specialize', '{}')
    text = metrics.body

    assert_equal 4, value(text, 'function_calls_total{method="GET"}')
    assert_equal 2, value(text, 'function_failures_total{method="GET"}')
    assert_equal 1, value(text, 'function_calls_total{method="POST"}')
    assert_equal 0, value(text, 'function_failures_total{method="POST"}')
    buckets = BUCKETS.map { |le| value(text, %(function_duration_seconds_bucket{method="POST",le="#{le}"})) }
    assert_equal [0, 0, 0, 0, 0, 0], buckets.first(6), 'nothing below 0.3 s'
    assert_equal [1, 1, 1], buckets.last(3), 'all by 10 s'
    assert_equal buckets.sort, buckets, 'buckets are cumulative'
    assert_equal 4, value(text, %(function_duration_seconds_bucket{method="GET",le="+Inf"}))
    assert_equal 4, value(text, 'function_duration_seconds_count{method="GET"}')
    assert_operator value(text, 'function_duration_seconds_sum{method="GET"}'), :>=, 1 # the 408 alone
    assert_operator value(text, 'function_duration_seconds_sum{method="POST"}'), :>=, 0.3
  end

  def test_method_label_is_upper_case_and_series_appear_once_called
    @server.request('DELETE', '/text')
    text = metrics.body
    assert_includes text, "function_calls_total{method=\"DELETE\"} 1\n"
    refute_includes text, 'method="GET"'
    assert_equal 14, text.lines.count { |l| l.include?('method="DELETE"') && l.start_with?('function_duration') }
  end

  def test_requests_answered_before_the_handler_runs_are_not_counted
    @server.get('/text')
    before = metrics.body
    invalid = @server.post('/text', '{not json', 'Content-Type' => 'application/json')
    assert_equal %w[400 413], [invalid.code, @server.post('/size', 'y' * (MAX_BODY + 1)).code]
    chunks = "#{600.to_s(16)}\r\n#{'z' * 600}\r\n" * 2
    chunked = @server.raw("POST /size HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n#{chunks}0\r\n\r\n")
    assert_match(%r{\AHTTP/1.1 413 }, chunked)
    assert_equal before, metrics.body
  end

  def test_a_call_is_counted_before_its_answer
    calls = [%w[GET /text 200], %w[POST /fail 500], %w[PUT /none 200], %w[DELETE /json 200]]
    5.times do |round|
      calls.each do |method, path, status|
        series = %(function_calls_total{method="#{method}"})
        before = value(metrics.body, series) || 0
        assert_equal status, @server.request(method, path).code
        assert_equal before + 1, value(metrics.body, series), "#{method} #{path}, round #{round}"
      end
    end
  end

  def test_head_is_answered_like_get_without_a_body_and_counts_as_head
    get = @server.get('/text')
    head = @server.request('HEAD', '/text')
    assert_equal ['200', nil], [head.code, head.body]
    assert_equal get['Content-Length'], head['Content-Length']
    assert_equal get['Content-Type'], head['Content-Type']
    text = metrics.body
    assert_equal 1, value(text, 'function_calls_total{method="HEAD"}')
    assert_equal 1, value(text, 'function_calls_total{method="GET"}')
    assert_equal 1, value(text, %(function_duration_seconds_bucket{method="HEAD",le="+Inf"}))
  end
end
