# frozen_string_literal: true

# The conformance fixture (runtime-images/conformance/README.md): dispatches on the first path segment.
# Kubeless-style symbol keys on purpose; string keys work as well.

def handler(event, context)
  case event[:extensions][:request][:path].split('/')[1]
  when 'hello' then 'hello world'
  when 'echo' then event[:data]
  when 'describe' then describe(event, context)
  when 'json' then { 'a' => 1, 'b' => [true, nil, 'x'] }
  when 'bytes' then [0, 1, 2].pack('C*')
  when 'none' then nil
  when 'fail' then raise 'boom'
  when 'hang' then loop {}
  when 'size' then event[:data].length.to_s
  when 'env' then ENV.fetch('CONFORMANCE_GREETING', '')
  when 'print' then print_lines(event[:data])
  else 'unknown path'
  end
end

# The body as a marker on stdout, stderr and from a child process: all of it is the function's log.
def print_lines(marker)
  puts "stdout #{marker}"
  warn "stderr #{marker}"
  system('sh', '-c', 'echo "child $1"', 'sh', marker, exception: true)
  'printed'
end

def describe(event, context)
  request = event[:extensions][:request]
  {
    eventId: event[:'event-id'], eventType: event[:'event-type'], eventTime: event[:'event-time'],
    eventNamespace: event[:'event-namespace'], functionName: context[:'function-name'],
    timeout: context[:timeout], runtime: context[:runtime], memoryLimit: context[:'memory-limit'],
    method: request[:method], path: request[:path], dataType: data_type(event[:data])
  }
end

def data_type(data)
  case data
  when Hash then 'object'
  when Array then 'array'
  when String then 'string'
  when Numeric then 'number'
  when true, false then 'boolean'
  else 'null'
  end
end
