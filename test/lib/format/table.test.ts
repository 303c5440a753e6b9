import {expect} from 'chai'

import {ValidationError} from '../../../src/lib/errors.js'
import {palette, stripAnsi, visibleWidth} from '../../../src/lib/format/color.js'
import {applyView, type Column, fitColumns, planTable, renderCsv, renderTable, type TableView, truncate} from '../../../src/lib/format/table.js'

interface Row {
  name: string
  scheduled?: string
  size?: number
  status: string
}

const name: Column<Row> = {header: 'Name', key: 'name', value: r => r.name}
const status: Column<Row> = {header: 'Status', key: 'status', value: r => r.status}
const scheduled: Column<Row> = {header: 'Scheduled For', key: 'scheduled_for', value: r => r.scheduled ?? ''}
const size: Column<Row> = {header: 'Size', key: 'size', sortKey: r => r.size, value: r => (r.size === undefined ? '' : `${r.size} GB`)}
const all = [name, status, scheduled, size]
const VALID = 'valid columns: name, status, scheduled_for, size.'

/** The widest line as the terminal shows it. */
const widest = (text: string) => Math.max(...text.split('\n').map(line => visibleWidth(line)))

function view(overrides: Partial<TableView<Row>> = {}): TableView<Row> {
  return {columns: all, filters: [], ...overrides}
}

