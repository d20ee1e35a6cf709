import { SingleBar } from 'cli-progress';

/** A progress bar on stderr while the terminal shows it (none when output is piped, e.g. in CI). */
export function progressBar(label: string): SingleBar {
  return new SingleBar({ format: `${label} [{bar}] {value}/{total}`, stream: process.stderr, hideCursor: true, clearOnComplete: true });
}
