/**
 * The width tables are fitted to: undefined when the stream is not a terminal (piped output is never
 * shortened); else COLUMNS when it is a positive whole number, else the terminal's own, else 80.
 */
export function terminalWidth(stream: {columns?: number; isTTY?: boolean}, env: Record<string, string | undefined>): number | undefined {
  if (!stream.isTTY) return undefined
  const fromEnv = env.COLUMNS?.trim()
  if (fromEnv && /^\d+$/.test(fromEnv) && Number(fromEnv) > 0) return Number(fromEnv)
  return stream.columns && stream.columns > 0 ? stream.columns : 80
}
