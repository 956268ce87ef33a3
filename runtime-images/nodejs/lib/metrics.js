'use strict';

// The three Prometheus families of the contract, labelled by HTTP method.

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

class MethodStats {
  calls = 0;
  failures = 0;
  sum = 0;
  bucketCounts = new Array(BUCKETS.length).fill(0); // not cumulative; summed when rendered
}

class Metrics {
  #byMethod = new Map();

  record(method, seconds, failed) {
    let stats = this.#byMethod.get(method);
    if (stats === undefined) {
      stats = new MethodStats();
      this.#byMethod.set(method, stats);
    }
    stats.calls++;
    stats.sum += seconds;
    if (failed) {
      stats.failures++;
    }
    const bucket = BUCKETS.findIndex((le) => seconds <= le);
    if (bucket !== -1) {
      stats.bucketCounts[bucket]++;
    }
  }

  /** Prometheus text format 0.0.4. */
  render() {
    const lines = [
      '# HELP function_calls_total Number of calls to the function.',
      '# TYPE function_calls_total counter',
    ];
    for (const [method, stats] of this.#byMethod) {
      lines.push(`function_calls_total{method="${method}"} ${stats.calls}`);
    }
    lines.push(
      '# HELP function_failures_total Number of calls that failed (status 500 or 408).',
      '# TYPE function_failures_total counter',
    );
    for (const [method, stats] of this.#byMethod) {
      lines.push(`function_failures_total{method="${method}"} ${stats.failures}`);
    }
    lines.push(
      '# HELP function_duration_seconds Duration of calls to the function.',
      '# TYPE function_duration_seconds histogram',
    );
    for (const [method, stats] of this.#byMethod) {
      lines.push(...histogramLines(method, stats));
    }
    return lines.join('\n') + '\n';
  }
}

function histogramLines(method, stats) {
  const lines = [];
  let cumulative = 0;
  BUCKETS.forEach((le, i) => {
    cumulative += stats.bucketCounts[i];
    lines.push(`function_duration_seconds_bucket{method="${method}",le="${le}"} ${cumulative}`);
  });
  lines.push(
    `function_duration_seconds_bucket{method="${method}",le="+Inf"} ${stats.calls}`,
    `function_duration_seconds_sum{method="${method}"} ${stats.sum}`,
    `function_duration_seconds_count{method="${method}"} ${stats.calls}`,
  );
  return lines;
}

module.exports = { Metrics, BUCKETS };
