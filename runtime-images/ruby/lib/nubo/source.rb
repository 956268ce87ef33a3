# frozen_string_literal: true

require 'fileutils'
require_relative 'function'

module Nubo
  # Code handed over as a URL on POST /_nubo/specialize (a Kubernetes warm pool pod has none of its own): the server
  # downloads it, checks its SHA-256 and writes it into the code directory before it loads the function.
  class Source
    # the whole download: the operator waits 10 s for the specialize answer
    DOWNLOAD_SECONDS = 5
    MAX_REDIRECTS = 3
    # Ruby's standard library has no zip reader: a single file only (runtime.json "sourceFormats")
    FORMATS = %w[file].freeze
    ALL_FORMATS = %w[file zip tar.gz].freeze

    attr_reader :url, :sha256, :format, :code_file

    # The source fields of a specialize body, or nil without sourceUrl; raises BadSpecializeRequest when malformed.
    def self.from_fields(fields)
      url = fields['sourceUrl']
      return nil if url.nil? || url == ''
      raise BadSpecializeRequest, 'sourceUrl must be an http or https URL' unless url.is_a?(String) && url.match?(%r{\Ahttps?://})

      sha256 = fields['sourceSha256']
      unless sha256.is_a?(String) && sha256.match?(/\A\h{64}\z/)
        raise BadSpecializeRequest, "sourceSha256 must be the 64 hex digits of the source's SHA-256"
      end

      format = fields['sourceFormat'] || 'file'
      raise BadSpecializeRequest, "sourceFormat must be one of #{ALL_FORMATS.join(', ')}" unless ALL_FORMATS.include?(format)
      unless FORMATS.include?(format)
        raise BadSpecializeRequest, "sourceFormat #{format} is not supported by the Ruby runtime (it has no archive " \
                                    "reader): supported: #{FORMATS.join(', ')}"
      end

      code_file = fields['codeFile']
      unless code_file.is_a?(String) && !code_file.empty? && !code_file.match?(%r{[/\\\0]}) && !code_file.include?('..')
        raise BadSpecializeRequest, "codeFile must be a plain file name (no '/' or '..') when sourceFormat is file"
      end

      new(url, sha256.downcase, format, code_file)
    end

    def initialize(url, sha256, format, code_file)
      @url = url
      @sha256 = sha256
      @format = format
      @code_file = code_file
    end

    # Downloads, checks and writes the code into code_dir (created); FunctionLoadError when any of it fails. Nothing
    # is written before the digest matched.
    def fetch_into(code_dir)
      require 'digest'
      data = download
      actual = Digest::SHA256.hexdigest(data)
      if actual != sha256
        raise FunctionLoadError, "sourceUrl #{url}: its SHA-256 is #{actual}, not the expected sourceSha256 #{sha256}"
      end

      write(code_dir, data)
    end

    private

    def write(code_dir, data)
      FileUtils.mkdir_p(code_dir)
      target = File.join(code_dir, code_file)
      File.binwrite("#{target}.part", data)
      File.rename("#{target}.part", target)
    rescue SystemCallError => e
      raise FunctionLoadError, "cannot write sourceUrl #{url} into #{code_dir}: #{e.message}"
    end

    def download
      require 'net/http'
      deadline = monotonic_now + DOWNLOAD_SECONDS
      location = URI(url)
      (MAX_REDIRECTS + 1).times do
        response, body = get(location, deadline)
        return body if response.is_a?(Net::HTTPSuccess)
        unless response.is_a?(Net::HTTPRedirection) && response['location']
          raise FunctionLoadError, "cannot download sourceUrl #{url}: HTTP #{response.code} #{response.message}"
        end

        location = location.merge(response['location'])
      end
      raise FunctionLoadError, "cannot download sourceUrl #{url}: more than #{MAX_REDIRECTS} redirects"
    rescue FunctionLoadError
      raise
    rescue Timeout::Error
      raise FunctionLoadError, "cannot download sourceUrl #{url}: took longer than #{DOWNLOAD_SECONDS} s"
    rescue StandardError => e # connection refused, unknown host, TLS, a malformed URL
      raise FunctionLoadError, "cannot download sourceUrl #{url}: #{e.message}"
    end

    # One GET, its body read only when it succeeded; Timeout::Error once the deadline has passed.
    def get(location, deadline)
      left = -> { deadline - monotonic_now }
      Net::HTTP.start(location.host, location.port, use_ssl: location.scheme == 'https',
                                                    open_timeout: left.call, read_timeout: left.call) do |http|
        http.request(Net::HTTP::Get.new(location)) do |response|
          body = +''
          if response.is_a?(Net::HTTPSuccess)
            response.read_body do |chunk|
              raise Timeout::Error if left.call <= 0

              body << chunk
            end
          end
          return [response, body]
        end
      end
    end

    def monotonic_now = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  end
end
