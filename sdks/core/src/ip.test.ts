import net from 'node:net'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalAddress } from './ip-canonical.js'
import { compileIpMatcher, type IpRange, isValidIpEntry, parseIpEntry } from './ip.js'

function matcher(...entries: string[]) {
  const ranges = entries.map((entry) => {
    const range = parseIpEntry(entry)
    if (range === null) throw new Error(`test entry ${entry} does not parse`)
    return range
  })
  return compileIpMatcher(ranges)
}

describe('parseIpEntry', () => {
  it.each<[string, IpRange]>([
    ['10.1.2.3', { family: 4, words: [0x0a010203], prefix: 32 }],
    ['0.0.0.0/0', { family: 4, words: [0], prefix: 0 }],
    ['255.255.255.255', { family: 4, words: [0xffffffff], prefix: 32 }],
    ['10.1.2.3/8', { family: 4, words: [0x0a000000], prefix: 8 }],
    ['::', { family: 6, words: [0, 0, 0, 0], prefix: 128 }],
    ['::1', { family: 6, words: [0, 0, 0, 1], prefix: 128 }],
    ['2001:db8::/32', { family: 6, words: [0x20010db8, 0, 0, 0], prefix: 32 }],
    ['2001:DB8:0:0:8:800:200C:417A', { family: 6, words: [0x20010db8, 0, 0x00080800, 0x200c417a], prefix: 128 }],
    ['1:2:3:4:5:6:7::', { family: 6, words: [0x00010002, 0x00030004, 0x00050006, 0x00070000], prefix: 128 }],
    ['::ffff:0:0/96', { family: 4, words: [0], prefix: 0 }],
    ['::ffff:10.0.0.0/104', { family: 4, words: [0x0a000000], prefix: 8 }],
    ['::ffff:a01:203', { family: 4, words: [0x0a010203], prefix: 32 }],
    ['::ffff:10.1.2.3/64', { family: 6, words: [0, 0, 0, 0], prefix: 64 }],
    ['::1.2.3.4', { family: 6, words: [0, 0, 0, 0x01020304], prefix: 128 }],
    ['64:ff9b::192.0.2.33', { family: 6, words: [0x0064ff9b, 0, 0, 0xc0000221], prefix: 128 }],
  ])('parses %s', (entry, expected) => {
    expect(parseIpEntry(entry)).toEqual(expected)
  })

  it.each([
    '',
    ' ',
    ' 10.0.0.1',
    '10.0.0.1 ',
    '10.0.0.1/ 8',
    '10.0.0.256',
    '10.0.0',
    '10.0.0.1.2',
    '10..0.1',
    '010.0.0.1',
    '1e1.0.0.1',
    '10.0.0.0/33',
    '10.0.0.0/-1',
    '10.0.0.0/08',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    '/8',
    '::1/129',
    '::/1000',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8::',
    '1:2:3:4:5:6:7::8',
    '1::2::3',
    ':::',
    ':1',
    '1:',
    '1::2:',
    '12345::',
    'g::1',
    'fe80::1%eth0',
    '[::1]',
    '::ffff:10.0.0.256',
    '::1.2.3',
    '1.2.3.4::',
    '1:2:3:4:5:6:7:1.2.3.4',
    'localhost',
    '1'.repeat(65),
  ])('rejects %j', (entry) => {
    expect(parseIpEntry(entry)).toBeNull()
    expect(isValidIpEntry(entry)).toBe(false)
  })

  it('rejects what is not a string', () => {
    for (const value of [undefined, null, 42, {}, ['10.0.0.1']]) expect(parseIpEntry(value as never)).toBeNull()
  })

  it('accepts every address fast-check generates, in any IPv6 spelling', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (address) => {
        expect(isValidIpEntry(address)).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it("agrees with Node's net.isIP on which addresses are valid", () => {
    const unit = fc.constantFrom(...'0123456789abcdefABCDEF:::....'.split(''))
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit, maxLength: 24 }), fc.ipV4(), fc.ipV6(), fc.ipV4Extended()), (s) => {
        expect(isValidIpEntry(s)).toBe(net.isIP(s) !== 0)
      }),
      { numRuns: 20_000 },
    )
  })
})

