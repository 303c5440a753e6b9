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
    const digits: string[] = []
    while (digits.length < length) digits.push(this.integer(16).toString(16))
    // Joined, not appended one by one: a string built by += keeps a node per digit (a fleet holds millions of ids).
    return digits.join('')
  }

  /** A version 4 shaped UUID drawn from this sequence. */
  uuid(): string {
    const variant = (8 + this.integer(4)).toString(16)
    // One flat string (a template literal would keep its parts).
    return [this.hex(8), this.hex(4), `4${this.hex(3)}`, `${variant}${this.hex(3)}`, this.hex(12)].join('-')
  }
}
