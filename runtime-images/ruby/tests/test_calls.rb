# frozen_string_literal: true

require_relative 'test_helper'

# Calls to a function: event, context, return values, errors, logs.
class CallsTest < Minitest::Test
  UUID = /\A\h{8}-\h{4}-\h{4}-\h{4}-\h{12}\z/
  RFC3339_UTC = /\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\z/

  def self.server
    @server ||= ServerProcess.start(function_dir: FUNCTIONS_DIR, handler: 'calls.handler',
                                    env: { 'FUNC_TIMEOUT' => '30', 'FUNC_MEMORY_LIMIT' => '128Mi' })
  end

  Minitest.after_run { @server&.stop }

  def server = self.class.server

  def test_every_method_reaches_the_handler_with_its_body
    %w[GET POST PUT PATCH DELETE OPTIONS].each do |method|
      response = server.request(method, '/echo', body: "body of #{method}", headers: { 'Content-Type' => 'text/plain' })
      assert_equal ['200', "body of #{method}"], [response.code, response.body], method
    end
  end

  def test_head_is_answered_without_a_body
    response = server.request('HEAD', '/text')
    assert_equal '200', response.code
    assert_nil response.body
    assert_equal 'hello world'.bytesize.to_s, response['Content-Length']
  end

  def test_json_body_is_parsed_and_returned_as_json
    response = server.post_json('/echo', { 'a' => [1, 2.5, nil], 'b' => { 'c' => 'é' } })
    assert_equal 'application/json', response['Content-Type']
    assert_equal({ 'a' => [1, 2.5, nil], 'b' => { 'c' => 'é' } }, JSON.parse(response.body))
  end

  def test_plus_json_media_type_and_parameters_are_parsed_too
    response = server.post('/echo', '[1,"two"]', 'Content-Type' => 'Application/CloudEvents+JSON; charset=utf-8')
    assert_equal [1, 'two'], JSON.parse(response.body)
  end

  def test_non_json_body_stays_text
    response = server.post('/echo', '{"a": 1}', 'Content-Type' => 'text/plain')
    assert_equal 'text/plain; charset=utf-8', response['Content-Type']
    assert_equal '{"a": 1}', response.body.force_encoding('UTF-8')
  end

  def test_missing_body_is_an_empty_string
    assert_equal '', JSON.parse(server.get('/event').body)['event']['data']
  end

  def test_an_empty_json_body_is_nil
    ['application/json', 'application/cloudevents+json; charset=utf-8'].each do |type|
      response = server.post('/event', '', 'Content-Type' => type)
      assert_equal '200', response.code, type
      event = JSON.parse(response.body)['event']
      assert event.key?('data'), type
      assert_nil event['data'], type
    end
  end

  def test_invalid_json_is_refused_without_calling_the_handler
    response = server.post('/print?invalid-json', '{not json', 'Content-Type' => 'application/json')
    assert_equal ['400', 'Error: invalid JSON body'], [response.code, response.body]
    wait_until { server.output.include?('POST /print 400') }
    refute_includes server.output, 'printed by the function invalid-json'
  end

  def test_event_fields_come_from_event_headers
    headers = { 'Event-Id' => 'id-1', 'EVENT-TYPE' => 'type-1', 'event-time' => '2024-01-02T03:04:05Z',
                'event-namespace' => 'ns-1', 'ce-id' => 'ce-id', 'ce-type' => 'ce-type', 'ce-source' => 'ce-src' }
    event = JSON.parse(server.get('/event', headers).body)['event']
    assert_equal({ 'data' => '', 'event-id' => 'id-1', 'event-type' => 'type-1', 'event-time' => '2024-01-02T03:04:05Z',
                   'event-namespace' => 'ns-1' }, event)
  end

  def test_cloudevents_headers_are_the_fallback
    headers = { 'ce-id' => 'ce-1', 'ce-type' => 'dev.nubo.test', 'ce-time' => '2024-05-06T07:08:09Z',
                'ce-source' => 'api.nubo.dev' }
    event = JSON.parse(server.get('/event', headers).body)['event']
    assert_equal %w[ce-1 dev.nubo.test 2024-05-06T07:08:09Z api.nubo.dev],
                 event.values_at('event-id', 'event-type', 'event-time', 'event-namespace')
  end

  def test_without_headers_id_and_time_are_generated_and_type_is_the_content_type
    first = JSON.parse(server.post('/event', 'x', 'Content-Type' => 'text/csv').body)['event']
    second = JSON.parse(server.get('/event').body)['event']
    assert_match UUID, first['event-id']
    refute_equal first['event-id'], second['event-id']
    assert_match RFC3339_UTC, first['event-time']
    assert_in_delta Time.now.to_f, Time.iso8601(first['event-time']).to_f, 60
    assert_equal ['text/csv', ''], [first['event-type'], first['event-namespace']]
    assert_equal '', second['event-type']
  end

  def test_context_describes_the_function
    context = JSON.parse(server.get('/event').body)['context']
    assert_equal({ 'function-name' => 'calls', 'timeout' => '30', 'runtime' => 'ruby3.1', 'memory-limit' => '128Mi' },
                 context)
  end

  def test_request_extension_has_method_path_query_headers_and_raw_body
    request = JSON.parse(server.post('/event/sub?x=1&y=%20', "\xFF\x00".b, 'X-Custom' => 'v').body)['request']
    assert_equal %w[POST /event/sub x=1&y=%20], request.values_at('method', 'path', 'query')
    assert_equal 'v', request['headers']['x-custom']
    latin1 = JSON.parse(server.get('/event', 'X-Latin' => "caf\xE9".b).body)['request']['headers']['x-latin']
    assert_equal "caf\uFFFD", latin1, 'header bytes that are not UTF-8 are replaced'
    assert_equal [2, 'ASCII-8BIT'], request.values_at('body', 'bodyEncoding')
  end

  def test_symbol_and_string_keys_both_work
    keys = JSON.parse(server.post('/keys', 'x').body)
    assert_equal({ 'data' => true, 'request' => true, 'functionName' => true, 'fetch' => true, 'key' => true,
                   'eventKeys' => %w[data event-id event-type event-time event-namespace extensions] }, keys)
  end

  def test_return_values_map_to_responses
    expected = {
      '/text' => ['text/plain; charset=utf-8', 'hello world'.b],
      '/latin1' => ['text/plain; charset=utf-8', 'café'.b],
      '/json' => ['application/json', '{"a":1,"b":[true,null,"x"]}'.b],
      '/number' => ['application/json', '42'.b],
      '/boolean' => ['application/json', 'false'.b],
      '/bytes' => ['application/octet-stream', "\x00\x01\x02".b]
    }
    expected.each do |path, (type, body)|
      response = server.get(path)
      assert_equal ['200', type, body], [response.code, response['Content-Type'], response.body.b], path
    end
  end

  def test_header_values_are_text
    response = server.get('/header', 'X-Echo' => 'from a header')
    assert_equal ['text/plain; charset=utf-8', 'from a header'], [response['Content-Type'], response.body]
  end

  def test_nil_is_an_empty_200
    response = server.get('/none')
    assert_equal ['200', '0'], [response.code, response['Content-Length']]
    assert_equal '', response.body.to_s
  end

  def test_an_exception_is_a_500_with_the_message_and_the_backtrace_goes_to_the_log
    response = server.get('/fail')
    assert_equal ['500', 'text/plain; charset=utf-8', 'Error: boom'],
                 [response.code, response['Content-Type'], response.body]
    wait_until { server.output.include?('boom (ArgumentError)') }
    assert_match(/calls\.rb:\d+:in `handler'/, server.output)
    assert_equal 'hello world', server.get('/text').body
  end

  def test_the_body_of_a_name_error_is_its_message_without_hints
    response = server.get('/typo')
    assert_equal '500', response.code
    assert_match(/\AError: undefined local variable or method `undefined_helper' for #<Module:\w+>\z/, response.body)
  end

  def test_top_level_helpers_of_the_file_are_callable
    assert_equal 'helper called', server.get('/helper').body
  end

  def test_function_output_and_one_log_line_per_call_reach_stdout
    server.get('/print?secret=1')
    wait_until { server.output.match?(%r{^\S+ GET /print 200 [\d.]+ms$}) }
    line = server.output[%r{^\S+ GET /print 200 [\d.]+ms$}]
    assert_match RFC3339_UTC, line.split(' ').first
    assert_includes server.output, "printed by the function secret=1\n"
    assert_includes server.output, "warned by the function\n"
  end
end

# A Kubeless function runs unchanged; FUNC_NAME falls back to MOD_NAME.
class KubelessFunctionTest < Minitest::Test
  def test_kubeless_handler_with_symbol_keys
    server = ServerProcess.start(function_dir: FUNCTIONS_DIR, handler: 'kubeless_hello.foo')
    response = server.post('/', '{"name": "Ada"}', 'Content-Type' => 'application/json')
    assert_equal 'hello Ada from kubeless_hello', response.body
  ensure
    server&.stop
  end
end