describe('compileIpMatcher', () => {
  it('matches exact IPv4 addresses and CIDR ranges', () => {
    const matches = matcher('192.168.1.10', '10.0.0.0/8', '172.16.0.0/12')
    expect(matches('192.168.1.10')).toBe(true)
    expect(matches('192.168.1.11')).toBe(false)
    expect(matches('10.255.255.255')).toBe(true)
    expect(matches('11.0.0.0')).toBe(false)
    expect(matches('172.31.255.1')).toBe(true)
    expect(matches('172.32.0.1')).toBe(false)
  })

  it('matches IPv6 whatever the spelling of entry and address', () => {
    const matches = matcher('2001:db8::1', '2001:db8:ff00::/40', 'fe80::/10')
    expect(matches('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe(true)
    expect(matches('2001:DB8::1')).toBe(true)
    expect(matches('2001:db8::2')).toBe(false)
    expect(matches('2001:db8:ffab::1')).toBe(true)
    expect(matches('2001:db8:fe00::1')).toBe(false)
    expect(matches('febf:ffff::1')).toBe(true)
    expect(matches('fec0::1')).toBe(false)
  })

  it('matches IPv4-mapped IPv6 addresses against IPv4 entries, and the other way round', () => {
    expect(matcher('10.0.0.0/8')('::ffff:10.1.2.3')).toBe(true)
    expect(matcher('10.0.0.0/8')('::ffff:a01:203')).toBe(true)
    expect(matcher('10.0.0.0/8')('::ffff:11.1.2.3')).toBe(false)
    expect(matcher('::ffff:10.1.2.3')('10.1.2.3')).toBe(true)
    expect(matcher('::ffff:10.0.0.0/104')('10.200.0.1')).toBe(true)
    expect(matcher('::ffff:10.0.0.0/104')('11.0.0.1')).toBe(false)
    // An IPv4-compatible (not mapped) address is a different address.
    expect(matcher('10.1.2.3')('::10.1.2.3')).toBe(false)
  })

  it('lets a short IPv6 prefix that covers the mapped block match IPv4 addresses', () => {
    expect(matcher('::/0')('10.1.2.3')).toBe(true)
    expect(matcher('::ffff:0:0/96')('8.8.8.8')).toBe(true)
    expect(matcher('2001:db8::/32')('8.8.8.8')).toBe(false)
  })

  it('matches nothing from an empty list, a malformed address or a non-string', () => {
    expect(matcher()('10.0.0.1')).toBe(false)
    const matches = matcher('0.0.0.0/0', '::/0')
    for (const ip of ['', '10.0.0.256', 'fe80::1%eth0', ' 10.0.0.1', 'not an ip', '1'.repeat(1_000_000)]) {
      expect(matches(ip)).toBe(false)
    }
    for (const ip of [undefined, null, 167772161, {}, ['10.0.0.1'], Symbol('ip')]) expect(matches(ip)).toBe(false)
  })

  it('handles nested and overlapping ranges', () => {
    const matches = matcher('10.0.0.0/8', '10.1.0.0/16', '10.1.2.3', '11.0.0.0/8', '2001:db8::/32', '2001:db8:1::/48')
    expect(matches('10.1.2.3')).toBe(true)
    expect(matches('11.255.0.0')).toBe(true)
    expect(matches('12.0.0.0')).toBe(false)
    expect(matches('9.255.255.255')).toBe(false)
    expect(matches('2001:db8:1::5')).toBe(true)
    expect(matches('2001:db9::')).toBe(false)
  })

  it("agrees with Node's net.BlockList on arbitrary ranges and addresses", () => {
    const v4Range = fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([a, p]) => `${a}/${p}`)
    const v6Range = fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([a, p]) => `${a}/${p}`)
    const mappedRange = fc.tuple(fc.ipV4(), fc.integer({ min: 96, max: 128 })).map(([a, p]) => `::ffff:${a}/${p}`)
    const entry = fc.oneof(fc.ipV4(), fc.ipV6(), v4Range, v6Range, mappedRange)
    const address = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4().map((a) => `::ffff:${a}`))
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), fc.array(address, { minLength: 1, maxLength: 20 }), (entries, addresses) => {
        const list = new net.BlockList()
        for (const e of entries) {
          const [a, p] = e.split('/') as [string, string | undefined]
          const type = net.isIP(a) === 4 ? 'ipv4' : 'ipv6'
          if (p === undefined) list.addAddress(a, type)
          else list.addSubnet(a, Number(p), type)
        }
        const matches = matcher(...entries)
        for (const a of addresses) expect(matches(a)).toBe(list.check(a, net.isIP(a) === 4 ? 'ipv4' : 'ipv6'))
      }),
      { numRuns: 2000 },
    )
  })

  it('agrees with net.BlockList on clustered lists, where buckets split ranges', () => {
    const octet = fc.integer({ min: 0, max: 255 })
    const near = fc.integer({ min: 0, max: 3 })
    const v4 = fc.tuple(near, octet, octet).map(([a, b, c]) => `10.${a}.${b}.${c}`)
    // Lists varying in the third group bucket on a byte inside one word; lists varying only in
    // the low bits of the fourth group bucket on a byte that straddles two words.
    const v6 = fc.oneof(
      fc.tuple(near, fc.nat(0xffff), fc.nat(0xffff)).map(([a, b, c]) => `2001:db8:${a}:${b.toString(16)}::${c.toString(16)}`),
      fc.tuple(near, fc.nat(0xffff), fc.nat(0xffff)).map(([a, b, c]) => `2001:db8:0:${a}:${b.toString(16)}::${c.toString(16)}`),
    )
    const entry = fc.oneof(
      v4,
      v6,
      fc.tuple(v4, fc.integer({ min: 8, max: 32 })).map(([a, p]) => `${a}/${p}`),
      fc.tuple(v6, fc.integer({ min: 30, max: 128 })).map(([a, p]) => `${a}/${p}`),
    )
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 40 }), fc.array(fc.oneof(v4, v6), { minLength: 1, maxLength: 40 }), (entries, addresses) => {
        const list = new net.BlockList()
        for (const e of entries) {
          const [a, p] = e.split('/') as [string, string | undefined]
          const type = net.isIP(a) === 4 ? 'ipv4' : 'ipv6'
          list.addSubnet(a, p === undefined ? (type === 'ipv4' ? 32 : 128) : Number(p), type)
        }
        const matches = matcher(...entries)
        for (const a of [...addresses, ...entries.map((e) => e.split('/')[0]!)]) {
          expect(matches(a)).toBe(list.check(a, net.isIP(a) === 4 ? 'ipv4' : 'ipv6'))
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('matches near range boundaries like net.BlockList', () => {
    // Random ranges rarely put random addresses near their edges; these do.
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: -2, max: 2 }), (base, prefix, nudge) => {
        const toV4 = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.')
        const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0
        const start = (base & mask) >>> 0
        const end = (start | ~mask) >>> 0
        const list = new net.BlockList()
        list.addSubnet(toV4(start), prefix, 'ipv4')
        const matches = matcher(`${toV4(base)}/${prefix}`)
        for (const edge of [start, end]) {
          const a = toV4(Math.min(0xffffffff, Math.max(0, edge + nudge)))
          expect(matches(a)).toBe(list.check(a, 'ipv4'))
        }
      }),
      { numRuns: 2000 },
    )
  })
})

