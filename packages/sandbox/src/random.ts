/**
 * A small seeded pseudo-random generator (mulberry32). The sandbox draws every "random" choice
 * from it, and its state is saved with the world, so the same seed always builds the same world
 * and a restart goes on with the same sequence.
 */
export class SeededRandom {
  private value: number

  constructor(state: number) {
    this.value = Math.trunc(state) >>> 0
  }

  /** The state to save; `new SeededRandom(state)` continues the sequence. */
  get state(): number {
    return this.value
  }

  /** A float in [0, 1). */
  next(): number {
    this.value = (this.value + 0x6D_2B_79_F5) >>> 0
    let mixed = this.value
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1)
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61)
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296
  }

  /** An integer in [0, bound). */
  integer(bound: number): number {
    return Math.floor(this.next() * bound)
  }

  /** `length` lowercase hex digits. */
  hex(length: number): string {
    let out = ''
    while (out.length < length) out += this.integer(16).toString(16)
    return out
  }

  /** A version 4 shaped UUID drawn from this sequence. */
  uuid(): string {
    const variant = (8 + this.integer(4)).toString(16)
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`
  }
}
