/**
 * The console with 5,000 flags, loaded through /admin/import (five imports of 1,000): the list renders only the rows in
 * view (virtualized) and search, type, state and environment narrow it to exactly the right
 * flags. It asserts what a user sees, not how fast: the machine is shared and noisy; the
 * durations it logs are recorded in tests/bench/RESULTS.md.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, auditAndShoot, signIn, startConsole, switchEnvironment, WAIT, type ConsoleHarness } from './support/console-browser.js'

const COUNT = 5_000
const CHUNK = 1_000
const TYPES = ['boolean', 'percentage', 'user_targeting', 'ip_targeting', 'rules'] as const

/** Flag i: its type cycles through the five, and it is on in staging when i is a multiple of 3. Its rule carries an id, as an export's do. */
function flag(i: number) {
  const type = TYPES[i % TYPES.length]!
  return {
    key: `flag-${String(i).padStart(5, '0')}`,
    name: `Flag number ${i}`,
    type,
    enabled: i % 3 === 0,
    ...(type === 'percentage' ? { percentage: 50 } : {}),
    ...(type === 'user_targeting' ? { userIds: ['user-1'] } : {}),
    ...(type === 'ip_targeting' ? { ips: ['10.0.0.0/8'] } : {}),
    ...(type === 'rules' ? { rules: [{ id: 'pro-plan', constraints: [{ attribute: 'plan', operator: 'IN', values: ['pro'] }] }] } : {}),
  }
}

const expected = (keep: (i: number) => boolean) => Array.from({ length: COUNT }, (_, i) => i).filter(keep).length

let harness: ConsoleHarness
let page: Page

beforeAll(async () => {
  // Each import is one transaction; on a loaded 2-core machine with the embedded database, 1,000
  // new flags (each created in every environment) can take longer than the default write deadline.
  harness = await startConsole({ WRITE_DEADLINE_MS: '120000' })
  page = harness.page
  const started = performance.now()
  for (let from = 0; from < COUNT; from += CHUNK) {
    const flags = Array.from({ length: CHUNK }, (_, i) => flag(from + i))
    const imported = await harness.api('POST', '/admin/import?environment=staging', { format: 'sluice-export', version: 1, flags, segments: [], chaosRules: [] })
    expect(imported.status, JSON.stringify(imported.body).slice(0, 500)).toBe(200)
    expect(imported.body.summary.flags).toMatchObject({ created: CHUNK, refused: 0 })
  }
  console.info(`import of ${COUNT} flags into staging, ${COUNT / CHUNK} imports of ${CHUNK}: ${Math.round(performance.now() - started)} ms`)
}, 900_000)

afterAll(async () => {
  await harness?.close()
})

const count = () => page.getByTestId('flag-count')
const rows = () => page.locator('.flag-row')
const search = () => page.getByRole('searchbox', { name: 'Search' })
const filter = (label: 'Type' | 'State') => page.locator('.filters label', { hasText: new RegExp(`^${label}`) }).locator('select')

async function shows(text: string): Promise<void> {
  await expect.poll(() => count().textContent(), { timeout: 30_000 }).toBe(text)
}

describe('the console with 5,000 flags', () => {
  it('lists them all but renders only the rows in view', async () => {
    await signIn(page, harness.service.url, ADMIN_TOKEN)
    const started = performance.now()
    await switchEnvironment(page, 'staging')
    await shows(`${COUNT} flags in Staging`)
    console.info(`switch to staging until the list shows ${COUNT} flags: ${Math.round(performance.now() - started)} ms`)
    const rendered = await rows().count()
    expect(rendered).toBeGreaterThan(5)
    expect(rendered).toBeLessThan(60)
    await auditAndShoot(page, 'flags-5000')

    // Scrolled to the end, the last flags are rendered, and still only a window of rows.
    await page.locator('.flag-list').evaluate((list) => list.scrollTo(0, list.scrollHeight))
    await page.locator('[data-key="flag-04999"]').waitFor(WAIT)
    expect(await rows().count()).toBeLessThan(60)
  })

  it('narrows to the right rows as a search is typed', async () => {
    const started = performance.now()
    await search().fill('flag-04321')
    await shows('1 flags in Staging')
    console.info(`search to one row of ${COUNT}: ${Math.round(performance.now() - started)} ms`)
    expect(await rows().evaluateAll((list) => list.map((r) => r.getAttribute('data-key')))).toEqual(['flag-04321'])

    await search().fill('flag-0432')
    await shows('10 flags in Staging')
    expect(await rows().evaluateAll((list) => list.map((r) => r.getAttribute('data-key')))).toEqual(Array.from({ length: 10 }, (_, i) => `flag-0432${i}`))

    // Names are searched too, case-insensitively.
    await search().fill('NUMBER 4999')
    await shows('1 flags in Staging')
    await search().fill('')
    await shows(`${COUNT} flags in Staging`)
  })

  it('filters by type and state, in the chosen environment', async () => {
    await filter('Type').selectOption('percentage')
    await shows(`${expected((i) => i % 5 === 1)} flags in Staging`)
    await filter('State').selectOption('on')
    const on = expected((i) => i % 5 === 1 && i % 3 === 0)
    await shows(`${on} flags in Staging`)
    const keys = await rows().evaluateAll((list) => list.map((r) => r.getAttribute('data-key')))
    expect(keys[0]).toBe('flag-00006')
    for (const key of keys) expect(Number(key!.slice(5)) % 15).toBe(6)
    expect(await page.locator('.flag-row [data-testid=state]', { hasText: 'off' }).count()).toBe(0)

    // The same filters, kept in the URL, in production, where the import left every flag off.
    await switchEnvironment(page, 'production')
    await shows('0 flags in Production')
    expect([await filter('Type').inputValue(), await filter('State').inputValue()]).toEqual(['percentage', 'on'])
    await filter('State').selectOption('off')
    await shows(`${expected((i) => i % 5 === 1)} flags in Production`)
  })
})
