import {Duration} from 'luxon'

import {ValidationError} from '../errors.js'

const UNITS = {d: 'days', h: 'hours', m: 'minutes', w: 'weeks'} as const

export const SPAN_FORMS = 'a whole number with a unit w, d, h or m, such as 2d, 1w, 12h or 1d12h'

/** `2d`, `1w`, `12h`, `1d12h` → a luxon Duration; undefined when the text is not of that form. */
export function readSpan(text: string): Duration | undefined {
  const value = text.trim().toLowerCase()
  const parts = [...value.matchAll(/(\d+)([wdhm])/g)]
  if (!value || parts.map(p => p[0]).join('') !== value) return undefined
  const span: Record<string, number> = {}
  for (const [, amount, unit] of parts) {
    const key = UNITS[unit as keyof typeof UNITS]
    span[key] = (span[key] ?? 0) + Number(amount)
  }

  return Duration.fromObject(span)
}

/** A span given on the command line (`--within 7d`): positive, and one line naming the flag otherwise. */
export function parseSpanFlag(text: string, flag: string): Duration {
  const span = readSpan(text)
  if (!span || span.toMillis() <= 0) throw new ValidationError(`${flag} ${JSON.stringify(text)} is not valid: give ${SPAN_FORMS}, greater than zero.`)
  return span
}

/** `2d`, `1w 2d`: a span in its own units, for the plan's lines. */
export function formatSpan(span: Duration): string {
  const parts = (['weeks', 'days', 'hours', 'minutes'] as const).filter(unit => span.get(unit) > 0).map(unit => `${span.get(unit)}${unit[0]}`)
  return parts.join('') || '0m'
}
