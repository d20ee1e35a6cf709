import type { DestinationStream } from 'pino';

/** A pino destination that keeps every line, for tests to read what Hermes logged. */
export class LogCapture implements DestinationStream {
  private readonly chunks: string[] = [];

  write(line: string): void {
    this.chunks.push(line);
  }

  get text(): string {
    return this.chunks.join('');
  }

  /** The JSON lines logged so far. */
  get lines(): Record<string, unknown>[] {
    return this.text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
