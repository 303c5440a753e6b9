import {ValidationError} from '../errors.js'
import {type ColorRole, type Palette, PLAIN, visibleWidth} from './color.js'

export interface Column<T> {
  /** How its cells are coloured on a colour terminal. */
  color?: ColorRole
  /** On a terminal too narrow for every column, columns with one are left out, lowest first (not those --columns names). */
  dropOrder?: number
  /** A name: on a terminal it gets the width the other columns leave, and is cut with "…" beyond it. */
  flexible?: boolean
  header: string
  /** What the user types in --columns, --sort and --filter. */
  key: string
  /** On a terminal: a shorter header and cell, e.g. the zone named once in the header instead of in every cell. */
  short?: {header: string; value(row: T): string}
  /** Sort key when the printed value does not sort well (times, numbers); missing values sort last. */
  sortKey?(row: T): number | string | undefined
  /** The full text: piped tables, CSV, --filter and --sort read it. */
  value(row: T): string
}

export interface TableOptions {
  columns?: string
  csv?: boolean
  filter?: string[]
  sort?: string
}

export interface TableView<T> {
  columns: Column<T>[]
  filters: Array<{column: Column<T>; text: string}>
  sort?: {column: Column<T>; descending: boolean}
}

function find<T>(columns: Column<T>[], key: string, flag: string): Column<T> {
  const wanted = key.trim().toLowerCase().replaceAll(/[\s-]+/g, '_')
  const column = columns.find(c => c.key === wanted)
  if (!column) throw new ValidationError(`${flag}: unknown column ${JSON.stringify(key)}; valid columns: ${columns.map(c => c.key).join(', ')}.`)
  return column
}

/** Checks --columns, --sort and --filter against the known columns, before any request. */
export function planTable<T>(all: Column<T>[], shown: Column<T>[], options: TableOptions): TableView<T> {
  const columns = options.columns === undefined
    ? shown
    : options.columns.split(',').filter(k => k.trim()).map(k => find(all, k, '--columns'))
  if (options.columns !== undefined && columns.length === 0) throw new ValidationError(`--columns is empty; valid columns: ${all.map(c => c.key).join(', ')}.`)
  let sort: TableView<T>['sort']
  if (options.sort !== undefined) {
    // `-COLUMN` reads naturally, but oclif takes `-required_by` for the -r flag; `COLUMN:desc` always works.
    const suffix = /^(.*):(asc|desc)$/i.exec(options.sort)
    const descending = suffix ? suffix[2].toLowerCase() === 'desc' : options.sort.startsWith('-')
    const key = suffix ? suffix[1] : (descending ? options.sort.slice(1) : options.sort)
    sort = {column: find(all, key, '--sort'), descending}
  }

  const filters = (options.filter ?? []).map(spec => {
    const equals = spec.indexOf('=')
    if (equals <= 0) throw new ValidationError(`--filter ${JSON.stringify(spec)} is not COLUMN=TEXT (for example status=ready); valid columns: ${all.map(c => c.key).join(', ')}.`)
    return {column: find(all, spec.slice(0, equals), '--filter'), text: spec.slice(equals + 1).toLowerCase()}
  })
  return {columns, filters, sort}
}

function compare(a: number | string | undefined, b: number | string | undefined): number {
  if (a === b) return 0
  if (a === undefined || a === '') return 1
  if (b === undefined || b === '') return -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a).localeCompare(String(b))
}

/** Filters (case-insensitive partial match) and sorts; a stable sort keeps the caller's order for ties. */
export function applyView<T>(rows: T[], view: TableView<T>): T[] {
  const kept = rows.filter(row => view.filters.every(f => f.column.value(row).toLowerCase().includes(f.text)))
  if (!view.sort) return kept
  const {column, descending} = view.sort
  const key = (row: T) => (column.sortKey ? column.sortKey(row) : column.value(row))
  return kept
  .map((row, index) => ({index, row}))
  .sort((x, y) => {
    const missingX = key(x.row) === undefined || key(x.row) === ''
    const missingY = key(y.row) === undefined || key(y.row) === ''
    // Missing values stay last in both directions.
    if (missingX !== missingY) return missingX ? 1 : -1
    return (descending ? -compare(key(x.row), key(y.row)) : compare(key(x.row), key(y.row))) || x.index - y.index
  })
  .map(x => x.row)
}

const GAP = 2
/** A name column keeps at least this many characters (or its header's) before other columns are left out. */
export const FLEXIBLE_MIN_WIDTH = 20

export interface RenderOptions {
  colors?: Palette
  /** Whether columns may be left out to fit (not when --columns chose them). */
  dropColumns?: boolean
  /** The terminal's width: the table is fitted to it. Without one (piped output) nothing is shortened. */
  width?: number
}

