# frozen_string_literal: true

require_relative 'test_helper'
require 'fileutils'
require 'open3'

# Dependencies the way the platform handles them: runtime.json's install in the deps dir, then start
# (or specialize) with runtime.json's env.
class DependenciesTest < Minitest::Test
  DESCRIPTOR = JSON.parse(File.read(File.join(RUNTIME_DIR, 'runtime.json')))

  def setup
    @work = Dir.mktmpdir('nubo-ruby-deps')
    @deps_dir = File.join(@work, 'deps')
    @cache_dir = File.join(@work, 'cache')
    FileUtils.mkdir_p([@deps_dir, @cache_dir])
  end

  def teardown
    @server&.stop
    FileUtils.rm_rf(@work)
  end

  def test_a_function_without_dependencies_runs_with_the_runtime_env
    @server = start('calls.handler')
    assert_equal 'hello world', @server.get('/text').body
  end

  def test_a_gem_from_a_local_path_is_installed_and_loaded
    gemfile("gem 'mygem', path: '#{make_gem}'")
    status, output, = install
    assert status.success?, output
    assert File.file?(File.join(@deps_dir, 'Gemfile.lock'))
    @server = start('uses_gem.handler')
    assert_equal 'hello Ada from mygem', @server.post('/', 'Ada').body
  end

  def test_a_specialized_server_loads_gems_from_the_given_deps_dir
    gemfile("gem 'mygem', path: '#{make_gem}'")
    assert install.first.success?
    pool_deps = File.join(@work, 'pool-deps')
    FileUtils.mkdir_p(pool_deps)
    @server = ServerProcess.start(env: runtime_env(pool_deps))
    body = { 'codeDir' => FUNCTIONS_DIR, 'handler' => 'uses_gem.handler', 'depsDir' => @deps_dir }
    response = @server.post('/_nubo/specialize', JSON.generate(body))
    assert_equal '200', response.code, response.body
    assert_equal 'hello Bob from mygem', @server.post('/', 'Bob').body
  end

  def test_a_missing_gem_is_a_load_failure
    @server = start('uses_gem.handler')
    assert_match(/unhealthy: loading the code failed: LoadError: cannot load such file -- mygem/,
                 @server.get('/healthz').body)
  end

  def test_an_unreachable_registry_fails_fast_with_its_message
    gemfile("source 'https://rubygems.org'\ngem 'rack'")
    status, output, seconds = install
    refute status.success?
    assert_operator seconds, :<, 60
    assert_match(/rubygems\.org/, output)
  end

  def test_a_registry_that_never_answers_fails_at_the_deadline
    blackhole = TCPServer.new('127.0.0.1', 0)
    accepted = []
    acceptor = Thread.new { loop { accepted << blackhole.accept } }
    gemfile("source 'http://127.0.0.1:#{blackhole.addr[1]}'\ngem 'rack'")
    status, output, seconds = install('NUBO_INSTALL_DEADLINE_SECONDS' => '2')
    refute status.success?
    assert_operator seconds, :<, 10
    assert_match(/bundle install did not finish within 2 s/, output)
  ensure
    acceptor&.kill
    accepted&.each(&:close)
    blackhole&.close
  end

  private

  def gemfile(text) = File.write(File.join(@deps_dir, 'Gemfile'), "#{text}\n")

  def make_gem
    dir = File.join(@work, 'mygem')
    FileUtils.mkdir_p(File.join(dir, 'lib'))
    File.write(File.join(dir, 'lib', 'mygem.rb'),
               "module Mygem\n  def self.greet(name) = \"hello \#{name} from mygem\"\nend\n")
    File.write(File.join(dir, 'mygem.gemspec'), <<~RUBY)
      Gem::Specification.new do |spec|
        spec.name = 'mygem'
        spec.version = '0.1.0'
        spec.summary = 'made by the Nubo ruby runtime tests'
        spec.authors = ['nubo']
        spec.files = ['lib/mygem.rb']
      end
    RUBY
    dir
  end

  def values(deps_dir = @deps_dir)
    { 'interpreter' => RbConfig.ruby, 'runtimeDir' => RUNTIME_DIR, 'codeDir' => FUNCTIONS_DIR,
      'depsDir' => deps_dir, 'buildDir' => File.join(@work, 'build'), 'cacheDir' => @cache_dir }
  end

  def expand(template, deps_dir = @deps_dir)
    template.gsub(/\{([a-zA-Z]+)\}/) { values(deps_dir).fetch(Regexp.last_match(1)) }
  end

  def base_env
    { 'PATH' => '/usr/local/bin:/usr/bin:/bin', 'HOME' => File.join(@cache_dir, 'home'), 'LANG' => 'C.UTF-8' }
  end

  def runtime_env(deps_dir)
    DESCRIPTOR['env'].transform_values { |v| expand(v, deps_dir) }.merge('NUBO_DEPS_DIR' => deps_dir)
  end

  # Runs runtime.json's install; returns its status, output and duration in seconds.
  def install(extra_env = {})
    env = base_env.merge(DESCRIPTOR['buildEnv'].transform_values { |v| expand(v) }).merge(extra_env)
    command = DESCRIPTOR['install'].map { |part| expand(part) }
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    output, status = Open3.capture2e(env, *command, chdir: @deps_dir, unsetenv_others: true)
    [status, output, Process.clock_gettime(Process::CLOCK_MONOTONIC) - started]
  end

  def start(handler)
    ServerProcess.start(function_dir: FUNCTIONS_DIR, handler: handler, env: runtime_env(@deps_dir))
  end
end
