import type { Plugin } from 'graphql-yoga';
import { requestState } from './request-state.js';

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Labels = Record<string, string>;

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return parts.length ? `{${parts.join(',')}}` : '';
}

/**
 * The server's Prometheus metrics, kept in process and rendered in the text exposition format.
 * Label values are bounded (method, status, operation type, outcome, limit name), never operation
 * names or paths chosen by clients, so the series count cannot be blown up from outside.
 */
export class Metrics {
  private readonly requests = new Map<string, { labels: Labels; count: number }>();
  private readonly durations = new Map<
    string,
    { labels: Labels; buckets: number[]; sum: number; count: number }
  >();
  private readonly refusals = new Map<string, { labels: Labels; count: number }>();
  private inFlight = 0;

  startRequest() {
    this.inFlight++;
  }

  endRequest(labels: Labels, seconds: number) {
    this.inFlight = Math.max(0, this.inFlight - 1);
    const key = JSON.stringify(labels);
    const counter = this.requests.get(key) ?? { labels, count: 0 };
    counter.count++;
    this.requests.set(key, counter);
    const durationLabels = { operation_type: labels.operation_type ?? 'none' };
    const dkey = JSON.stringify(durationLabels);
    const histogram = this.durations.get(dkey) ?? {
      labels: durationLabels,
      buckets: DURATION_BUCKETS.map(() => 0),
      sum: 0,
      count: 0,
    };
    DURATION_BUCKETS.forEach((le, i) => {
      if (seconds <= le) histogram.buckets[i]!++;
    });
    histogram.sum += seconds;
    histogram.count++;
    this.durations.set(dkey, histogram);
  }

  /** `code` is one of the ErrorCode values: a bounded set. */
  refused(code: string) {
    const counter = this.refusals.get(code) ?? { labels: { code }, count: 0 };
    counter.count++;
    this.refusals.set(code, counter);
  }

  render(): string {
    const lines = [
      '# HELP archive_http_requests_total HTTP requests answered, by method, status and GraphQL operation type.',
      '# TYPE archive_http_requests_total counter',
      ...[...this.requests.values()].map(
        (c) => `archive_http_requests_total${labelText(c.labels)} ${c.count}`,
      ),
      '# HELP archive_http_request_duration_seconds Time to answer a request, by GraphQL operation type.',
      '# TYPE archive_http_request_duration_seconds histogram',
    ];
    for (const h of this.durations.values()) {
      DURATION_BUCKETS.forEach((le, i) => {
        lines.push(
          `archive_http_request_duration_seconds_bucket${labelText({ ...h.labels, le: String(le) })} ${h.buckets[i]}`,
        );
      });
      lines.push(
        `archive_http_request_duration_seconds_bucket${labelText({ ...h.labels, le: '+Inf' })} ${h.count}`,
      );
      lines.push(`archive_http_request_duration_seconds_sum${labelText(h.labels)} ${h.sum}`);
      lines.push(`archive_http_request_duration_seconds_count${labelText(h.labels)} ${h.count}`);
    }
    lines.push(
      '# HELP archive_refused_requests_total Requests refused by an operation limit, rate limit or check.',
      '# TYPE archive_refused_requests_total counter',
      ...[...this.refusals.values()].map(
        (c) => `archive_refused_requests_total${labelText(c.labels)} ${c.count}`,
      ),
      '# HELP archive_http_requests_in_flight Requests being answered now.',
      '# TYPE archive_http_requests_in_flight gauge',
      `archive_http_requests_in_flight ${this.inFlight}`,
      '# HELP archive_process_resident_memory_bytes Resident memory of this process.',
      '# TYPE archive_process_resident_memory_bytes gauge',
      `archive_process_resident_memory_bytes ${process.memoryUsage.rss()}`,
    );
    return `${lines.join('\n')}\n`;
  }
}

const STATUS_CODES = /^[1-5][0-9][0-9]$/;

/**
 * Counts every request (and refusal, by the `code` of its first error) and serves the counts at
 * /metrics. Metrics are per process: with several workers, scrape each or aggregate downstream.
 */
export function useMetrics(metrics: Metrics, { serve }: { serve: boolean }): Plugin {
  return {
    onRequest({ url, request, serverContext, endResponse }) {
      if (serve && url.pathname === '/metrics' && request.method === 'GET') {
        endResponse(
          new Response(metrics.render(), {
            headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
          }),
        );
        return;
      }
      requestState(serverContext, request);
      metrics.startRequest();
    },
    onResponse({ request, response, serverContext }) {
      if (serve && new URL(request.url).pathname === '/metrics') return;
      const state = requestState(serverContext, request);
      const status = STATUS_CODES.test(String(response.status)) ? String(response.status) : 'other';
      if (state.refusal) metrics.refused(state.refusal);
      metrics.endRequest(
        { method: request.method, status, operation_type: state.operationType ?? 'none' },
        (performance.now() - state.startedAt) / 1000,
      );
    },
  };
}
