/** What the command line knows of the screen before anything is drawn (no renderer loaded). */

/** How a run is shown on this terminal: the same for lessons and `verify`. */
export interface ViewOptions {
  json: boolean;
  color: boolean;
  /** Terminal columns; 0 means unknown. */
  width: number;
  delayMs: number;
  /** How much the ladder draws (--detail); full when not given (verify). */
  detail?: "compact" | "full";
  /** --serve --follow: the one client narrated in full. */
  follow?: string;
}

/** A terminal that reports 0 columns (a pseudo-terminal under `script`) is drawn at 80. */
export const FALLBACK_WIDTH = 80;

/** The width to draw at: the terminal's, else $COLUMNS, else 80. */
export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number {
  const columns = stream.isTTY ? stream.columns : Number(process.env.COLUMNS);
  return Number.isFinite(columns) && columns > 0 ? columns : FALLBACK_WIDTH;
}

/** NO_COLOR, FORCE_COLOR and --no-color, as chalk's users expect. */
export function wantsColor(flag: boolean | undefined): boolean {
  const env = process.env;
  return (
    flag !== false &&
    (env.NO_COLOR === undefined || env.NO_COLOR === "" || env.FORCE_COLOR !== undefined)
  );
}
