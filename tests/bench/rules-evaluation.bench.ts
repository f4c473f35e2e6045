/**
 * Targeting rules vs peers (ns/op): one `rules` flag with three constraints (userId IN a
 * 100-id list, email STR_ENDS_WITH "@example.com", appVersion SEMVER_GTE 2.0.0) and a 50%
 * rollout, built by each peer in its own model and evaluated over the same 10,000 contexts:
 *
 * - `unleash-client`: an `Unleash` instance bootstrapped in memory, one `flexibleRollout`
 *   strategy with the three constraints; `isEnabled`.
 * - `@growthbook/growthbook`: a `GrowthBookClient` with a force rule, a condition
 *   (`$in`, `$regex`, `$vgte`) and `coverage: 0.5`; `isOn`.
 * - `@openfeature/flagd-core`: `FlagdCore` with `if` / `and` / `in` / `ends_with` / `sem_ver`
 *   and `fractional`; `resolveBooleanEvaluation`.
 *
 * Sluice is called through its Node SDK exactly as an application does: the SDK's offline
 * client (the same store and evaluation path as a streaming one), holding the flag and the
 * segments it names; `client.isEnabled(key, ctx)`.
 *
 * Then segments: a rule that names a segment of N user ids, N = 10, 1,000 and 100,000, to show
 * that a segment's size does not change the cost of an evaluation (its IN list is a Set), with
 * unleash-client given the same lists as inline constraints for contrast.
 */
import { FlagdCore } from '@openfeature/flagd-core'
import { GrowthBookClient } from '@growthbook/growthbook'
import type { EvaluationContext, Flag, SegmentDefinition } from '../../sdks/core/src/index.js'
import { createOfflineClient } from '../../sdks/node/src/index.js'
import { offlineUnleash } from './support/offline-unleash.js'
import { type Call, CONTEXT_COUNT, fmt, makeLoop, measureInterleaved, median, type Runner, USER_IDS } from './core-evaluation.bench.js'

const KEY = 'bench-rules'
/** 100 ids the IN constraint lists; half of the contexts carry one of them. */
const LISTED = USER_IDS.slice(0, 100)
const VERSIONS = ['1.9.3', '2.0.0', '2.4.1', '3.0.0-beta.2', '10.0.0', '0.9.0']
const SEGMENT_SIZES = [100, 1_000, 10_000, 100_000] as const

/** A segment of `size` user ids: the 100 listed ones (half of the contexts) and made-up ones. */
function segmentIds(size: number): string[] {
  return flat([...LISTED, ...Array.from({ length: size - LISTED.length }, (_, i) => `synthetic-${i}`)])
}

/** Strings as they arrive from a socket or a JSON body: flat, not V8 cons strings. */
function flat<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

interface Row {
  userId: string
  email: string
  appVersion: string
}

const ROWS: Row[] = flat(
  Array.from({ length: CONTEXT_COUNT }, (_, i) => ({
    userId: i % 2 === 0 ? LISTED[(i >> 1) % LISTED.length]! : USER_IDS[i]!,
    email: i % 3 === 0 ? `user${i}@other.org` : `user${i}@example.com`,
    appVersion: VERSIONS[i % VERSIONS.length]!,
  })),
)

/** What all three constraints say, before the rollout. */
const eligible = ROWS.map((r) => LISTED.includes(r.userId) && r.email.endsWith('@example.com') && !['1.9.3', '0.9.0'].includes(r.appVersion))

interface Peer {
  contexts: readonly unknown[]
  call: Call
  answer(i: number): boolean
  close(): void
}

function sluicePeer(): { peer: Peer; segmentRunners(): Array<Runner & { label: string }> } {
  const flag: Flag = {
    key: KEY,
    name: KEY,
    type: 'rules',
    enabled: true,
    archived: false,
    version: 1,
    createdAt: '2026-12-03T00:00:00.000Z',
    updatedAt: '2026-12-03T00:00:00.000Z',
    rules: [
      {
        id: 'pro-eu',
        constraints: [
          { attribute: 'userId', operator: 'IN', values: LISTED },
          { attribute: 'email', operator: 'STR_ENDS_WITH', values: ['@example.com'] },
          { attribute: 'appVersion', operator: 'SEMVER_GTE', value: '2.0.0' },
        ],
        rollout: 50,
      },
    ],
  }
  const segments: SegmentDefinition[] = SEGMENT_SIZES.map((size) => ({
    key: `users-${size}`,
    name: `${size} users`,
    constraints: [{ attribute: 'userId', operator: 'IN', values: segmentIds(size) }],
  }))
  const segmentFlags: Flag[] = SEGMENT_SIZES.map((size) => ({ ...flag, key: `bench-segment-${size}`, name: `bench-segment-${size}`, rules: [{ id: 'r', segments: [`users-${size}`] }] }))
  const client = createOfflineClient({ flags: [flag, ...segmentFlags], segments })
  const contexts: EvaluationContext[] = ROWS.map((r) => ({ userId: r.userId, attributes: { email: r.email, appVersion: r.appVersion } }))
  return {
    peer: {
      contexts,
      call: { expression: 'client.isEnabled(key, ctx)', bindings: { client, key: KEY } },
      answer: (i) => client.isEnabled(KEY, contexts[i]!),
      close: () => void client.close(),
    },
    segmentRunners: () =>
      SEGMENT_SIZES.map((size) => ({
        label: `Sluice, segment of ${size.toLocaleString('en-US')} ids`,
        name: `Sluice segment ${size}`,
        loop: makeLoop({ expression: 'client.isEnabled(key, ctx)', bindings: { client, key: `bench-segment-${size}` } }),
        ctxs: contexts,
        count: 0,
        samples: [],
      })),
  }
}

