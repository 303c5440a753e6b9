import {expect} from 'chai'

import {ValidationError} from '../../../src/lib/errors.js'
import {applyView, type Column, planTable, renderCsv, renderTable, type TableView} from '../../../src/lib/format/table.js'

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
