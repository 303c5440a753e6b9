import {ValidationError} from '../errors.js'

export interface Column<T> {
  /** What the user types in --columns, --sort and --filter. */
  key: string
  header: string
  value(row: T): string
  /** Sort key when the printed value does not sort well (times, numbers); missing values sort last. */
  sortKey?(row: T): number | string | undefined
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

export function renderTable<T>(rows: T[], columns: Column<T>[]): string {
  const cells = rows.map(row => columns.map(c => c.value(row)))
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map(r => r[i].length)))
  const line = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]))).join('  ').trimEnd()
  return [line(columns.map(c => c.header)), line(widths.map(w => '─'.repeat(w))), ...cells.map(r => line(r))].join('\n')
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

export function renderCsv<T>(rows: T[], columns: Column<T>[]): string {
  return [columns.map(c => csvCell(c.key)), ...rows.map(row => columns.map(c => csvCell(c.value(row))))].map(r => r.join(',')).join('\n')
}
