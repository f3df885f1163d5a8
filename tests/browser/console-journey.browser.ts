import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartedLoketSandbox } from '../../connectors/loket/sandbox/index.js'
import { adminToken, startGateway, startSandbox, type GatewayInstance } from '../e2e/loket-harness.js'
import { chromiumArgs, chromiumPath } from './chromium-path.js'

const screenshots = join(import.meta.dirname, 'screenshots')
let sandbox: StartedLoketSandbox
let instance: GatewayInstance
let browser: Browser
let page: Page
let step = 0

/** One screenshot per step, at 360 px (a phone) and at 1280 px (a desktop). */
async function snap(name: string): Promise<void> {
  step++
  const file = `${String(step).padStart(2, '0')}-${name}`
  for (const [label, width] of [['360', 360], ['desktop', 1280]] as const) {
    await page.setViewportSize({ width, height: width === 360 ? 780 : 900 })
    await page.screenshot({ path: join(screenshots, `${file}-${label}.png`), fullPage: true })
  }
  await page.setViewportSize({ width: 1280, height: 900 })
}

beforeAll(async () => {
  rmSync(screenshots, { recursive: true, force: true })
  mkdirSync(screenshots, { recursive: true })
  sandbox = await startSandbox({ seed: 17, employeesPerEmployer: 6 })
  instance = await startGateway(sandbox, { receiver: true, manualRelease: true })
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
})
afterAll(async () => {
  await browser?.close()
  await instance?.close()
  await sandbox?.close()
})

