# frozen_string_literal: true

require 'json'
require_relative 'event'
require_relative 'handler_threads'
require_relative 'http'

module Nubo
  # One function call: event from the request, the handler in a handler thread under the timeout, and
  # the outcome mapped to a response. A body that is not valid JSON raises InvalidJSONBody before the
  # handler runs.
  class Invoker
    Outcome = Struct.new(:value, :error)

    def initialize(function, handler_threads)
      @function = function
      @handler_threads = handler_threads
    end

    def call(request)
      event = Event.build(request)
      outcome = @handler_threads.run(@function.timeout) { run_handler(event) }
      return HTTP::Response.text(408, 'Timeout exceeded') unless outcome
      return failed(outcome.error) if outcome.error

      response_for(outcome.value)
    end

    private

    def run_handler(event)
      Outcome.new(@function.call(event), nil)
    rescue Exception => e # also a function's `exit` or stack overflow: the call failed, not the server
      Outcome.new(nil, e)
    end

    def failed(error)
      warn error.full_message(highlight: false)
      HTTP::Response.text(500, "Error: #{plain_message(error)}")
    end

    # Ruby 3.1 appends "Did you mean?" and error_highlight's code snippet to a NameError's message: the
    # log keeps them, the response body gets the message alone.
    def plain_message(error) = error.respond_to?(:original_message) ? error.original_message : error.message

    # String → text, binary (ASCII-8BIT) String → bytes, nil → empty, anything else → JSON.
    def response_for(value)
      case value
      when nil then HTTP::Response.new(200, nil, '', nil)
      when String then string_response(value)
      else HTTP::Response.json(200, JSON.generate(value))
      end
    rescue JSON::GeneratorError, EncodingError => e
      failed(e)
    end

    def string_response(value)
      return HTTP::Response.new(200, 'application/octet-stream', value, nil) if value.encoding == Encoding::BINARY

      HTTP::Response.text(200, value.encoding == Encoding::UTF_8 ? value : value.encode(Encoding::UTF_8))
    end
  end
end
