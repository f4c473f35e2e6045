/**
 * The console in headless Chromium (Debian's, never a downloaded one) against the real built
 * service: sign-in, the flag editor and "who gets it?", tags and the list's URL-kept filters, toggles, live updates from the API and
 * from an automatic canary rollback, HALT ALL, a viewer's read-only console, user strings
 * rendered as text, environments (switcher, side by side, toggles, promote, the environments
 * page, chaos per environment, tokens bound or limited), segments (editor, in-use), a limited
 * token's console, axe, the JavaScript budget, and a screenshot of each page for the docs.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditAndShoot, open, signIn as signInAt, startConsole, switchEnvironment, WAIT, ADMIN_TOKEN, type ConsoleHarness } from './support/console-browser.js'

const CONSOLE_ASSETS = fileURLToPath(new URL('../services/console/dist/assets/', import.meta.url))

let harness: ConsoleHarness
let page: Page

const api = (...args: Parameters<ConsoleHarness['api']>) => harness.api(...args)
const signIn = (target: Page, token: string) => signInAt(target, harness.service.url, token)

beforeAll(async () => {
  harness = await startConsole({ CHAOS_TESTING_ENABLED: 'true', NODE_ENV: 'development' })
  page = harness.page
}, 180_000)

afterAll(async () => {
  await harness?.close()
})

describe('the console', () => {
  it('ships at most 250 KB of compressed JavaScript on first load', () => {
    const scripts = readdirSync(CONSOLE_ASSETS).filter((name) => name.endsWith('.js'))
    const gzipped = scripts.reduce((sum, name) => sum + gzipSync(readFileSync(join(CONSOLE_ASSETS, name))).length, 0)
    console.info(`console JavaScript: ${(gzipped / 1024).toFixed(1)} KB gzip in ${scripts.length} file(s)`)
    expect(gzipped).toBeLessThanOrEqual(250 * 1024)
  })

  it('serves the app with a strict CSP and never shadows the API or operations routes', async () => {
    const index = await fetch(`${harness.service.url}/flags/anything`)
    expect(index.status).toBe(200)
    expect(index.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/)
    expect(index.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(index.headers.get('x-content-type-options')).toBe('nosniff')
    expect(index.headers.get('referrer-policy')).toBe('no-referrer')
    expect(index.headers.get('cache-control')).toBe('no-cache')
    const [script] = readdirSync(CONSOLE_ASSETS).filter((name) => name.endsWith('.js'))
    const asset = await fetch(`${harness.service.url}/assets/${script}`)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const unknownApi = await fetch(`${harness.service.url}/api/v1/admin/nothing-here`)
    expect(unknownApi.status).toBe(404)
    expect(unknownApi.headers.get('content-type')).toMatch(/json/)
    expect((await fetch(`${harness.service.url}/healthz`)).status).toBe(200)
  })

  it('signs in with a pasted token, kept out of the URL', async () => {
    await signIn(page, ADMIN_TOKEN)
    await expect(page.getByTestId('who').textContent()).resolves.toContain('admin')
    expect(page.url()).not.toContain(ADMIN_TOKEN)
    await auditAndShoot(page, 'flags')
  })

  it('creates a rules flag through the editor, shows a 400 by its field, and evaluates it in "who gets it?"', async () => {
    await page.getByRole('button', { name: 'New flag' }).click()
    await page.getByLabel('Key').fill('pro_checkout')
    await page.getByLabel('Name', { exact: true }).fill('Pro checkout')
    await page.getByLabel('Type', { exact: true }).selectOption('rules')
    await page.getByLabel('Enabled').check()
    await page.getByRole('button', { name: 'Add rule' }).click()
    await page.getByRole('button', { name: 'Add constraint' }).click()
    await page.getByLabel('Attribute').fill('appVersion')
    await page.getByLabel('Operator').selectOption('SEMVER_GTE')
    await page.getByLabel('Value', { exact: true }).fill('not-a-version')
    await auditAndShoot(page, 'flag-editor')
    await page.getByRole('button', { name: 'Create flag' }).click()
    const fieldError = page.locator('fieldset.constraint [role=alert]')
    await fieldError.waitFor(WAIT)
    await expect(fieldError.textContent()).resolves.toContain('rules[0].constraints[0]')

    await page.getByLabel('Attribute').fill('plan')
    await page.getByLabel('Operator').selectOption('IN')
    await page.getByLabel('Values').fill('pro, enterprise')
    await page.getByRole('button', { name: 'Create flag' }).click()
    await page.getByRole('heading', { name: 'Pro checkout' }).waitFor(WAIT)

    await page.getByLabel('Attributes (JSON)').fill('{"plan":"pro"}')
    await page.getByRole('button', { name: 'Check', exact: true }).click()
    await page.getByTestId('check-answer').waitFor(WAIT)
    await expect(page.getByTestId('check-answer').textContent()).resolves.toMatch(/ON.*rule_match/s)
    await page.getByLabel('Attributes (JSON)').fill('{"plan":"free"}')
    await page.getByRole('button', { name: 'Check', exact: true }).click()
    await page.getByTestId('check-answer').getByText('OFF').waitFor(WAIT)
    await auditAndShoot(page, 'flag')
  })

  it('toggles a flag after a confirmation, and the service agrees', async () => {
    await open(page, 'Flags')
    await page.getByRole('button', { name: 'Turn off pro_checkout' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Turn off' }).click()
    await page.locator('[data-key="pro_checkout"] [data-testid=state]', { hasText: 'off' }).waitFor(WAIT)
    const { body } = await api('GET', '/admin/feature-flags/pro_checkout')
    expect(body.enabled).toBe(false)
  })

  it('shows a change made through the API without a reload, and renders a hostile name as text', async () => {
    await api('PUT', '/admin/feature-flags/pro_checkout', { enabled: true })
    await page.locator('[data-key="pro_checkout"] [data-testid=state]', { hasText: 'on' }).waitFor(WAIT)

    const hostile = '<img src=x onerror=alert(1)>'
    expect((await api('POST', '/admin/feature-flags', { key: 'hostile_name', name: hostile, type: 'boolean', enabled: false })).status).toBe(201)
    await page.locator('[data-key="hostile_name"] .name', { hasText: hostile }).waitFor(WAIT)
    expect(await page.locator('.flag-list img').count()).toBe(0)
    expect(harness.dialogs).toEqual([])
  })

  it('shows an automatic canary rollback live, with its reason', async () => {
    await api('POST', '/admin/feature-flags', { key: 'ledger_v2', name: 'Ledger v2', type: 'percentage', enabled: true })
    expect((await api('POST', '/admin/canary-deployments', { featureKey: 'ledger_v2', version: 'v2', initialPercentage: 10, minSampleSize: 20, rollbackThreshold: 5 })).status).toBe(201)
    const sdk = (await api('POST', '/admin/api-tokens', { name: 'ledger-app', role: 'sdk' })).body.token as string
    await open(page, 'Canaries')
    await page.getByTestId('canary-status').getByText('running').waitFor(WAIT)

    const outcomes = await api('POST', '/sdk/outcomes', {
      items: [
        { flagKey: 'ledger_v2', side: 'canary', requests: 200, errors: 80, latencyMsSum: 20_000 },
        { flagKey: 'ledger_v2', side: 'baseline', requests: 2_000, errors: 4, latencyMsSum: 150_000 },
      ],
    }, sdk)
    expect(outcomes.status).toBe(202)
    await page.getByTestId('canary-status').getByText('rolled_back').waitFor({ timeout: 20_000 })
    const rolledBack = page.getByTestId('timeline').locator('li', { hasText: 'rolled_back' })
    await rolledBack.waitFor(WAIT)
    expect(await rolledBack.textContent()).toMatch(/error/i)
    await auditAndShoot(page, 'canaries')

    await open(page, 'Rollbacks')
    await page.getByTestId('rollback').filter({ hasText: 'ledger_v2' }).getByText('(automatic)').waitFor(WAIT)
    await auditAndShoot(page, 'rollbacks')
  })

  it('halts every armed chaos rule with one click', async () => {
    // Production environments refuse armed chaos, so the rules, and the console, are in staging.
    await switchEnvironment(page, 'staging')
    for (const name of ['slow wallet', 'flaky db']) {
      const created = await api('POST', '/admin/chaos-rules?environment=staging', { name, type: name === 'flaky db' ? 'database_failure' : 'latency', ...(name === 'flaky db' ? {} : { config: { latencyMs: 300 } }), enabled: true, probability: 0.1, expiresAt: new Date(Date.now() + 600_000).toISOString() })
      expect(created, JSON.stringify(created.body)).toMatchObject({ status: 201 })
    }
    await open(page, 'Chaos')
    const halt = page.getByRole('button', { name: /HALT ALL/ })
    await halt.waitFor(WAIT)
    await auditAndShoot(page, 'chaos')
    await halt.click()
    await page.getByTestId('chaos-state').filter({ hasText: 'armed' }).filter({ hasNotText: 'disarmed' }).first().waitFor({ state: 'detached', ...WAIT })
    const { body: rules } = await api('GET', '/admin/chaos-rules?environment=staging')
    expect(rules.map((r: { enabled: boolean }) => r.enabled)).toEqual([false, false])
    expect(await halt.count()).toBe(0)
    await switchEnvironment(page, 'production')
  })

  it('has history with a diff, and the audit log, tokens and segments pages pass axe', async () => {
    await page.goto(`${harness.service.url}/flags/pro_checkout`)
    await page.getByRole('heading', { name: 'History' }).waitFor(WAIT)
    await page.getByRole('button', { name: 'Revert to version 2' }).click()
    await page.getByRole('dialog').getByLabel('Reason (required)').fill('back to the first cut')
    await page.getByRole('dialog').getByRole('button', { name: 'Revert' }).click()
    await page.getByText(/version 4/).first().waitFor(WAIT)
    expect((await api('GET', '/admin/feature-flags/pro_checkout')).body).toMatchObject({ version: 4, enabled: false })
    await page.locator('table.diff').waitFor(WAIT)
    await auditAndShoot(page, 'flag-history')

    await api('POST', '/admin/segments', { key: 'staff', name: 'Staff', constraints: [{ attribute: 'email', operator: 'STR_ENDS_WITH', values: ['@example.com'] }] })
    await open(page, 'Audit log')
    await page.getByRole('button', { name: 'Show diff' }).first().click()
    await page.locator('table.diff').waitFor(WAIT)
    await auditAndShoot(page, 'audit')
    await open(page, 'Segments')
    await page.getByRole('cell', { name: 'Staff', exact: true }).waitFor(WAIT)
    await auditAndShoot(page, 'segments')
    await open(page, 'Tokens')
    await page.getByRole('cell', { name: 'ledger-app', exact: true }).waitFor(WAIT)
    await page.getByLabel('Name').fill('ci-bot')
    await page.getByRole('button', { name: 'Create token' }).click()
    await page.getByTestId('secret').waitFor(WAIT)
    expect(await page.getByTestId('secret').textContent()).toMatch(/^sluice_sdk_/)
    await auditAndShoot(page, 'tokens')
  })

  it('gives a viewer no write controls', async () => {
    const viewer = (await api('POST', '/admin/api-tokens', { name: 'pm', role: 'viewer' })).body.token as string
    const context = await harness.browser.newContext()
    const viewerPage = await context.newPage()
    try {
      await signIn(viewerPage, viewer)
      await viewerPage.locator('[data-key="pro_checkout"]').waitFor(WAIT)
      expect(await viewerPage.getByRole('button', { name: 'New flag' }).count()).toBe(0)
      expect(await viewerPage.getByRole('button', { name: /^Turn (on|off)/ }).count()).toBe(0)
      await viewerPage.goto(`${harness.service.url}/flags/pro_checkout`)
      await viewerPage.getByRole('heading', { name: 'Who gets it?' }).waitFor(WAIT)
      expect(await viewerPage.getByRole('button', { name: /Edit|Roll back now|Revert/ }).count()).toBe(0)
      // And the service refuses a write a viewer tries anyway.
      expect((await api('PUT', '/admin/feature-flags/pro_checkout', { enabled: false }, viewer)).status).toBe(403)
    } finally {
      await context.close()
    }
  })
  it('edits tags in the flag editor, filters the list by tag, and keeps the filters in the URL across an environment switch and a reload', async () => {
    for (const [key, tags, enabled] of [['pay_tagged', ['payments'], true], ['pay_and_team', ['payments', 'team:checkout'], false], ['untagged_one', [], false]] as const) {
      expect((await api('POST', '/admin/feature-flags', { key, name: key, type: 'boolean', enabled, tags })).status).toBe(201)
    }
    await open(page, 'Flags')
    await page.locator('[data-key="pay_and_team"] [data-testid=tags]', { hasText: 'team:checkout' }).waitFor(WAIT)

    // A bad tag is refused next to the field, and nothing changes.
    await page.goto(`${harness.service.url}/flags/untagged_one`)
    await page.getByRole('button', { name: 'Edit' }).click()
    await page.getByLabel(/^Tags/).fill('ops, Not-Lowercase')
    await page.getByRole('button', { name: 'Save' }).click()
    const tagError = page.locator('form.editor [role=alert]')
    await tagError.waitFor(WAIT)
    expect(await tagError.textContent()).toMatch(/^tags\[1\]: must match pattern/)
    expect((await api('GET', '/admin/feature-flags/untagged_one')).body).toMatchObject({ tags: [], version: 1 })
    await page.getByLabel(/^Tags/).fill('payments ops')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByTestId('tags').getByText('payments').waitFor(WAIT)
    expect((await api('GET', '/admin/feature-flags/untagged_one')).body).toMatchObject({ tags: ['ops', 'payments'], version: 2 })

    await open(page, 'Flags')
    const count = page.getByTestId('flag-count')
    const keys = () => page.locator('.flag-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))
    const tagFilter = page.locator('.filters label', { hasText: /^Tag/ }).locator('select')
    const stateFilter = page.locator('.filters label', { hasText: /^State/ }).locator('select')
    await tagFilter.selectOption('payments')
    await count.getByText('3 flags in Production').waitFor(WAIT)
    expect(await keys()).toEqual(['pay_and_team', 'pay_tagged', 'untagged_one'])
    await auditAndShoot(page)
    await stateFilter.selectOption('off')
    await count.getByText('2 flags in Production').waitFor(WAIT)
    expect(await keys()).toEqual(['pay_and_team', 'untagged_one'])
    const query = new URL(page.url()).searchParams
    expect([query.get('tag'), query.get('state')]).toEqual(['payments', 'off'])
    expect(page.url()).not.toContain(ADMIN_TOKEN)

    // Staging has the same tags (they are shared) and every copy there is off.
    await switchEnvironment(page, 'staging')
    await count.getByText('3 flags in Staging').waitFor(WAIT)
    expect([await tagFilter.inputValue(), await stateFilter.inputValue()]).toEqual(['payments', 'off'])
    expect(await keys()).toEqual(['pay_and_team', 'pay_tagged', 'untagged_one'])
    await page.reload()
    await count.getByText('3 flags in Staging').waitFor(WAIT)
    expect([await tagFilter.inputValue(), await stateFilter.inputValue()]).toEqual(['payments', 'off'])
    await switchEnvironment(page, 'production')
    await count.getByText('2 flags in Production').waitFor(WAIT)
  })

  it('shows a flag in every environment side by side, toggles staging without asking and production after asking', async () => {
    await page.goto(`${harness.service.url}/flags/pro_checkout`)
    const side = page.getByRole('region', { name: 'In every environment' })
    const row = (environment: string) => side.locator(`tr[data-environment="${environment}"]`)
    await row('staging').waitFor(WAIT)
    expect(await side.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-environment')))).toEqual(['development', 'staging', 'production'])

    await row('staging').getByRole('button', { name: 'Turn on pro_checkout in Staging' }).click()
    await row('staging').getByTestId('state').getByText('on').waitFor(WAIT)
    expect(await page.getByRole('dialog').count()).toBe(0)
    expect((await api('GET', '/admin/feature-flags/pro_checkout?environment=staging')).body.enabled).toBe(true)

    await row('production').getByRole('button', { name: 'Turn on pro_checkout in Production' }).click()
    await page.getByRole('dialog', { name: /in Production \(production\)\?/ }).getByRole('button', { name: 'Cancel' }).click()
    expect((await api('GET', '/admin/feature-flags/pro_checkout?environment=production')).body.enabled).toBe(false)
    await auditAndShoot(page, 'flag-environments')
  })

  it('promotes staging to production with a reason after asking, and shows a 412 plainly when production changed meanwhile', async () => {
    const side = page.getByRole('region', { name: 'In every environment' })
    const promote = side.getByRole('form', { name: 'Promote' })
    await promote.getByLabel('From').selectOption('staging')
    await promote.getByLabel('To').selectOption('production')
    await promote.getByLabel('Reason (required)').fill('verified in staging')
    await promote.getByRole('button', { name: 'Promote' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Promote' }).click()
    await promote.getByRole('status').getByText(/Promoted staging to production/).waitFor(WAIT)
    const promoted = (await api('GET', '/admin/feature-flags/pro_checkout?environment=production')).body
    expect(promoted).toMatchObject({ enabled: true, version: 5 })
    const audit = (await api('GET', '/admin/audit-log?environment=production&entityKey=pro_checkout&limit=1')).body
    expect(JSON.stringify(audit[0])).toContain('verified in staging')

    // The page still shows production at version 5 (its poll is held back) while someone changes it.
    const stale = (await api('GET', '/admin/feature-flags/pro_checkout/environments')).body
    await page.route('**/api/v1/admin/feature-flags/pro_checkout/environments*', (route) => route.fulfill({ json: stale }))
    try {
      expect((await api('PUT', '/admin/feature-flags/pro_checkout?environment=production', { enabled: false })).status).toBe(200)
      await promote.getByLabel('Reason (required)').fill('again')
      await promote.getByRole('button', { name: 'Promote' }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Promote' }).click()
      const refused = promote.getByRole('alert')
      await refused.waitFor(WAIT)
      expect(await refused.textContent()).toMatch(/Not promoted: the flag changed in production since this page showed it \(version 5\)/)
    } finally {
      await page.unroute('**/api/v1/admin/feature-flags/pro_checkout/environments*')
    }
    expect((await api('GET', '/admin/feature-flags/pro_checkout?environment=production')).body).toMatchObject({ enabled: false, version: 6 })
  })

  it('lists and creates environments, remembers the chosen one across a reload, and explains why chaos is refused in production', async () => {
    await open(page, 'Environments')
    await page.getByTestId('environment').first().waitFor(WAIT)
    await page.getByLabel('Key').fill('qa')
    await page.getByLabel('Name').fill('QA')
    await page.getByLabel('Sort order').fill('15')
    await page.getByRole('button', { name: 'Create environment' }).click()
    await page.getByTestId('environment').filter({ hasText: 'QA' }).waitFor(WAIT)
    expect((await api('GET', '/admin/environments')).body.map((e: { key: string }) => e.key)).toEqual(['development', 'qa', 'staging', 'production'])
    await auditAndShoot(page, 'environments')

    await switchEnvironment(page, 'qa')
    await page.reload()
    await page.getByRole('navigation', { name: 'Main' }).waitFor(WAIT)
    expect(await page.getByRole('combobox', { name: 'Environment', exact: true }).inputValue()).toBe('qa')

    await switchEnvironment(page, 'production')
    await open(page, 'Chaos')
    await page.getByTestId('chaos-refused').waitFor(WAIT)
    expect(await page.getByTestId('chaos-refused').textContent()).toMatch(/Production is a production environment: the service refuses to arm chaos rules here/)
    expect(await page.getByRole('button', { name: 'Arm rule' }).count()).toBe(0)
    await auditAndShoot(page)
    await switchEnvironment(page, 'staging')
    await page.getByRole('button', { name: 'Arm rule' }).waitFor(WAIT)
    expect(await page.getByTestId('chaos-refused').count()).toBe(0)
    await switchEnvironment(page, 'production')
  })

  it('creates and edits a segment with the constraint editor, shows a 400 by its field, and a 409 "in use" with the flag', async () => {
    await open(page, 'Segments')
    await page.getByRole('button', { name: 'New segment' }).click()
    const editor = page.getByRole('form', { name: 'New segment' })
    await editor.getByLabel('Key').fill('beta-testers')
    await editor.getByLabel('Name').fill('Beta testers')
    await editor.getByRole('button', { name: 'Add constraint' }).click()
    await editor.getByLabel('Attribute').fill('appVersion')
    await editor.getByLabel('Operator').selectOption('SEMVER_GTE')
    await editor.getByLabel('Value', { exact: true }).fill('two')
    await editor.getByRole('button', { name: 'Create segment' }).click()
    const fieldError = editor.locator('fieldset.constraint [role=alert]')
    await fieldError.waitFor(WAIT)
    expect(await fieldError.textContent()).toContain('constraints[0]')
    expect((await api('GET', '/admin/segments/beta-testers')).status).toBe(404)
    await editor.getByLabel('Value', { exact: true }).fill('2.0.0')
    await editor.getByRole('button', { name: 'Create segment' }).click()
    await page.locator('[data-segment="beta-testers"]').waitFor(WAIT)

    await page.getByRole('button', { name: 'Edit beta-testers' }).click()
    const edit = page.getByRole('form', { name: 'Edit segment beta-testers' })
    await edit.getByLabel('Value', { exact: true }).fill('2.1.0')
    await edit.getByRole('button', { name: 'Save segment' }).click()
    await page.locator('[data-segment="beta-testers"]', { hasText: '2.1.0' }).waitFor(WAIT)
    expect((await api('GET', '/admin/segments/beta-testers')).body).toMatchObject({ version: 2, constraints: [{ operator: 'SEMVER_GTE', value: '2.1.0' }] })
    await auditAndShoot(page, 'segments')

    const used = await api('POST', '/admin/feature-flags', { key: 'beta_banner', name: 'Beta banner', type: 'rules', enabled: true, rules: [{ segments: ['beta-testers'] }] })
    expect(used.status, JSON.stringify(used.body)).toBe(201)
    await page.getByRole('button', { name: 'Delete beta-testers' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click()
    const inUse = page.getByTestId('segment-in-use')
    await inUse.getByRole('link', { name: 'Beta banner (beta_banner)' }).waitFor(WAIT)
    expect(await inUse.textContent()).toMatch(/used by the flag "beta_banner"/)
    expect((await api('GET', '/admin/segments/beta-testers')).status).toBe(200)
  })

  it('creates an sdk token bound to one environment and an operator limited to some', async () => {
    await open(page, 'Tokens')
    const form = page.getByRole('form', { name: 'New token' })
    await form.getByLabel('Name').fill('staging-app')
    await form.getByLabel('Role').selectOption('sdk')
    await form.getByLabel(/^Environment/).selectOption('staging')
    await form.getByRole('button', { name: 'Create token' }).click()
    await page.getByRole('cell', { name: 'staging-app', exact: true }).waitFor(WAIT)
    await form.getByLabel('Name').fill('staging-oncall')
    await form.getByLabel('Role').selectOption('operator')
    await form.getByRole('checkbox', { name: 'Staging' }).check()
    await form.getByRole('checkbox', { name: 'Development' }).check()
    await form.getByRole('button', { name: 'Create token' }).click()
    await page.getByRole('cell', { name: 'staging-oncall', exact: true }).waitFor(WAIT)
    const tokens = (await api('GET', '/admin/api-tokens')).body as Array<{ name: string; environment: string | null; environments: string[] | null }>
    expect(tokens.find((t) => t.name === 'staging-app')).toMatchObject({ environment: 'staging', environments: null })
    expect(tokens.find((t) => t.name === 'staging-oncall')?.environments?.sort()).toEqual(['development', 'staging'])
    await auditAndShoot(page, 'tokens')
  })

  it('shows a token limited to some environments only those, and no write controls for the others', async () => {
    const limited = (await api('POST', '/admin/api-tokens', { name: 'staging-admin', role: 'admin', environments: ['development', 'staging'] })).body.token as string
    const context = await harness.browser.newContext()
    const limitedPage = await context.newPage()
    try {
      await signIn(limitedPage, limited)
      const select = limitedPage.getByRole('combobox', { name: 'Environment', exact: true })
      expect(await select.locator('option').allTextContents()).toEqual(['Development', 'Staging'])
      // The server's default (production) is out of reach, so the console starts in the first one it may use.
      expect(await select.inputValue()).toBe('development')
      await limitedPage.goto(`${harness.service.url}/flags/pro_checkout`)
      const side = limitedPage.getByRole('region', { name: 'In every environment' })
      await side.locator('tr[data-environment="staging"]').waitFor(WAIT)
      expect(await side.locator('tbody tr').count()).toBe(2)
      expect(await limitedPage.getByRole('button', { name: /in Production/ }).count()).toBe(0)
      expect(await side.getByLabel('To').locator('option').allTextContents()).toEqual(['development', 'staging'])
      await limitedPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Environments', exact: true }).click()
      await limitedPage.getByTestId('environment').first().waitFor(WAIT)
      expect(await limitedPage.getByRole('button', { name: 'Create environment' }).count()).toBe(0)
      // And the service refuses what the console does not offer.
      expect((await api('PUT', '/admin/feature-flags/pro_checkout?environment=production', { enabled: true }, limited)).status).toBe(403)
    } finally {
      await context.close()
    }
  })

  it('gives a viewer no toggles or promote in the side-by-side view', async () => {
    const viewer = (await api('POST', '/admin/api-tokens', { name: 'pm-2', role: 'viewer' })).body.token as string
    const context = await harness.browser.newContext()
    const viewerPage = await context.newPage()
    try {
      await signIn(viewerPage, viewer)
      await viewerPage.goto(`${harness.service.url}/flags/pro_checkout`)
      const side = viewerPage.getByRole('region', { name: 'In every environment' })
      await side.locator('tr[data-environment="production"]').waitFor(WAIT)
      expect(await side.getByRole('button').count()).toBe(0)
      expect(await side.getByRole('form', { name: 'Promote' }).count()).toBe(0)
    } finally {
      await context.close()
    }
  })
})