/** `text` cut to `width` characters, its last one an ellipsis when anything was cut. */
export function truncate(text: string, width: number): string {
  const characters = [...text]
  if (characters.length <= width) return text
  return width <= 0 ? '' : `${characters.slice(0, width - 1).join('')}…`
}

/** Splits `room` among columns wanting `wanted` characters: the narrow ones get all they want, the wide ones share the rest evenly. */
function share(wanted: number[], room: number): number[] {
  const widths = [...wanted]
  const order = wanted.map((w, i) => ({i, w})).sort((a, b) => a.w - b.w)
  let left = Math.max(room, 0)
  for (const [position, {i, w}] of order.entries()) {
    const even = Math.floor(left / (order.length - position))
    widths[i] = Math.min(w, even)
    left -= widths[i]
  }

  // What the even split left over goes to the widest columns, one character each.
  for (const {i, w} of order.toReversed()) {
    if (left <= 0) break
    if (widths[i] < w) {
      widths[i]++
      left--
    }
  }

  return widths
}

interface Layout<T> {
  columns: Column<T>[]
  widths: number[]
}

/**
 * Fits columns of `natural` widths into `width`: name columns give up what they must (down to
 * FLEXIBLE_MIN_WIDTH); when that is not enough, droppable columns are left out, lowest dropOrder first.
 */
export function fitColumns<T>(columns: Column<T>[], natural: number[], width: number, dropColumns = true): Layout<T> {
  let kept = columns.map((column, index) => ({column, index}))
  for (;;) {
    const gaps = GAP * (kept.length - 1)
    const wanted = kept.map(k => natural[k.index])
    if (wanted.reduce((sum, w) => sum + w, gaps) <= width) return {columns: kept.map(k => k.column), widths: wanted}
    const flexible = kept.filter(k => k.column.flexible)
    const fixed = kept.filter(k => !k.column.flexible).reduce((sum, k) => sum + natural[k.index], gaps)
    const least = flexible.reduce((sum, k) => sum + Math.min(natural[k.index], Math.max(FLEXIBLE_MIN_WIDTH, visibleWidth(k.column.header))), 0)
    const droppable = dropColumns ? kept.filter(k => k.column.dropOrder !== undefined) : []
    if (width - fixed >= least || droppable.length === 0) {
      const shared = share(flexible.map(k => natural[k.index]), width - fixed)
      // Even a terminal too narrow for the rest keeps a few characters of each name.
      const widths = new Map(flexible.map((k, i) => [k.index, Math.max(shared[i], Math.min(natural[k.index], 4))]))
      return {columns: kept.map(k => k.column), widths: kept.map(k => widths.get(k.index) ?? natural[k.index])}
    }

    const first = droppable.reduce((a, b) => (b.column.dropOrder! < a.column.dropOrder! ? b : a))
    kept = kept.filter(k => k !== first)
  }
}

/**
 * A table with a header and a rule. Piped (no width), every column is shown in full; on a terminal, with
 * the columns' short forms, fitted to the width (fitColumns). Colours never count toward a width.
 */
export function renderTable<T>(rows: T[], columns: Column<T>[], options: RenderOptions = {}): string {
  const colors = options.colors ?? PLAIN
  const terminal = options.width !== undefined
  const header = (c: Column<T>) => (terminal && c.short ? c.short.header : c.header)
  const cell = (c: Column<T>, row: T) => (terminal && c.short ? c.short.value(row) : c.value(row))
  const texts = rows.map(row => columns.map(c => cell(c, row)))
  const natural = columns.map((c, i) => Math.max(visibleWidth(header(c)), ...texts.map(r => visibleWidth(r[i]))))
  const layout = terminal ? fitColumns(columns, natural, options.width!, options.dropColumns) : {columns, widths: natural}
  const positions = layout.columns.map(c => columns.indexOf(c))
  const paint = (c: Column<T>, text: string) => (c.color && text !== '-' ? colors[c.color](text) : text)
  const line = (values: string[], colored: boolean) => values
  .map((value, i) => {
    const column = layout.columns[i]
    const text = truncate(value, layout.widths[i])
    const padding = i === values.length - 1 ? '' : ' '.repeat(layout.widths[i] - visibleWidth(text))
    return (colored ? paint(column, text) : text) + padding
  })
  .join(' '.repeat(GAP))
  .trimEnd()
  return [
    line(layout.columns.map(c => header(c)), false),
    line(layout.widths.map(w => '─'.repeat(w)), false),
    ...texts.map(r => line(positions.map(p => r[p]), true)),
  ].join('\n')
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

export function renderCsv<T>(rows: T[], columns: Column<T>[]): string {
  return [columns.map(c => csvCell(c.key)), ...rows.map(row => columns.map(c => csvCell(c.value(row))))].map(r => r.join(',')).join('\n')
}
