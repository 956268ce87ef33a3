# frozen_string_literal: true

require_relative 'function'

module Nubo
  # The server's configuration from the contract's environment variables.
  Settings = Struct.new(:host, :port, :max_body_bytes, :instance_id, :specialize_token, :defaults, :function,
                        keyword_init: true) do
    def self.from_env(env)
      defaults = FunctionSpec.new(
        code_dir: env.fetch('KUBELESS_INSTALL_VOLUME', '/kubeless'), deps_dir: env['NUBO_DEPS_DIR'],
        module_name: env['MOD_NAME'], handler_name: env['FUNC_HANDLER'],
        function_name: present(env['FUNC_NAME']) || env['MOD_NAME'],
        timeout: positive_number(env, 'FUNC_TIMEOUT', 180), runtime: env.fetch('FUNC_RUNTIME', ''),
        memory_limit: env.fetch('FUNC_MEMORY_LIMIT', '')
      )
      new(
        host: present(env['FUNC_HOST']) || '0.0.0.0', port: Integer(env.fetch('FUNC_PORT', '8080'), 10),
        max_body_bytes: Integer(env.fetch('NUBO_MAX_BODY_BYTES', '16777216'), 10),
        instance_id: present(env['NUBO_INSTANCE_ID']), specialize_token: present(env['NUBO_SPECIALIZE_TOKEN']),
        defaults: defaults,
        function: present(defaults.module_name) && present(defaults.handler_name) ? defaults : nil
      )
    end

    def self.present(value) = value.nil? || value.empty? ? nil : value

    def self.positive_number(env, name, default)
      value = Float(env.fetch(name, default.to_s))
      raise ArgumentError, "#{name} must be positive" unless value.positive?

      value
    end
  end
end
