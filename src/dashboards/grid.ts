/** Places panels on Grafana's 24-column grid row by row, so nothing overlaps. */
import type { GridPos } from "@grafana/grafana-foundation-sdk/dashboard";

export const GRID_WIDTH = 24;

export class Grid {
  private x = 0;
  private y = 0;
  private lineHeight = 0;

  /** A full-width row header. */
  row(): GridPos {
    this.newLine();
    const pos = { x: 0, y: this.y, w: GRID_WIDTH, h: 1 };
    this.y += 1;
    return pos;
  }

  place(w: number, h: number): GridPos {
    const width = Math.min(GRID_WIDTH, Math.max(1, w));
    if (this.x + width > GRID_WIDTH) this.newLine();
    const pos = { x: this.x, y: this.y, w: width, h };
    this.x += width;
    this.lineHeight = Math.max(this.lineHeight, h);
    return pos;
  }

  /** Widths that fill a line with `n` panels of at least `min` columns each. */
  static split(n: number, min = 4): number[] {
    const perLine = Math.max(1, Math.min(n, Math.floor(GRID_WIDTH / min)));
    const base = Math.floor(GRID_WIDTH / perLine);
    return Array.from({ length: n }, (_, i) => (i % perLine === perLine - 1 ? GRID_WIDTH - base * (perLine - 1) : base));
  }

  private newLine(): void {
    if (this.x > 0) this.y += this.lineHeight;
    this.x = 0;
    this.lineHeight = 0;
  }
}
