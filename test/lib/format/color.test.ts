import {expect} from 'chai'

import {colorLevel, hasOption, palette, PLAIN, stripAnsi, visibleWidth} from '../../../src/lib/format/color.js'

describe('format/color', () => {
  describe('colorLevel', () => {
    const tty = {argv: [], env: {}, isTTY: true}

    it('colours a terminal, and nothing piped', () => {
      expect(colorLevel(tty)).to.equal(1)
      expect(colorLevel({...tty, isTTY: false})).to.equal(0)
      expect(colorLevel({...tty, isTTY: undefined})).to.equal(0)
    })

    it('is off with NO_COLOR set to anything non-empty, and not with an empty one', () => {
      expect(colorLevel({...tty, env: {NO_COLOR: '1'}})).to.equal(0)
      expect(colorLevel({...tty, env: {NO_COLOR: 'yes'}})).to.equal(0)
      expect(colorLevel({...tty, env: {NO_COLOR: ''}})).to.equal(1)
    })

    it('is off with --no-color before --, even with FORCE_COLOR', () => {
      expect(colorLevel({...tty, argv: ['-a', 'example-app', '--no-color']})).to.equal(0)
      expect(colorLevel({...tty, argv: ['--no-color'], env: {FORCE_COLOR: '3'}})).to.equal(0)
      expect(colorLevel({...tty, argv: ['--', '--no-color']})).to.equal(1)
    })

    it('reads FORCE_COLOR as ansis does: 0 or false off, 1 to 3 that level, anything else on; over NO_COLOR and a pipe', () => {
      expect(colorLevel({...tty, env: {FORCE_COLOR: '0'}})).to.equal(0)
      expect(colorLevel({...tty, env: {FORCE_COLOR: 'false'}})).to.equal(0)
      expect(colorLevel({...tty, env: {FORCE_COLOR: '2'}, isTTY: false})).to.equal(2)
      expect(colorLevel({...tty, env: {FORCE_COLOR: 'true', NO_COLOR: '1'}, isTTY: false})).to.equal(1)
    })

    it('is off on a dumb terminal', () => {
      expect(colorLevel({...tty, env: {TERM: 'dumb'}})).to.equal(0)
    })
  })

  describe('hasOption', () => {
    it('finds an option only among the options', () => {
      expect(hasOption(['-a', 'x', '--no-color'], '--no-color')).to.equal(true)
      expect(hasOption(['--color'], '--no-color')).to.equal(false)
      expect(hasOption(['--', '--no-color'], '--no-color')).to.equal(false)
    })
  })

  describe('palette', () => {
    const colors = palette(1)

    it('colours as the Heroku CLI does: apps magenta, add-ons yellow, attachments cyan', () => {
      expect(colors.app('example-app')).to.equal('\u001B[35mexample-app\u001B[39m')
      expect(colors.addon('redis-lively-12345')).to.equal('\u001B[33mredis-lively-12345\u001B[39m')
      expect(colors.attachment('REDIS_URL')).to.equal('\u001B[36mREDIS_URL\u001B[39m')
      expect(colors.warning('Warning: x')).to.equal('\u001B[33mWarning: x\u001B[39m')
    })

    it('colours statuses by what they ask of the user', () => {
      expect(colors.status('completed')).to.equal('\u001B[32mcompleted\u001B[39m')
      expect(colors.status('running')).to.equal('\u001B[36mrunning\u001B[39m')
      expect(colors.status('ready')).to.equal('\u001B[33mready\u001B[39m')
      expect(colors.status('none')).to.equal('\u001B[2mnone\u001B[22m')
      expect(colors.status('unknown')).to.equal('\u001B[1munknown\u001B[22m')
    })

    it('applies nothing at level 0', () => {
      expect(PLAIN.enabled).to.equal(false)
      expect(colors.enabled).to.equal(true)
      for (const paint of [PLAIN.app, PLAIN.addon, PLAIN.attachment, PLAIN.status, PLAIN.warning, PLAIN.error]) expect(paint('ready')).to.equal('ready')
    })
  })

  it('measures the visible width, without escape codes', () => {
    const colored = palette(1).addon('redis-…')
    expect(stripAnsi(colored)).to.equal('redis-…')
    expect(visibleWidth(colored)).to.equal(7)
  })
})
