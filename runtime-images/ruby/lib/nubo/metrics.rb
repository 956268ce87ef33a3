# frozen_string_literal: true

module Nubo
  # The contract's three metric families per HTTP method, in Prometheus text format 0.0.4.
  class Metrics
    CONTENT_TYPE = 'text/plain; version=0.0.4'
    BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10].freeze

    Series = Struct.new(:calls, :failures, :bucket_counts, :sum)

    def initialize
      @mutex = Mutex.new
      @series = {}
    end

    def record(method, status, seconds)
      @mutex.synchronize do
        series = (@series[method] ||= Series.new(0, 0, Array.new(BUCKETS.size, 0), 0.0))
        series.calls += 1
        series.failures += 1 if [408, 500].include?(status)
        series.sum += seconds
        BUCKETS.each_with_index { |bound, i| series.bucket_counts[i] += 1 if seconds <= bound }
      end
    end

    def render
      series = snapshot
      methods = series.keys.sort
      [
        family('function_calls_total', 'counter', 'Number of calls to the function.',
               methods.map { |m| %(function_calls_total{method="#{m}"} #{series[m].calls}) }),
        family('function_failures_total', 'counter', 'Number of calls that failed (status 500 or 408).',
               methods.map { |m| %(function_failures_total{method="#{m}"} #{series[m].failures}) }),
        family('function_duration_seconds', 'histogram', 'Duration of calls to the function.',
               methods.flat_map { |m| histogram_lines(m, series[m]) })
      ].join
    end

    private

    def snapshot
      @mutex.synchronize do
        @series.transform_values { |s| Series.new(s.calls, s.failures, s.bucket_counts.dup, s.sum) }
      end
    end

    def family(name, type, help, lines)
      "# HELP #{name} #{help}\n# TYPE #{name} #{type}\n" + lines.map { |line| "#{line}\n" }.join
    end

    def histogram_lines(method, series)
      buckets = BUCKETS.each_with_index.map do |bound, i|
        %(function_duration_seconds_bucket{method="#{method}",le="#{bound}"} #{series.bucket_counts[i]})
      end
      buckets + [
        %(function_duration_seconds_bucket{method="#{method}",le="+Inf"} #{series.calls}),
        %(function_duration_seconds_sum{method="#{method}"} #{series.sum}),
        %(function_duration_seconds_count{method="#{method}"} #{series.calls})
      ]
    end
  end
end
