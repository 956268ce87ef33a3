# frozen_string_literal: true

require_relative 'indifferent_hash'

module Nubo
  class FunctionLoadError < StandardError; end

  # Everything needed to load and describe one function, from the environment or a specialize request.
  FunctionSpec = Struct.new(:code_dir, :deps_dir, :module_name, :handler_name, :function_name, :timeout,
                            :runtime, :memory_limit, keyword_init: true) do
    # Kubeless passed the timeout as a string; "30" rather than "30.0" for whole seconds.
    def timeout_text
      timeout == timeout.to_i ? timeout.to_i.to_s : timeout.to_s
    end
  end

  # Gems installed by runtime.json's install step: <depsDir>/Gemfile, gems under <depsDir>/bundle.
  module Dependencies
    def self.activate(deps_dir)
      if deps_dir && !deps_dir.empty?
        ENV['BUNDLE_GEMFILE'] = File.join(deps_dir, 'Gemfile')
        ENV['BUNDLE_PATH'] = File.join(deps_dir, 'bundle')
      end
      gemfile = ENV['BUNDLE_GEMFILE']
      return unless gemfile && File.file?(gemfile)

      # Bundler.setup raises where `require "bundler/setup"` would exit the process.
      require 'bundler'
      Bundler.setup
    end
  end

  # A loaded handler. As in Kubeless, the module file is evaluated inside an anonymous module, so a
  # top-level `def handler(event, context)` does not land on Object; the module extends itself so
  # the handler can call the file's other top-level methods.
  class Function
    def self.load(spec)
      Dependencies.activate(spec.deps_dir)
      new(spec, load_module(spec))
    rescue FunctionLoadError
      raise
    rescue ScriptError, StandardError => e
      warn e.full_message(highlight: false)
      raise FunctionLoadError, "#{e.class}: #{e.message}"
    end

    def self.load_module(spec)
      path = File.join(spec.code_dir, "#{spec.module_name}.rb")
      raise FunctionLoadError, "cannot find #{path}" unless File.file?(path)

      $LOAD_PATH.unshift(spec.code_dir) unless $LOAD_PATH.include?(spec.code_dir)
      mod = Module.new
      mod.module_eval(File.read(path), path, 1)
      mod.extend(mod)
      return mod if mod.respond_to?(spec.handler_name, true)

      raise FunctionLoadError, "#{path} defines no method #{spec.handler_name}"
    end
    private_class_method :load_module

    def initialize(spec, mod)
      @spec = spec
      @handler = mod.method(spec.handler_name)
      # Handlers may take (event, context), (event) or nothing.
      @argument_count = @handler.arity.negative? ? 2 : [@handler.arity, 2].min
      @context = IndifferentHash.from(
        'function-name' => spec.function_name, 'timeout' => spec.timeout_text,
        'runtime' => spec.runtime, 'memory-limit' => spec.memory_limit
      ).freeze
    end

    def timeout = @spec.timeout

    def call(event)
      @handler.call(*[event, @context.dup].first(@argument_count))
    end
  end
end
