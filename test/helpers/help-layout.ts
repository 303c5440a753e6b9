import {stripAnsi} from '../../src/lib/format/color.js'

/** The lines of help output as they show on a screen (colours removed). */
export function screenLines(text: string): string[] {
  return stripAnsi(text).split('\n')
}

/** Lines wider than the screen. */
export function linesWiderThan(text: string, width: number): string[] {
  return screenLines(text).filter(line => line.length > width)
}

const indentOf = (line: string) => line.length - line.trimStart().length

/**
 * Line breaks made before the screen needed one: in DESCRIPTION and in the flags' wrapped descriptions, a
 * line followed by a continuation whose first word would still have fitted on it.
 */
export function earlyBreaks(text: string, width: number): string[] {
  const lines = screenLines(text)
  const breaks: string[] = []
  let section = ''
  for (const [i, line] of lines.entries()) {
    if (/^[A-Z][A-Z ]+$/.test(line)) {
      section = line
      continue
    }

    const next = lines[i + 1]
    if (!next?.trim() || !line.trim()) continue
    // In FLAGS a continuation is indented deeper than the flag names (2 or 6 columns); in DESCRIPTION every line of a paragraph is.
    const continues = section === 'DESCRIPTION' ? indentOf(next) === 2 : section.endsWith('FLAGS') && indentOf(next) > 6
    if (!continues) continue
    const word = next.trim().split(' ')[0]
    if (line.length + 1 + word.length <= width) breaks.push(`${line}⏎${next}`)
  }

  return breaks
}

/** Paragraphs of a description (blank-line separated) that have a line break inside: text that oclif would wrap twice. */
export function brokenParagraphs(text: string | undefined): string[] {
  if (!text) return []
  return text.split(/\n\s*\n/).filter(paragraph => {
    const lines = paragraph.split('\n')
    // An indented or `$ ` line is an example block or a list, which keeps its lines.
    return lines.slice(1).some(line => !/^(\s|\$ |- |\* )/.test(line))
  })
}
