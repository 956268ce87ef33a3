# frozen_string_literal: true

module Nubo
  # A Hash with string keys that also answers to the matching symbols, so a Kubeless function's
  # event[:data] and a Nubo function's event['data'] both work. Keys are stored as strings only,
  # so to_json and each show every key once.
  class IndifferentHash < Hash
    def self.from(hash)
      hash.each_with_object(new) { |(key, value), result| result[key] = value }
    end

    def [](key) = super(convert(key))
    def []=(key, value)
      super(convert(key), value)
    end
    alias store []=

    def fetch(key, ...) = super(convert(key), ...)
    def key?(key) = super(convert(key))
    alias has_key? key?
    alias include? key?
    alias member? key?

    def delete(key, &) = super(convert(key), &)
    def values_at(*keys) = super(*keys.map { |key| convert(key) })

    def dig(key, *rest)
      value = self[key]
      rest.empty? || value.nil? ? value : value.dig(*rest)
    end

    private

    def convert(key) = key.is_a?(Symbol) ? key.name : key
  end
end
