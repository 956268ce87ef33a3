# frozen_string_literal: true

require 'json'
require_relative 'function'
require_relative 'source'

module Nubo
  class BadSpecializeRequest < StandardError; end

  # Reads the body of POST /_nubo/specialize into a FunctionSpec plus the env to apply, the log file (or nil) and the
  # code to download first (a Source, or nil).
  module SpecializeRequest
    OPTIONAL_TEXT = %w[depsDir buildDir functionName runtime memoryLimit logFile].freeze

    module_function

    # defaults: a FunctionSpec with the server's timeout, runtime and memory limit.
    def parse(body, defaults)
      fields = parse_object(body)
      module_name, handler_name = handler_parts(required_text(fields, 'handler'))
      OPTIONAL_TEXT.each { |name| optional_text(fields, name) }
      spec = FunctionSpec.new(
        code_dir: required_text(fields, 'codeDir'), deps_dir: fields['depsDir'],
        module_name: module_name, handler_name: handler_name,
        function_name: fields['functionName'] || module_name,
        timeout: timeout(fields['timeout'], defaults.timeout),
        runtime: fields['runtime'] || defaults.runtime, memory_limit: fields['memoryLimit'] || defaults.memory_limit
      )
      log_file = fields['logFile']
      [spec, env(fields['env']), log_file.nil? || log_file.empty? ? nil : log_file, Source.from_fields(fields)]
    end

    def parse_object(body)
      fields = JSON.parse(body)
      raise BadSpecializeRequest, 'the body must be a JSON object' unless fields.is_a?(Hash)

      fields
    rescue JSON::ParserError
      raise BadSpecializeRequest, 'the body is not valid JSON'
    end

    def handler_parts(handler)
      module_name, _, handler_name = handler.rpartition('.')
      raise BadSpecializeRequest, 'handler must look like module.function' if module_name.empty? || handler_name.empty?

      [module_name, handler_name]
    end

    def required_text(fields, name)
      value = fields[name]
      raise BadSpecializeRequest, "#{name} is required" unless value.is_a?(String) && !value.empty?

      value
    end

    def optional_text(fields, name)
      value = fields[name]
      raise BadSpecializeRequest, "#{name} must be a string" unless value.nil? || value.is_a?(String)
    end

    def timeout(value, default)
      return default if value.nil?

      seconds = value.is_a?(String) ? Float(value, exception: false) : value
      raise BadSpecializeRequest, 'timeout must be a positive number' unless seconds.is_a?(Numeric) && seconds.positive?

      seconds.to_f
    end

    # Scalars are turned into strings; nested values are refused.
    def env(value)
      return {} if value.nil?
      raise BadSpecializeRequest, 'env must be an object' unless value.is_a?(Hash)

      value.to_h do |name, setting|
        raise BadSpecializeRequest, "env #{name} must be a string" if setting.is_a?(Hash) || setting.is_a?(Array)

        [name, setting.to_s]
      end
    end
  end
end
