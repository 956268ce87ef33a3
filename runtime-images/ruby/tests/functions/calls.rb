# frozen_string_literal: true

# The function most tests call: the first path segment picks the behaviour.

def handler(event, context)
  request = event[:extensions][:request]
  case request[:path].split('/')[1]
  when 'echo' then event[:data]
  when 'event' then describe(event, context)
  when 'keys' then keys(event, context)
  when 'text' then 'hello world'
  when 'header' then request[:headers]['x-echo']
  when 'latin1' then "caf\xE9".dup.force_encoding('ISO-8859-1')
  when 'json' then { 'a' => 1, 'b' => [true, nil, 'x'] }
  when 'number' then 42
  when 'boolean' then false
  when 'bytes' then [0, 1, 2].pack('C*')
  when 'none' then nil
  when 'fail' then raise ArgumentError, 'boom'
  when 'typo' then undefined_helper
  when 'hang' then loop {}
  when 'stubborn' then Thread.handle_interrupt(Object => :never) { loop {} }
  when 'sleep' then sleep_for(request[:query])
  when 'size' then event[:data].bytesize.to_s
  when 'print' then print_something(request[:query])
  when 'helper' then helper_in_same_file
  else 'unknown path'
  end
end

def describe(event, context)
  request = event['extensions']['request']
  {
    'event' => event.reject { |key, _| key == 'extensions' },
    'context' => context,
    'request' => request.to_h.merge('body' => request['body'].bytesize, 'bodyEncoding' => request['body'].encoding.name)
  }
end

# Kubeless symbol keys and Nubo string keys see the same values.
def keys(event, context)
  {
    'data' => event[:data].equal?(event['data']),
    'request' => event.dig(:extensions, :request).equal?(event.dig('extensions', 'request')),
    'functionName' => context[:'function-name'] == context['function-name'],
    'fetch' => event.fetch(:'event-id') == event.fetch('event-id'),
    'key' => event.key?(:data) && event.key?('data'),
    'eventKeys' => event.keys
  }
end

def sleep_for(query)
  seconds = Float(query[/seconds=([\d.]+)/, 1] || '0.5')
  puts "sleeping #{seconds}" # tests wait for this line
  sleep seconds
  "slept #{seconds}"
end

def print_something(query)
  puts "printed by the function #{query}".strip
  warn 'warned by the function'
  'printed'
end

def helper_in_same_file = 'helper called'
