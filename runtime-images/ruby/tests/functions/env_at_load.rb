# frozen_string_literal: true

# Reads its environment while loading, as functions that configure clients at load time do.
GREETING_AT_LOAD = ENV.fetch('GREETING', 'unset')

def handler(_event, context)
  { 'greeting' => GREETING_AT_LOAD, 'cwd' => Dir.pwd, 'context' => context, 'funcName' => ENV.fetch('FUNC_NAME', '') }
end
