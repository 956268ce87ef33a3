# frozen_string_literal: true

require_relative 'test_helper'

# Warm start: a server started without MOD_NAME/FUNC_HANDLER is handed its function later.
class SpecializeTest < Minitest::Test
  def setup
    @server = ServerProcess.start(env: { 'FUNC_TIMEOUT' => '7' })
  end

  def teardown = @server.stop

  def specialize(body, headers = {})
    @server.post('/_nubo/specialize', body.is_a?(String) ? body : JSON.generate(body), headers)
  end

  def request_for(handler, **fields) = { 'codeDir' => FUNCTIONS_DIR, 'handler' => handler }.merge(fields)

  def test_unspecialized_server_is_healthy_but_refuses_calls
    assert_equal ['200', 'ok'], [@server.get('/healthz').code, @server.get('/healthz').body]
    response = @server.get('/text')
    assert_equal ['503', 'Error: not specialized'], [response.code, response.body]
  end

  def test_specialize_loads_the_function_with_env_applied_before_loading
    response = specialize(request_for('env_at_load.handler', 'functionName' => 'greeter', 'timeout' => 2.5,
                                      'runtime' => 'ruby3.1', 'memoryLimit' => '256Mi',
                                      'env' => { 'GREETING' => 'hi' }))
    assert_equal ['200', 'application/json', { 'specialized' => true }],
                 [response.code, response['Content-Type'], JSON.parse(response.body)]
    answer = JSON.parse(@server.get('/').body)
    assert_equal 'hi', answer['greeting']
    assert_equal File.realpath(FUNCTIONS_DIR), File.realpath(answer['cwd'])
    assert_equal 'greeter', answer['funcName']
    assert_equal({ 'function-name' => 'greeter', 'timeout' => '2.5', 'runtime' => 'ruby3.1',
                   'memory-limit' => '256Mi' }, answer['context'])
  end

  def test_defaults_come_from_the_server_environment
    assert_equal '200', specialize(request_for('env_at_load.handler')).code
    context = JSON.parse(@server.get('/').body)['context']
    assert_equal({ 'function-name' => 'env_at_load', 'timeout' => '7', 'runtime' => 'ruby3.1', 'memory-limit' => '' },
                 context)
  end

  def test_a_second_specialize_gets_409
    assert_equal '200', specialize(request_for('calls.handler')).code
    response = specialize(request_for('env_at_load.handler'))
    assert_equal '409', response.code
    assert_equal 'hello world', @server.get('/text').body
  end

  def test_malformed_bodies_get_400
    bad_fields = [{ 'timeout' => 'soon' }, { 'timeout' => 0 }, { 'env' => ['A=1'] }, { 'depsDir' => 3 }]
    bodies = ['not json', '[]', {}, { 'codeDir' => FUNCTIONS_DIR }, request_for('nodot'), request_for('.handler'),
              request_for('calls.')] + bad_fields.map { |fields| request_for('calls.handler', **fields) }
    bodies.each do |body|
      response = specialize(body)
      assert_equal '400', response.code, body.inspect
      assert_kind_of String, JSON.parse(response.body)['error']
    end
    assert_equal '503', @server.get('/text').code
  end

  def test_a_load_failure_gets_500_and_leaves_the_server_unspecialized
    { 'missing.handler' => /cannot find .*missing\.rb/, 'raises_at_load.handler' => /cannot start: no database/,
      'syntax_error.handler' => /SyntaxError/, 'calls.no_such_method' => /defines no method no_such_method/ }
      .each do |handler, message|
        response = specialize(request_for(handler, 'env' => { 'GREETING' => 'leaked' }))
        assert_equal '500', response.code, handler
        assert_match message, JSON.parse(response.body)['error']
        assert_equal '503', @server.get('/text').code
        assert_equal '200', @server.get('/healthz').code
      end
    assert_equal '200', specialize(request_for('env_at_load.handler')).code
    assert_equal 'unset', JSON.parse(@server.get('/').body)['greeting'], 'env of a failed attempt stayed'
  end
end

# NUBO_SPECIALIZE_TOKEN guards /_nubo/specialize.
class SpecializeTokenTest < Minitest::Test
  def setup
    @server = ServerProcess.start(env: { 'NUBO_SPECIALIZE_TOKEN' => 's3cret' })
  end

  def teardown = @server.stop

  def test_the_token_is_required
    body = JSON.generate('codeDir' => FUNCTIONS_DIR, 'handler' => 'calls.handler')
    assert_equal '403', @server.post('/_nubo/specialize', body).code
    assert_equal '403', @server.post('/_nubo/specialize', body, 'Nubo-Specialize-Token' => 's3cre').code
    assert_equal '403', @server.post('/_nubo/specialize', body, 'Nubo-Specialize-Token' => 'S3CRET').code
    assert_equal '503', @server.get('/text').code
    assert_equal '200', @server.post('/_nubo/specialize', body, 'Nubo-Specialize-Token' => 's3cret').code
    assert_equal 'hello world', @server.get('/text').body
  end
end