async function unleashPeer(): Promise<{ peer: Peer; segmentRunners(): Array<Runner & { label: string }> }> {
  const features = [
    {
      name: KEY,
      enabled: true,
      strategies: [
        {
          name: 'flexibleRollout',
          parameters: { rollout: '50', stickiness: 'default', groupId: KEY },
          constraints: [
            { contextName: 'userId', operator: 'IN', values: LISTED },
            { contextName: 'email', operator: 'STR_ENDS_WITH', values: ['@example.com'] },
            { contextName: 'appVersion', operator: 'SEMVER_GTE', value: '2.0.0' },
          ],
        },
      ],
    },
    ...[100, 1_000].map((size) => ({
      name: `bench-segment-${size}`,
      enabled: true,
      strategies: [
        {
          name: 'default',
          parameters: {},
          constraints: [{ contextName: 'userId', operator: 'IN', values: segmentIds(size) }],
        },
      ],
    })),
  ]
  const unleash = await offlineUnleash(flat(features))
  const contexts = ROWS.map((r) => ({ userId: r.userId, properties: { email: r.email, appVersion: r.appVersion } }))
  return {
    peer: {
      contexts,
      call: { expression: 'unleash.isEnabled(key, ctx)', bindings: { unleash, key: KEY } },
      answer: (i) => unleash.isEnabled(KEY, contexts[i]!),
      close: () => unleash.destroy(),
    },
    segmentRunners: () =>
      [100, 1_000].map((size) => ({
        label: `unleash-client, the same ${size.toLocaleString('en-US')} ids as a constraint`,
        name: `unleash segment ${size}`,
        loop: makeLoop({ expression: 'unleash.isEnabled(key, ctx)', bindings: { unleash, key: `bench-segment-${size}` } }),
        ctxs: contexts,
        count: 0,
        samples: [],
      })),
  }
}

function growthBookPeer(): Peer {
  const features = {
    [KEY]: {
      defaultValue: false,
      rules: [
        {
          condition: { id: { $in: LISTED }, email: { $regex: '@example\\.com$' }, appVersion: { $vgte: '2.0.0' } },
          force: true,
          coverage: 0.5,
          hashAttribute: 'id',
        },
      ],
    },
  }
  const client = new GrowthBookClient().initSync({ payload: { features: flat(features) } })
  const contexts = ROWS.map((r) => ({ attributes: { id: r.userId, email: r.email, appVersion: r.appVersion } }))
  return {
    contexts,
    call: { expression: 'client.isOn(key, ctx)', bindings: { client, key: KEY } },
    answer: (i) => client.isOn(KEY, contexts[i]!),
    close: () => client.destroy(),
  }
}

function flagdPeer(): Peer {
  const config = {
    flags: {
      [KEY]: {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: {
          if: [
            {
              and: [
                { in: [{ var: 'targetingKey' }, LISTED] },
                { ends_with: [{ var: 'email' }, '@example.com'] },
                { sem_ver: [{ var: 'appVersion' }, '>=', '2.0.0'] },
              ],
            },
            { fractional: [['on', 50], ['off', 50]] },
            'off',
          ],
        },
      },
    },
  }
  const core = new FlagdCore()
  core.setConfigurations(JSON.stringify(config))
  const contexts = ROWS.map((r) => ({ targetingKey: r.userId, email: r.email, appVersion: r.appVersion }))
  return {
    contexts,
    call: { expression: 'core.resolveBooleanEvaluation(key, false, ctx).value', bindings: { core, key: KEY } },
    answer: (i) => core.resolveBooleanEvaluation(KEY, false, contexts[i]!).value,
    close: () => {},
  }
}

const PEERS = ['unleash-client', 'GrowthBook', 'flagd-core'] as const
type PeerName = (typeof PEERS)[number]

/**
 * Every peer against Sluice on all 10,000 contexts before timing: unleash-client hashes as
 * Sluice does and must give the same answer everywhere; GrowthBook and flagd hash differently,
 * so they must be off wherever the constraints fail and on for about half of the rest. Only
 * the 100 listed users can be eligible, so "about half" is 50% ± 15% of those users.
 */
