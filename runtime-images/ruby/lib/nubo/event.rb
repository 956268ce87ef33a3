# frozen_string_literal: true

require 'json'
require 'securerandom'
require_relative 'indifferent_hash'

module Nubo
  class InvalidJSONBody < StandardError; end

  # Builds the Kubeless event from an HTTP request: event-* headers win over CloudEvents ce-* headers.
  module Event
    module_function

    def build(request)
      headers = request.headers
      IndifferentHash.from(
        'data' => data(request),
        'event-id' => header(headers, 'event-id', 'ce-id') || SecureRandom.uuid,
        'event-type' => header(headers, 'event-type', 'ce-type', 'content-type') || '',
        'event-time' => header(headers, 'event-time', 'ce-time') || rfc3339(Time.now),
        'event-namespace' => header(headers, 'event-namespace', 'ce-source') || '',
        'extensions' => IndifferentHash.from('request' => request_fields(request))
      )
    end

    # Parsed JSON for application/json and */*+json bodies (nil when empty), else the body as UTF-8 text.
    def data(request)
      body = request.body
      if json?(request.headers['content-type'])
        body.empty? ? nil : parse_json(body)
      else
        text = String.new(body, encoding: Encoding::UTF_8)
        text.valid_encoding? ? text : text.scrub
      end
    end

    def json?(content_type)
      media_type = content_type.to_s.split(';', 2).first.to_s.strip.downcase
      media_type == 'application/json' || media_type.end_with?('+json')
    end

    def parse_json(body)
      JSON.parse(body)
    rescue JSON::ParserError
      raise InvalidJSONBody, 'invalid JSON body'
    end

    def header(headers, *names)
      names.each do |name|
        value = headers[name]
        return value unless value.nil? || value.empty?
      end
      nil
    end

    def request_fields(request)
      IndifferentHash.from(
        'method' => request.method, 'path' => request.path, 'query' => request.query,
        'headers' => request.headers, 'body' => request.body
      )
    end

    def rfc3339(time)
      time.getutc.strftime('%Y-%m-%dT%H:%M:%S.%LZ')
    end
  end
end
