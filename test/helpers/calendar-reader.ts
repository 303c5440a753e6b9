/**
 * A strict reader of the iCalendar (RFC 5545) subset that `data:maintenances --ics` writes, for the tests.
 * A stopgap until a real parser (ical.js) is a devDependency: it refuses, rather than tolerates, anything
 * the RFC does not allow in that subset: bare LF or CR, lines over 75 octets, bad folding, unescaped
 * `;` `,` `\` in TEXT, unbalanced BEGIN/END, missing or repeated required properties, malformed times.
 */

export interface CalendarProperty {
  name: string
  params: Record<string, string>
  /** As written (still escaped). */
  raw: string
}

export interface CalendarComponent {
  components: CalendarComponent[]
  name: string
  properties: CalendarProperty[]
}

/** What a test wants to compare of one VEVENT, TEXT values unescaped. */
export interface CalendarEvent {
  description: string
  dtstamp: string
  dtstart: string
  duration: string
  summary: string
  uid: string
}

const NAME = /^[A-Za-z\d-]+$/
const CONTENT_LINE = /^([A-Za-z\d-]+)((?:;[A-Za-z\d-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*):(.*)$/s
const UTC_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/
const DURATION = /^[+-]?P(?:\d+W|(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?)$/
const TEXT_PROPERTIES = new Set(['DESCRIPTION', 'LOCATION', 'PRODID', 'SUMMARY', 'UID', 'X-WR-CALNAME'])

class CalendarSyntaxError extends Error {}

function fail(message: string): never {
  throw new CalendarSyntaxError(message)
}

/** Physical lines → content lines (RFC 5545 3.1). */
function unfold(text: string): string[] {
  if (!text.endsWith('\r\n')) fail('the document does not end with CRLF')
  const physical = text.slice(0, -2).split('\r\n')
  const logical: string[] = []
  for (const [index, line] of physical.entries()) {
    if (/[\r\n]/.test(line)) fail(`line ${index + 1} contains a bare CR or LF`)
    if (Buffer.byteLength(line, 'utf8') > 75) fail(`line ${index + 1} is longer than 75 octets: ${line}`)
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (logical.length === 0) fail('the document starts with a continuation line')
      logical[logical.length - 1] += line.slice(1)
    } else {
      if (line === '') fail(`line ${index + 1} is empty`)
      logical.push(line)
    }
  }

  return logical
}

function parseParams(text: string): Record<string, string> {
  const params: Record<string, string> = {}
  for (const match of text.matchAll(/;([A-Za-z\d-]+)=((?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)/g)) params[match[1].toUpperCase()] = match[2]
  return params
}

function parseLine(line: string): CalendarProperty {
  const match = CONTENT_LINE.exec(line)
  if (!match) fail(`not a content line: ${line}`)
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000A-\u001F\u007F]/.test(match[3])) fail(`control character in the value of ${match[1]}`)
  return {name: match[1].toUpperCase(), params: parseParams(match[2]), raw: match[3]}
}

/** A TEXT value (RFC 5545 3.3.11) unescaped; an unescaped `;` `,` or a stray backslash is an error. */
export function unescapeText(raw: string, name = 'TEXT'): string {
  let out = ''
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i]
    if (char === ';' || char === ',') fail(`unescaped ${JSON.stringify(char)} in ${name}: ${raw}`)
    if (char !== '\\') {
      out += char
      continue
    }

    const next = raw[++i]
    if (next === 'n' || next === 'N') out += '\n'
    else if (next === '\\' || next === ';' || next === ',') out += next
    else fail(`invalid escape \\${next ?? ''} in ${name}: ${raw}`)
  }

  return out
}

function checkUtcTime(value: string, name: string): void {
  const match = UTC_TIME.exec(value)
  if (!match) fail(`${name} is not a UTC DATE-TIME (YYYYMMDDTHHMMSSZ): ${value}`)
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number)
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second))
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 60) fail(`${name} is not a real time: ${value}`)
}

function only(component: CalendarComponent, name: string, required: boolean): CalendarProperty | undefined {
  const found = component.properties.filter(p => p.name === name)
  if (found.length > 1) fail(`${component.name} has ${found.length} ${name} properties`)
  if (required && found.length === 0) fail(`${component.name} has no ${name}`)
  return found[0]
}

function checkComponent(component: CalendarComponent): void {
  for (const property of component.properties) {
    if (TEXT_PROPERTIES.has(property.name)) unescapeText(property.raw, property.name)
  }

  if (component.name === 'VCALENDAR') {
    if (only(component, 'VERSION', true)!.raw !== '2.0') fail('VERSION is not 2.0')
    only(component, 'PRODID', true)
    only(component, 'CALSCALE', false)
    only(component, 'METHOD', false)
  }

  if (component.name === 'VEVENT') {
    only(component, 'UID', true)
    checkUtcTime(only(component, 'DTSTAMP', true)!.raw, 'DTSTAMP')
    checkUtcTime(only(component, 'DTSTART', true)!.raw, 'DTSTART')
    for (const name of ['SUMMARY', 'DESCRIPTION', 'TRANSP', 'DTEND']) only(component, name, false)
    const duration = only(component, 'DURATION', false)
    if (duration && !DURATION.test(duration.raw)) fail(`DURATION is malformed: ${duration.raw}`)
    if (duration && only(component, 'DTEND', false)) fail('VEVENT has both DTEND and DURATION')
  }

  for (const child of component.components) checkComponent(child)
}

/** The VCALENDAR of a document, or an error naming the first thing that is not valid. */
export function readCalendar(text: string): CalendarComponent {
  const stack: CalendarComponent[] = []
  let root: CalendarComponent | undefined
  for (const line of unfold(text)) {
    const property = parseLine(line)
    if (property.name === 'BEGIN') {
      if (!NAME.test(property.raw)) fail(`bad component name: ${property.raw}`)
      if (root && stack.length === 0) fail('content after the end of the calendar')
      const component: CalendarComponent = {components: [], name: property.raw.toUpperCase(), properties: []}
      if (stack.length > 0) stack.at(-1)!.components.push(component)
      else root = component
      stack.push(component)
    } else if (property.name === 'END') {
      const open = stack.pop()
      if (!open || open.name !== property.raw.toUpperCase()) fail(`END:${property.raw} does not close ${open?.name ?? 'anything'}`)
    } else {
      if (stack.length === 0) fail(`property outside any component: ${line}`)
      stack.at(-1)!.properties.push(property)
    }
  }

  if (stack.length > 0) fail(`${stack.at(-1)!.name} is not closed`)
  if (root?.name !== 'VCALENDAR') fail('the document is not a VCALENDAR')
  checkComponent(root)
  return root
}

/** The VEVENTs of a document, in order. */
export function readEvents(text: string): CalendarEvent[] {
  return readCalendar(text).components.filter(c => c.name === 'VEVENT').map(event => {
    const value = (name: string) => event.properties.find(p => p.name === name)?.raw ?? ''
    return {
      description: unescapeText(value('DESCRIPTION')),
      dtstamp: value('DTSTAMP'),
      dtstart: value('DTSTART'),
      duration: value('DURATION'),
      summary: unescapeText(value('SUMMARY')),
      uid: unescapeText(value('UID')),
    }
  })
}