function check(sluice: Peer, peers: Record<PeerName, Peer>): string[] {
  const n = ROWS.length
  const ours = Array.from({ length: n }, (_, i) => sluice.answer(i))
  const fail = (message: string): never => {
    throw new Error(`rules bench: ${message}`)
  }
  ours.forEach((on, i) => {
    if (on && !eligible[i]) fail(`Sluice is on for context ${i}, which fails a constraint`)
  })
  const eligibleCount = eligible.filter(Boolean).length
  const shareOn = (answers: boolean[]) => answers.filter((on, i) => on && eligible[i]).length / eligibleCount
  const nearHalf = (share: number) => Math.abs(share - 0.5) <= 0.15
  if (!nearHalf(shareOn(ours))) fail(`Sluice turned ${shareOn(ours)} of the eligible contexts on`)
  for (const name of PEERS) {
    const theirs = Array.from({ length: n }, (_, i) => peers[name].answer(i))
    if (name === 'unleash-client') {
      const differing = theirs.filter((on, i) => on !== ours[i]).length
      if (differing > 0) fail(`unleash-client disagrees with Sluice on ${differing} contexts`)
      continue
    }
    const strays = theirs.filter((on, i) => on && !eligible[i]).length
    if (strays > 0) fail(`${name} is on for ${strays} contexts that fail a constraint`)
    if (!nearHalf(shareOn(theirs))) fail(`${name} turned ${shareOn(theirs)} of the eligible contexts on`)
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`
  return [
    `${eligibleCount.toLocaleString('en-US')} of the ${n.toLocaleString('en-US')} contexts meet all three constraints; Sluice turns ${pct(shareOn(ours))} of them on.`,
    'unleash-client gives the same answer as Sluice on every context (same constraints, same hash and bucket).',
    'GrowthBook and flagd are off wherever a constraint fails and turn about half of the rest on (they hash differently; 50% ± 15% of the 100 users who can be eligible).',
  ]
}

export default async function rulesEvaluation(): Promise<{ title: string; markdown: string }> {
  const sluice = sluicePeer()
  const unleash = await unleashPeer()
  const peers: Record<PeerName, Peer> = { 'unleash-client': unleash.peer, GrowthBook: growthBookPeer(), 'flagd-core': flagdPeer() }
  const checks = check(sluice.peer, peers)

  const all: Array<[string, Peer]> = [['Sluice', sluice.peer], ...PEERS.map((name): [string, Peer] => [name, peers[name]])]
  const runners: Runner[] = all.map(([name, peer]) => ({ name, loop: makeLoop(peer.call), ctxs: peer.contexts, count: 0, samples: [] }))
  const segmentRunners = [...sluice.segmentRunners(), ...unleash.segmentRunners()]
  const started = Date.now()
  const env = process.env.NODE_ENV
  // GrowthBook skips its debug logging in production, as a server would run it.
  process.env.NODE_ENV = 'production'
  try {
    measureInterleaved([...runners, ...segmentRunners], 25, 10)
  } finally {
    if (env === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = env
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  for (const [, peer] of all) peer.close()

  const ns = (name: string) => median(runners.find((r) => r.name === name)!.samples)
  const peerTimes = PEERS.map((name) => ns(name))
  const fastest = Math.min(...peerTimes)
  const fastestName = PEERS[peerTimes.indexOf(fastest)]
  const ratio = fastest / ns('Sluice')
  const segmentNs = segmentRunners.map((r) => median(r.samples))
  const growth = segmentNs[SEGMENT_SIZES.length - 1]! / segmentNs[0]!

  const markdown = [
    `Median ns per evaluation over 25 rounds interleaving all implementations (${seconds} s), 10,000 contexts, on a`,
    'machine shared with other work (absolute numbers drift between runs; the ratios are measured in one run).',
    'The flag: userId IN 100 ids, email STR_ENDS_WITH "@example.com", appVersion SEMVER_GTE 2.0.0, 50% rollout;',
    'each peer builds it in its own model (Unleash constraints, GrowthBook conditions, flagd targeting). Sluice',
    "is called through its Node SDK (`client.isEnabled`, the SDK's offline client). Lower is better.",
    '',
    `| Sluice | ${PEERS.join(' | ')} | Sluice vs fastest peer |`,
    `|---:|${PEERS.map(() => '---:').join('|')}|---|`,
    `| ${fmt(ns('Sluice'))} | ${peerTimes.map(fmt).join(' | ')} | ${ratio.toFixed(1)}x (${fastestName}) ${ratio >= 5 ? '✓' : '✗'} (target ≥ 5x) |`,
    '',
    ...checks.map((line) => `- ${line}`),
    '',
    'A rule naming a segment of N user ids (one IN constraint; every segment holds the same 100 users, who make',
    'half of the contexts, plus made-up ids):',
    '',
    '| segment | ns/op |',
    '|---|---:|',
    ...segmentRunners.map((r, i) => `| ${r.label} | ${fmt(segmentNs[i]!)} |`),
    '',
    `From 100 to 100,000 ids the cost of a Sluice evaluation changes by ${growth.toFixed(2)}x: the segment's list is`,
    'a Set built once when the segment is compiled, so a lookup is O(1) (what grows is only the memory the table',
    'spans). unleash-client walks the list on every call.',
  ].join('\n')
  return { title: 'Targeting rules vs peers (ns/op)', markdown }
}