describe('the employer\'s journey through the console, in Chromium', () => {
  it('logs in and sees the connection waiting for authorization', async () => {
    await page.goto(`${instance.url}/`)
    await expect.poll(() => page.url()).toContain('/console/login')
    await snap('login')
    await page.getByLabel('Beheertoken').fill(adminToken)
    await page.getByRole('button', { name: 'Inloggen' }).click()
    await page.getByRole('heading', { name: 'Koppelingen' }).waitFor()
    expect(await page.getByText('Autorisatie nodig').count()).toBeGreaterThan(0)
    await snap('overview-needs-authorization')
  })

  it('"Eerste aanmelding" goes through the consent screen ("Toestaan") and back', async () => {
    await page.getByRole('link', { name: instance.connectionId }).click()
    await page.getByRole('button', { name: 'Eerste aanmelding' }).click()
    await page.getByRole('button', { name: 'Toestaan' }).waitFor()
    await snap('consent')
    await page.getByRole('button', { name: 'Toestaan' }).click()
    await page.getByText('Het autoriseren van de Loket.nl koppeling is geslaagd.').waitFor()
    await snap('authorized')
    await page.getByRole('link', { name: /Terug naar de console/ }).click()
    await page.getByRole('heading', { name: 'Koppelingen' }).waitFor()
    expect(await page.getByText('Gereed').count()).toBeGreaterThan(0)
  })

  it('"Controleren" names a missing right in Dutch, and is all good once the right is back', async () => {
    await page.getByRole('link', { name: instance.connectionId }).click()
    sandbox.setRight('Raadplegen beloningen', false)
    await page.getByRole('button', { name: 'Controleren' }).click()
    await page.getByText('Ontbrekende rechten').waitFor()
    expect(await page.getByRole('listitem').filter({ hasText: /^Raadplegen beloningen$/ }).count()).toBe(1)
    await snap('check-missing-right')
    sandbox.setRight('Raadplegen beloningen', true)
    await page.getByRole('button', { name: 'Controleren' }).click()
    await page.getByText('Alles in orde').waitFor()
  })

  it('"Ophalen gegevens" shows the run until it ends, with its counts per entity', async () => {
    await page.getByRole('button', { name: 'Ophalen gegevens' }).click()
    await page.getByText('Geslaagd').first().waitFor({ timeout: 60_000 })
    const counts = page.getByRole('table')
    await expect.poll(() => counts.getByRole('row', { name: /Werknemer/ }).count()).toBeGreaterThan(0)
    expect(await counts.getByRole('columnheader', { name: 'Opgehaald' }).count()).toBe(1)
    await snap('first-run-done')
  })

  it('a change in the payroll system arrives with the next "Ophalen gegevens", masked', async () => {
    const employee = [...sandbox.data.employees.values()][0]!
    const street = 'Consolestraat'
    sandbox.changeAddress(employee.employee.id, { street })
    const employment = [...sandbox.data.employments.values()].find((entry) => entry.employeeId === employee.employee.id)!
    sandbox.raiseSalary(employment.employment.id, { percent: 5 })
    // The receiver is down for a while: these deliveries fail and wait for "Opnieuw versturen".
    instance.receiver!.script(() => ({ status: 500 }))
    await page.getByRole('link', { name: 'Terug naar de koppeling' }).click()
    await page.getByRole('button', { name: 'Ophalen gegevens' }).click()
    await page.getByText('Geslaagd').first().waitFor({ timeout: 60_000 })
    await snap('second-run-done')
    await page.getByRole('link', { name: 'Terug naar de koppeling' }).click()
    const changes = page.getByRole('region', { name: 'Laatste wijzigingen' })
    await changes.getByText('address.street').waitFor()
    const text = await changes.innerText()
    expect(text).toContain('•••••')
    expect(text).not.toContain(street)
    expect(text).not.toContain(String(employee.bsn))
    await changes.scrollIntoViewIfNeeded()
    await snap('changes-masked')
  })

  it('a failed delivery is sent again with "Opnieuw versturen"', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click()
    const replay = page.getByRole('button', { name: /^Opnieuw versturen: / })
    await expect.poll(async () => { await page.reload(); return replay.count() }, { timeout: 20_000, interval: 500 }).toBeGreaterThan(0)
    await snap('failed-deliveries')
    instance.receiver!.script(() => undefined)
    const before = instance.receiver!.received.filter((request) => request.verified).length
    const failed = await replay.count()
    await replay.first().click()
    await page.getByText(/opnieuw in de wachtrij gezet/).waitFor()
    await expect.poll(() => instance.receiver!.received.filter((request) => request.verified).length, { timeout: 10_000 }).toBeGreaterThan(before)
    // Sent again, it is no failed delivery any more.
    await expect.poll(async () => { await page.reload(); return replay.count() }, { timeout: 10_000, interval: 300 }).toBe(failed - 1)
    await snap('replayed')
  })

  it('"Verzenden" lists the held changes, masked, and sends them to the receiver', async () => {
    const street = 'Verzendlaan'
    const employee = [...sandbox.data.employees.values()][1]!
    sandbox.changeAddress(employee.employee.id, { street })
    await page.getByRole('link', { name: 'Koppelingen' }).click()
    await page.getByRole('link', { name: instance.connectionId }).click()
    await page.getByRole('button', { name: 'Ophalen gegevens' }).click()
    await page.getByText('Geslaagd').first().waitFor({ timeout: 60_000 })
    const held = (await instance.api.call<{ items: Array<{ id: string; recordId: string }> }>('GET', '/api/webhooks/review/held')).items
    const moved = held.find((mutation) => mutation.recordId === employee.employee.id)
    expect(moved).toBeDefined()
    // Held for review: the auto subscription has it, the manual one not yet (one copy at the receiver).
    await expect.poll(() => instance.receiver!.received.filter((request) => request.id === moved!.id).length, { timeout: 10_000 }).toBe(1)

    await page.getByRole('link', { name: 'Verzenden' }).click()
    const button = page.getByRole('button', { name: /^Verzenden: Werkgever / }).first()
    await button.waitFor()
    const text = await page.locator('main').innerText()
    expect(text).not.toContain(street)
    expect(text).toContain('•••••')
    await snap('release')
    for (let left = await page.getByRole('button', { name: /^Verzenden: Werkgever / }).count(); left > 0; left--) {
      await page.getByRole('button', { name: /^Verzenden: Werkgever / }).first().click()
      await page.getByText(/vrijgegeven voor verzending/).waitFor()
    }
    await page.getByText('Er wordt niets vastgehouden.').waitFor()
    // Released: the second copy (the review subscription's) arrives, verified.
    await expect.poll(() => instance.receiver!.received.filter((request) => request.id === moved!.id && request.verified).length, { timeout: 10_000 }).toBe(2)
    await snap('released')
  })

  it('switches to English and logs out', async () => {
    await page.getByRole('link', { name: 'English' }).click()
    await page.getByRole('button', { name: 'Log out' }).waitFor()
    await snap('english')
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByRole('button', { name: 'Log in' }).waitFor()
    await page.goto(`${instance.url}/console`)
    await page.getByRole('button', { name: 'Log in' }).waitFor()
  })
})
