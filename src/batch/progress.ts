import cliProgress from 'cli-progress';

export interface Counts {
  done: number;
  skipped: number;
  failed: number;
}

const fmtTime = (s: number) => (!isFinite(s) ? '?' : s >= 3600 ? `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m${Math.round(s % 60)}s` : `${Math.round(s)}s`);

/**
 * A cli-progress bar with rate and ETA on a terminal; elsewhere (CI, logs, nohup) one plain
 * line every `every` ms so logs stay readable.
 */
export class Progress {
  private bar: cliProgress.SingleBar | null = null;
  private timer: NodeJS.Timeout | null = null;
  private started = Date.now();

  constructor(private total: number, private counts: Counts, private stream: NodeJS.WriteStream = process.stderr, every = 10_000, quiet = false) {
    if (quiet) return;
    if (stream.isTTY) {
      this.bar = new cliProgress.SingleBar(
        { stream, format: 'batch |{bar}| {value}/{total} articles | {rate}/s | ETA {eta_formatted} | {failed} failed', hideCursor: true, etaBuffer: 50 },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(Math.max(total, 1), 0, { rate: '0.0', failed: 0 });
    } else {
      this.timer = setInterval(() => stream.write(this.line() + '\n'), every);
      this.timer.unref();
    }
  }

  private get value() {
    return this.counts.done + this.counts.skipped + this.counts.failed;
  }

  private line(): string {
    const secs = (Date.now() - this.started) / 1000;
    const rate = this.counts.done / Math.max(secs, 1e-3);
    const left = Math.max(this.total - this.value, 0);
    const pct = this.total ? ` (${Math.min(100, Math.round((100 * this.value) / this.total))}%)` : '';
    return `batch: ${this.value}/${this.total}${pct} articles, ${this.counts.done} analysed, ${this.counts.skipped} skipped, ${this.counts.failed} failed, ${rate.toFixed(1)}/s, ETA ${fmtTime(left / rate)}`;
  }

  update(): void {
    if (!this.bar) return;
    const value = this.value;
    if (value > this.total) this.bar.setTotal((this.total = value));
    const rate = this.counts.done / Math.max((Date.now() - this.started) / 1000, 1e-3);
    this.bar.update(value, { rate: rate.toFixed(1), failed: this.counts.failed });
  }

  stop(): void {
    if (this.bar) {
      this.update();
      this.bar.stop();
    }
    if (this.timer) clearInterval(this.timer);
  }
}
