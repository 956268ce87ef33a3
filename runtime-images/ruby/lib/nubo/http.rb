# frozen_string_literal: true

module Nubo
  # A minimal HTTP/1.1 server side: reads requests (Content-Length or chunked bodies, Expect: 100-continue)
  # and writes responses that always carry a Content-Length, so connections can be kept alive.
  module HTTP
    MAX_LINE_BYTES = 16 * 1024
    MAX_HEADER_BYTES = 64 * 1024

    REASONS = {
      100 => 'Continue', 200 => 'OK', 400 => 'Bad Request', 403 => 'Forbidden', 404 => 'Not Found',
      408 => 'Request Timeout', 409 => 'Conflict', 413 => 'Content Too Large', 431 => 'Request Header Fields Too Large',
      500 => 'Internal Server Error', 501 => 'Not Implemented', 503 => 'Service Unavailable'
    }.freeze

    TEXT = 'text/plain; charset=utf-8'
    JSON_TYPE = 'application/json'

    # A request that cannot be served; the connection is closed after the answer.
    class Error < StandardError
      attr_reader :status
      attr_accessor :request_method, :request_path # when the request line could be read

      def initialize(status, message)
        super(message)
        @status = status
      end
    end

    # `headers` has lower-case names; repeated headers are joined with ", ".
    Request = Struct.new(:method, :target, :path, :query, :version, :headers, :body, keyword_init: true) do
      def keep_alive?
        connection = headers['connection'].to_s.downcase
        return connection.include?('keep-alive') if version == 'HTTP/1.0'

        !connection.include?('close')
      end
    end

    Response = Struct.new(:status, :content_type, :body, :headers) do
      def self.text(status, body) = new(status, TEXT, body, nil)
      def self.json(status, body) = new(status, JSON_TYPE, body, nil)
    end

    # Reads one request after another from a connection.
    class Reader
      def initialize(socket, max_body_bytes)
        @socket = socket
        @max_body_bytes = max_body_bytes
      end

      # The next request, or nil when the client closed the connection between requests.
      def next_request
        request_line = read_request_line or return nil
        method, target, version = parse_request_line(request_line)
        path, query = split_target(target)
        request = Request.new(method: method, target: target, path: path, query: query, version: version)
        request.headers = read_headers
        request.body = read_body(request)
        request
      rescue Error => e
        e.request_method ||= method
        e.request_path ||= path
        raise
      end

      private

      def read_request_line
        loop do
          line = read_line or return nil
          return line unless line.empty? # tolerate stray CRLF between requests (RFC 9112 2.2)
        end
      end

      # Sockets read bytes; request line and headers become UTF-8 text for the function, bytes that
      # are not UTF-8 (obs-text in a header) U+FFFD.
      def read_line
        line = @socket.gets("\n", MAX_LINE_BYTES) or return nil
        raise Error.new(431, 'line too long') unless line.end_with?("\n")

        line.force_encoding(Encoding::UTF_8)
        (line.valid_encoding? ? line : line.scrub).chomp
      end

      def parse_request_line(line)
        method, target, version = line.split(' ', 3)
        unless method&.match?(/\A[!#$%&'*+.^_`|~0-9A-Za-z-]+\z/) && target && version&.start_with?('HTTP/1.')
          raise Error.new(400, 'malformed request line')
        end

        [method, target, version]
      end

      def read_headers
        headers = {}
        total = 0
        while (line = read_line) && !line.empty?
          total += line.bytesize
          raise Error.new(431, 'headers too large') if total > MAX_HEADER_BYTES

          name, value = line.split(':', 2)
          raise Error.new(400, 'malformed header') if value.nil? || name.empty? || name.match?(/\s/)

          add_header(headers, name.downcase, value.strip)
        end
        raise Error.new(400, 'connection closed inside the headers') if line.nil?

        headers
      end

      def add_header(headers, name, value)
        headers[name] = headers.key?(name) ? "#{headers[name]}, #{value}" : value
      end

      def split_target(target)
        target = target.sub(%r{\Ahttps?://[^/]*}i, '') # absolute-form, as sent to proxies
        path, query = target.split('?', 2)
        [path.empty? ? '/' : path, query || '']
      end

      def read_body(request)
        headers = request.headers
        if headers['transfer-encoding']&.downcase&.include?('chunked')
          continue_if_expected(request)
          read_chunked_body
        elsif headers.key?('content-length')
          length = content_length(headers['content-length'])
          raise Error.new(413, 'request body too large') if length > @max_body_bytes

          continue_if_expected(request) if length.positive?
          read_exactly(length)
        else
          String.new(encoding: Encoding::BINARY)
        end
      end

      def content_length(value)
        raise Error.new(400, 'invalid Content-Length') unless value.match?(/\A\d+\z/)

        value.to_i
      end

      def continue_if_expected(request)
        return unless request.headers['expect']&.downcase == '100-continue'

        @socket.write("HTTP/1.1 100 Continue\r\n\r\n")
      end

      def read_chunked_body
        body = String.new(encoding: Encoding::BINARY)
        loop do
          size = chunk_size(read_line || raise(Error.new(400, 'connection closed inside the body')))
          break if size.zero?
          raise Error.new(413, 'request body too large') if body.bytesize + size > @max_body_bytes

          body << read_exactly(size)
          raise Error.new(400, 'malformed chunk') unless read_line == ''
        end
        skip_trailers
        body
      end

      def chunk_size(line)
        hex = line.split(';', 2).first.strip
        raise Error.new(400, 'malformed chunk size') unless hex.match?(/\A\h{1,15}\z/)

        hex.to_i(16)
      end

      def skip_trailers
        while (line = read_line)
          return if line.empty?
        end
      end

      def read_exactly(length)
        return String.new(encoding: Encoding::BINARY) if length.zero?

        data = @socket.read(length)
        raise Error.new(400, 'connection closed inside the body') if data.nil? || data.bytesize < length

        data
      end
    end

    # Writes the status line, headers and body in one call; HEAD answers carry the length but no body.
    def self.write_response(socket, response, keep_alive:, head: false)
      body = response.body.to_s
      head_lines = +"HTTP/1.1 #{response.status} #{REASONS.fetch(response.status, 'Unknown')}\r\n"
      head_lines << "Content-Type: #{response.content_type}\r\n" if response.content_type
      response.headers&.each { |name, value| head_lines << "#{name}: #{value}\r\n" }
      head_lines << "Content-Length: #{body.bytesize}\r\n"
      head_lines << (keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n")
      if head || body.empty?
        socket.write(head_lines)
      else
        socket.write(head_lines, body)
      end
    end
  end
end
