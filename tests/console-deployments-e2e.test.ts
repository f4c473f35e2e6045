/**
 * The console's Deployments page in headless Chromium against the real built service:
 * deployments recorded through the API listed and filtered by service, a rollback asked from
 * the console with a reason and its phases shown (no deployer is configured, so the request
 * stays queued and, past DEPLOYER_ACK_TIMEOUT_SECONDS, overdue), the server's 409 shown, a
 * migration revert, a viewer's read-only page, and client and deployer tokens from the Tokens page.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditAndShoot, open, signIn, startConsole, WAIT, ADMIN_TOKEN, type ConsoleHarness } from './support/console-browser.js'

let harness: ConsoleHarness
let page: Page

const api = (...args: Parameters<ConsoleHarness['api']>) => harness.api(...args)
const deployments = () => page.getByTestId('deployment')

beforeAll(async () => {
  // A one-second acknowledgement timeout makes the unanswered rollback overdue within the test.
  harness = await startConsole({ DEPLOYER_ACK_TIMEOUT_SECONDS: '1' })
  page = harness.page
  expect((await api('POST', '/admin/feature-flags', { key: 'checkout_v2', name: 'Checkout v2', type: 'percentage', enabled: true, percentage: 100 })).status).toBe(201)
  const recorded = [
    { service: 'checkout-api', version: '2026.12.02-1', commit: '1a2b3c4', migrations: ['0041_add_carts'] },
    { service: 'checkout-api', version: '2026.12.03-2', commit: '4f2a9c1', migrations: ['0042_add_ledger_index', '0043_split_payments'], canaryFlag: 'checkout_v2' },
    { service: 'billing-api', version: '7.1.0' },
  ]
  for (const body of recorded) expect((await api('POST', '/admin/deployments', body)).status).toBe(201)
}, 180_000)

afterAll(async () => {
  await harness?.close()
})

describe('the deployments page', () => {
  it('lists the environment\'s deployments and filters them by service', async () => {
    await signIn(page, harness.service.url, ADMIN_TOKEN)
    await open(page, 'Deployments')
    await deployments().nth(2).waitFor(WAIT)
    expect(await deployments().count()).toBe(3)
    const latest = deployments().filter({ hasText: '2026.12.03-2' })
    expect(await latest.textContent()).toContain('2026.12.02-1')
    expect(await latest.textContent()).toContain('4f2a9c1')
    expect(await latest.textContent()).toContain('checkout_v2')
    expect(await latest.textContent()).toContain('deployed')

    await page.getByLabel('Service').selectOption('billing-api')
    await deployments().filter({ hasText: 'checkout-api' }).first().waitFor({ state: 'detached', ...WAIT })
    // The filtered list replaces the whole one: wait for its row before reading it.
    await deployments().filter({ hasText: '7.1.0' }).waitFor(WAIT)
    expect(await deployments().allTextContents()).toEqual([expect.stringContaining('7.1.0')])
    await page.getByLabel('Service').selectOption('checkout-api')
    await deployments().nth(1).waitFor(WAIT)
    expect(await deployments().count()).toBe(2)
  })

  it('rolls a deployment back with a reason, turns its canary flag off, and shows the unacknowledged request overdue', async () => {
    await deployments().filter({ hasText: '2026.12.03-2' }).getByRole('link', { name: '2026.12.03-2' }).click()
    await page.getByRole('heading', { name: /checkout-api 2026\.12\.03-2/ }).waitFor(WAIT)
    expect(await page.getByText('Never rolled back.').count()).toBe(1)
    await page.getByRole('button', { name: 'Roll back deployment' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Reason (required)').fill('Ledger totals drift')
    await dialog.getByRole('button', { name: 'Roll back' }).click()

    await page.getByTestId('deployment-status').getByText('rolling_back').waitFor(WAIT)
    const row = page.getByTestId('deployment-rollback')
    await row.waitFor(WAIT)
    expect(await row.textContent()).toContain('redeploy 2026.12.02-1')
    expect(await row.textContent()).toContain('Ledger totals drift')
    // No deployer is configured: nobody was asked, nobody answered, and the request waits.
    expect(await row.getByTestId('asked').textContent()).toBe('not yet')
    expect(await row.getByTestId('acknowledged').textContent()).toBe('not yet')
    expect(await row.getByTestId('outcome').textContent()).toMatch(/^queued/)
    await row.getByTestId('overdue').waitFor(WAIT)
    expect((await api('GET', '/admin/feature-flags/checkout_v2')).body).toMatchObject({ enabled: false })
    await auditAndShoot(page, 'deployments')

    // One rollback per deployment at a time: the server's 409 is shown as it said it.
    await page.getByRole('button', { name: 'Roll back deployment' }).click()
    await dialog.getByLabel('Reason (required)').fill('again')
    await dialog.getByRole('button', { name: 'Roll back' }).click()
    await page.getByRole('alert').waitFor(WAIT)
    expect(await page.getByRole('alert').textContent()).toMatch(/rollback/i)
    expect((await api('GET', '/admin/rollbacks?type=deployment')).body).toHaveLength(1)
  })

  it('reverts the migrations picked from a deployment', async () => {
    await deployments().filter({ hasText: '2026.12.02-1' }).getByRole('link', { name: '2026.12.02-1' }).click()
    await page.getByRole('heading', { name: /checkout-api 2026\.12\.02-1/ }).waitFor(WAIT)
    await page.getByRole('button', { name: 'Revert migrations' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('checkbox', { name: '0041_add_carts' }).check()
    await dialog.getByLabel('Reason (required)').fill('carts table locks')
    await auditAndShoot(page)
    await dialog.getByRole('button', { name: 'Revert' }).click()
    const row = page.getByTestId('deployment-rollback')
    await row.waitFor(WAIT)
    expect(await row.textContent()).toContain('revert 0041_add_carts')
    const { body } = await api('GET', '/admin/rollbacks?type=database_migration')
    expect(body).toMatchObject([{ reason: 'carts table locks', phases: { action: 'revert_migrations', migrations: ['0041_add_carts'], state: 'queued' } }])
  })

  it('gives a viewer the deployments and their phases without any write control', async () => {
    const viewer = (await api('POST', '/admin/api-tokens', { name: 'release-watcher', role: 'viewer' })).body.token as string
    const context = await harness.browser.newContext()
    const viewerPage = await context.newPage()
    try {
      await signIn(viewerPage, harness.service.url, viewer)
      await open(viewerPage, 'Deployments')
      await viewerPage.getByTestId('deployment').nth(2).waitFor(WAIT)
      await viewerPage.getByRole('link', { name: '2026.12.03-2' }).click()
      await viewerPage.getByTestId('deployment-rollback').waitFor(WAIT)
      expect(await viewerPage.getByRole('button', { name: /Roll back|Revert/ }).count()).toBe(0)
    } finally {
      await context.close()
    }
  })

  it('creates a client token bound to one environment and a deployer token from the Tokens page', async () => {
    await open(page, 'Tokens')
    const form = page.getByRole('form', { name: 'New token' })
    await form.getByLabel('Name').fill('storefront')
    await form.getByLabel('Role').selectOption('client')
    await form.getByLabel(/^Environment/).selectOption('staging')
    await form.getByRole('button', { name: 'Create token' }).click()
    await page.getByRole('cell', { name: 'storefront', exact: true }).waitFor(WAIT)
    await form.getByLabel('Name').fill('checkout deployer')
    await form.getByLabel('Role').selectOption('deployer')
    await form.getByRole('button', { name: 'Create token' }).click()
    await page.getByRole('cell', { name: 'checkout deployer', exact: true }).waitFor(WAIT)
    const tokens = (await api('GET', '/admin/api-tokens')).body as Array<{ name: string; role: string; environment: string | null }>
    expect(tokens.find((t) => t.name === 'storefront')).toMatchObject({ role: 'client', environment: 'staging' })
    expect(tokens.find((t) => t.name === 'checkout deployer')).toMatchObject({ role: 'deployer', environment: null })
  })
})
