import {expect} from 'chai'

import {terminalWidth} from '../../../src/lib/format/terminal.js'

describe('format/terminal', () => {
  it('gives no width when the stream is not a terminal, whatever COLUMNS says', () => {
    expect(terminalWidth({columns: 80, isTTY: false}, {COLUMNS: '80'})).to.equal(undefined)
    expect(terminalWidth({}, {})).to.equal(undefined)
  })

  it('takes COLUMNS first, then the terminal\'s own width, then 80', () => {
    expect(terminalWidth({columns: 120, isTTY: true}, {COLUMNS: '60'})).to.equal(60)
    expect(terminalWidth({columns: 120, isTTY: true}, {})).to.equal(120)
    expect(terminalWidth({columns: 0, isTTY: true}, {})).to.equal(80)
  })

  it('ignores a COLUMNS that is not a positive whole number', () => {
    for (const value of ['0', 'wide', '-5', '', '80.5']) expect(terminalWidth({columns: 100, isTTY: true}, {COLUMNS: value})).to.equal(100)
  })
})