describe('canonicalAddress', () => {
  const canonical = (entry: string) => canonicalAddress(parseIpEntry(entry)!)

  it.each([
    ['10.1.2.3', '10.1.2.3'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['::FFFF:a01:203', '10.1.2.3'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
  ])('spells %s as %s', (entry, expected) => {
    expect(canonical(entry)).toBe(expected)
  })

  it("agrees with the WHATWG URL serializer (RFC 5952) on every IPv6 address that is not IPv4-mapped", () => {
    fc.assert(
      fc.property(fc.ipV6(), (address) => {
        const range = parseIpEntry(address)!
        fc.pre(range.family === 6)
        expect(canonicalAddress(range)).toBe(new URL(`http://[${address}]/`).hostname.slice(1, -1))
      }),
      { numRuns: 2000 },
    )
  })
})

describe('compileIpMatcher on exact addresses (looked up as given first)', () => {
  const matches = matcher('10.1.2.3', '2001:db8::1', '::ffff:192.0.2.1', '2001:db8:0:0:1::', '198.51.100.200')

  it('matches every spelling of a listed address', () => {
    for (const ip of [
      '10.1.2.3',
      '2001:db8::1',
      '2001:DB8::1',
      '2001:0db8:0000:0000:0000:0000:0000:0001',
      '2001:db8:0:0:0:0:0:1',
      '2001:db8::0:1',
      '::ffff:10.1.2.3',
      '::FFFF:10.1.2.3',
      '::ffff:a01:203',
      '0:0:0:0:0:ffff:0a01:0203',
      '192.0.2.1',
      '2001:db8:0:0:1::',
      '2001:db8::1:0:0:0',
      '2001:DB8:0:0:1:0:0:0',
      // A three-digit last octet must not be read as the hex digits of a last group.
      '::ffff:198.51.100.200',
      '::ffff:c633:64c8',
    ]) {
      expect(matches(ip), ip).toBe(true)
    }
  })

  it('refuses leading zeros, zone ids, brackets, prefixes, whitespace and malformed text, without throwing', () => {
    for (const ip of [
      '010.1.2.3',
      '10.1.2.03',
      '10.1.2.3 ',
      '2001:db8::1%eth0',
      'fe80::1%1',
      '[2001:db8::1]',
      '2001:db8::1/128',
      '10.1.2.3/32',
      '2001:db8::00001',
      '2001:db8:::1',
      '2001:db8::g1',
      '::ffff:10.1.2.256',
      '',
      ':',
      '::1:',
      '1'.repeat(100),
    ]) {
      expect(matches(ip), ip).toBe(false)
    }
    for (const ip of [undefined, null, 167837955, {}, ['10.1.2.3'], Symbol('ip')]) expect(matches(ip)).toBe(false)
  })

  it('does not match other addresses that end like a listed one', () => {
    for (const ip of ['10.1.2.4', '11.1.2.3', '2001:db9::1', '2001:db8::2:1', '::1', '::ffff:10.1.2.4', '2001:db8::1:0:0']) {
      expect(matches(ip), ip).toBe(false)
    }
  })

  it("agrees with net.BlockList on lists of exact addresses, in any spelling", () => {
    const group = fc.oneof(fc.constant(0), fc.constant(0), fc.nat(0xffff))
    const groups = fc.array(group, { minLength: 8, maxLength: 8 })
    // A spelling: each group with up to 4 digits, in either case, and maybe one zero run as `::`.
    const spelled = fc.tuple(groups, fc.array(fc.nat(3), { minLength: 8, maxLength: 8 }), fc.boolean(), fc.boolean()).map(([gs, pads, upper, compress]) => {
      const text = gs.map((g, i) => {
        const hex = g.toString(16)
        const padded = hex.padStart(Math.min(4, hex.length + pads[i]!), '0')
        return upper ? padded.toUpperCase() : padded
      })
      const zeroAt = gs.indexOf(0)
      if (!compress || zeroAt < 0) return text.join(':')
      let end = zeroAt
      while (end < 8 && gs[end] === 0) end++
      return `${text.slice(0, zeroAt).join(':')}::${text.slice(end).join(':')}`
    })
    const address = fc.oneof(spelled, fc.ipV4(), fc.ipV4().map((a) => `::ffff:${a}`))
    fc.assert(
      fc.property(fc.array(address, { maxLength: 12 }), fc.array(address, { minLength: 1, maxLength: 20 }), (entries, others) => {
        const list = new net.BlockList()
        for (const e of entries) list.addAddress(e, net.isIP(e) === 4 ? 'ipv4' : 'ipv6')
        const matches = matcher(...entries)
        for (const a of [...entries, ...others]) expect(matches(a), a).toBe(list.check(a, net.isIP(a) === 4 ? 'ipv4' : 'ipv6'))
      }),
      { numRuns: 2000 },
    )
  })

  it('answers each matcher right when they alternate on one address, between compilations', () => {
    const ranged = matcher('10.0.0.0/8')
    const other = matcher('2001:db8::/32')
    for (let i = 0; i < 3; i++) {
      expect(ranged('::ffff:10.9.9.9')).toBe(true)
      expect(other('::ffff:10.9.9.9')).toBe(false)
      expect(parseIpEntry('2001:db8::5')).not.toBeNull()
      expect(other('2001:db8::7')).toBe(true)
      expect(ranged('2001:db8::7')).toBe(false)
    }
  })
})