describe('format/table', () => {
  describe('planTable', () => {
    it('reads COLUMN:desc and COLUMN:asc as well as -COLUMN', () => {
      expect(planTable(all, [name], {sort: 'status:desc'}).sort).to.deep.equal({column: status, descending: true})
      expect(planTable(all, [name], {sort: 'STATUS:ASC'}).sort).to.deep.equal({column: status, descending: false})
      expect(planTable(all, [name], {sort: '-status'}).sort).to.deep.equal({column: status, descending: true})
      expect(() => planTable(all, [name], {sort: 'nope:desc'})).to.throw('--sort: unknown column "nope"')
    })

    it('shows the default columns, unsorted and unfiltered, without options', () => {
      expect(planTable(all, [name, status], {})).to.deep.equal({columns: [name, status], filters: [], sort: undefined})
    })

    it('picks --columns in the order given, matching case, spaces and dashes loosely', () => {
      expect(planTable(all, [name], {columns: 'Status, scheduled-for,size,'}).columns).to.deep.equal([status, scheduled, size])
      expect(planTable(all, [name], {columns: 'scheduled for'}).columns).to.deep.equal([scheduled])
    })

    it('refuses an unknown column, listing the valid ones', () => {
      expect(() => planTable(all, all, {columns: 'name,colour'})).to.throw(ValidationError, `--columns: unknown column "colour"; ${VALID}`)
    })

    it('refuses an empty --columns', () => {
      expect(() => planTable(all, all, {columns: ''})).to.throw(ValidationError, `--columns is empty; ${VALID}`)
      expect(() => planTable(all, all, {columns: ' , '})).to.throw(ValidationError, `--columns is empty; ${VALID}`)
    })

    it('reads --sort, with a leading - for descending', () => {
      expect(planTable(all, all, {sort: 'status'}).sort).to.deep.equal({column: status, descending: false})
      expect(planTable(all, all, {sort: '-size'}).sort).to.deep.equal({column: size, descending: true})
    })

    it('refuses an unknown --sort column', () => {
      expect(() => planTable(all, all, {sort: '-age'})).to.throw(ValidationError, `--sort: unknown column "age"; ${VALID}`)
    })

    it('reads --filter COLUMN=TEXT, lower-casing the text and keeping any further =', () => {
      expect(planTable(all, all, {filter: ['Status=READY', 'name=a=b']}).filters).to.deep.equal([
        {column: status, text: 'ready'},
        {column: name, text: 'a=b'},
      ])
    })

    for (const spec of ['status', '=ready', '']) {
      it(`refuses the malformed --filter ${JSON.stringify(spec)}`, () => {
        expect(() => planTable(all, all, {filter: [spec]})).to.throw(
          ValidationError,
          `--filter ${JSON.stringify(spec)} is not COLUMN=TEXT (for example status=ready); ${VALID}`,
        )
      })
    }

    it('refuses a --filter on an unknown column', () => {
      expect(() => planTable(all, all, {filter: ['plan=premium']})).to.throw(ValidationError, `--filter: unknown column "plan"; ${VALID}`)
    })
  })

  describe('applyView', () => {
    const rows: Row[] = [
      {name: 'redis-b', scheduled: '2023-05-02', size: 10, status: 'ready'},
      {name: 'pg-a', size: 2, status: 'completed'},
      {name: 'redis-a', scheduled: '2023-05-01', status: 'Ready'},
      {name: 'pg-b', scheduled: '2023-05-01', size: 30, status: 'pending'},
    ]
    const names = (kept: Row[]) => kept.map(r => r.name)

    it('returns the rows as they are without filters or sort', () => {
      expect(names(applyView(rows, view()))).to.deep.equal(['redis-b', 'pg-a', 'redis-a', 'pg-b'])
    })

    it('filters by a case-insensitive partial match', () => {
      expect(names(applyView(rows, view({filters: [{column: status, text: 'read'}]})))).to.deep.equal(['redis-b', 'redis-a'])
    })

    it('keeps only rows that match every filter', () => {
      const filters = [{column: status, text: 'read'}, {column: name, text: '-a'}]
      expect(names(applyView(rows, view({filters})))).to.deep.equal(['redis-a'])
    })

    it('sorts ascending with missing values last, keeping the given order for ties', () => {
      expect(names(applyView(rows, view({sort: {column: scheduled, descending: false}})))).to.deep.equal(['redis-a', 'pg-b', 'redis-b', 'pg-a'])
    })

    it('sorts descending with missing values still last, ties still in the given order', () => {
      expect(names(applyView(rows, view({sort: {column: scheduled, descending: true}})))).to.deep.equal(['redis-b', 'redis-a', 'pg-b', 'pg-a'])
    })

    it('sorts by sortKey rather than the printed value (numbers, not text)', () => {
      // As text "10 GB" < "2 GB" < "30 GB"; as numbers 2 < 10 < 30; the row without a size goes last.
      expect(names(applyView(rows, view({sort: {column: size, descending: false}})))).to.deep.equal(['pg-a', 'redis-b', 'pg-b', 'redis-a'])
      expect(names(applyView(rows, view({sort: {column: size, descending: true}})))).to.deep.equal(['pg-b', 'redis-b', 'pg-a', 'redis-a'])
    })

    it('filters before sorting', () => {
      const result = applyView(rows, view({filters: [{column: name, text: 'pg'}], sort: {column: name, descending: true}}))
      expect(names(result)).to.deep.equal(['pg-b', 'pg-a'])
    })

    it('does not change the caller\'s array', () => {
      const copy = [...rows]
      applyView(rows, view({sort: {column: name, descending: false}}))
      expect(rows).to.deep.equal(copy)
    })
  })

  describe('renderTable', () => {
    it('aligns columns to the widest cell, underlines the headers and trims trailing spaces', () => {
      const rows: Row[] = [
        {name: 'redis-lively-12345', scheduled: '2023-05-01', status: 'ready'},
        {name: 'pg-a', status: 'completed'},
      ]
      expect(renderTable(rows, [name, status, scheduled])).to.equal([
        'Name                Status     Scheduled For',
        '──────────────────  ─────────  ─────────────',
        'redis-lively-12345  ready      2023-05-01',
        'pg-a                completed',
      ].join('\n'))
    })

    it('prints only the headers for no rows', () => {
      expect(renderTable([], [name, status])).to.equal('Name  Status\n────  ──────')
    })
  })

  describe('renderTable on a terminal', () => {
    const flexibleName: Column<Row> = {...name, color: 'addon', flexible: true}
    const droppableStatus: Column<Row> = {...status, color: 'status', dropOrder: 1}
    const shortScheduled: Column<Row> = {...scheduled, short: {header: 'Sched', value: r => (r.scheduled ?? '').slice(5)}}
    const rows: Row[] = [
      {name: 'postgresql-convex-98765-and-more', scheduled: '2023-05-01', status: 'ready'},
      {name: 'pg-a', status: 'completed'},
    ]

    it('uses the short header and cell, and leaves a table that fits as it is', () => {
      expect(renderTable(rows, [flexibleName, droppableStatus, shortScheduled], {width: 200})).to.equal([
        'Name                              Status     Sched',
        '────────────────────────────────  ─────────  ─────',
        'postgresql-convex-98765-and-more  ready      05-01',
        'pg-a                              completed',
      ].join('\n'))
    })

    it('cuts only the name column, with an ellipsis, when that is enough', () => {
      const table = renderTable(rows, [flexibleName, droppableStatus, shortScheduled], {width: 40})
      expect(table).to.equal([
        'Name                    Status     Sched',
        '──────────────────────  ─────────  ─────',
        'postgresql-convex-987…  ready      05-01',
        'pg-a                    completed',
      ].join('\n'))
      expect(widest(table)).to.equal(40)
    })

    it('leaves out a droppable column rather than cutting the name below 20 characters', () => {
      const table = renderTable(rows, [flexibleName, droppableStatus, shortScheduled], {width: 30})
      expect(table).to.equal([
        'Name                     Sched',
        '───────────────────────  ─────',
        'postgresql-convex-9876…  05-01',
        'pg-a',
      ].join('\n'))
    })

    it('keeps every column --columns chose, cutting the name instead', () => {
      const table = renderTable(rows, [flexibleName, droppableStatus, shortScheduled], {dropColumns: false, width: 30})
      expect(table.split('\n')[0]).to.equal('Name          Status     Sched')
      expect(table.split('\n')[2]).to.equal('postgresql-…  ready      05-01')
    })

    it('never shortens a piped table (no width), whatever its length', () => {
      const table = renderTable(rows, [flexibleName, droppableStatus, shortScheduled])
      expect(table.split('\n')[0]).to.equal('Name                              Status     Scheduled For')
      expect(table).to.include('postgresql-convex-98765-and-more  ready      2023-05-01')
      expect(table).not.to.include('…')
    })

    it('colours cells without counting the codes toward the widths', () => {
      const plain = renderTable(rows, [flexibleName, droppableStatus, shortScheduled], {width: 40})
      const colored = renderTable(rows, [flexibleName, droppableStatus, shortScheduled], {colors: palette(1), width: 40})
      expect(colored).not.to.equal(plain)
      expect(colored).to.include('\u001B[33mpostgresql-convex-987…\u001B[39m  \u001B[33mready\u001B[39m')
      expect(colored).to.include('\u001B[32mcompleted\u001B[39m')
      expect(stripAnsi(colored)).to.equal(plain)
    })

    it('leaves the header, the rule and "-" cells uncoloured', () => {
      const colored = renderTable([{name: '-', status: 'ready'}], [flexibleName, status], {colors: palette(1), width: 80})
      expect(colored.split('\n').slice(0, 3)).to.deep.equal(['Name  Status', '────  ──────', '-     ready'])
    })
  })

  describe('fitColumns', () => {
    const a: Column<Row> = {...name, flexible: true, key: 'a'}
    const b: Column<Row> = {...name, flexible: true, key: 'b'}

    it('gives narrow name columns all they want and splits the rest evenly between the wide ones', () => {
      expect(fitColumns([a, b, status], [10, 50, 6], 50).widths).to.deep.equal([10, 30, 6])
      expect(fitColumns([a, b, status], [40, 50, 6], 50).widths).to.deep.equal([20, 20, 6])
      expect(fitColumns([a, b, status], [40, 50, 6], 51).widths).to.deep.equal([20, 21, 6])
    })

    it('leaves out droppable columns, lowest dropOrder first, only once the names would get fewer than 20 characters', () => {
      const first: Column<Row> = {...status, dropOrder: 1, key: 'first'}
      const second: Column<Row> = {...status, dropOrder: 2, key: 'second'}
      expect(fitColumns([a, second, first], [30, 10, 10], 44)).to.deep.equal({columns: [a, second, first], widths: [20, 10, 10]})
      expect(fitColumns([a, second, first], [30, 10, 10], 43)).to.deep.equal({columns: [a, second], widths: [30, 10]})
      expect(fitColumns([a, second, first], [30, 10, 10], 30).columns.map(c => c.key)).to.deep.equal(['a'])
      expect(fitColumns([a, second, first], [30, 10, 10], 30, false).columns.map(c => c.key)).to.deep.equal(['a', 'second', 'first'])
    })

    it('keeps a few characters of each name on a terminal too narrow for anything', () => {
      expect(fitColumns([a, status], [30, 6], 5).widths).to.deep.equal([4, 6])
    })
  })

  describe('truncate', () => {
    it('cuts to the width with "…" as the last character, and leaves shorter text alone', () => {
      expect(truncate('postgresql-convex-98765', 10)).to.equal('postgresq…')
      expect(truncate('short', 5)).to.equal('short')
      expect(truncate('short', 0)).to.equal('')
    })
  })

  describe('renderCsv', () => {
    it('uses the column keys as the header row and quotes cells with commas, quotes or newlines', () => {
      const rows: Row[] = [
        {name: 'plain', status: 'ready'},
        {name: 'a,b', status: 'say "hi"'},
        {name: 'two\nlines', status: 'cr\rhere'},
      ]
      expect(renderCsv(rows, [name, status])).to.equal([
        'name,status',
        'plain,ready',
        '"a,b","say ""hi"""',
        '"two\nlines","cr\rhere"',
      ].join('\n'))
    })
  })
})
