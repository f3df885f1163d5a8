import type { Rng } from './create-rng.js'
import type { SandboxDataset, SandboxMutations } from './sandbox-types.js'
import { generateBsn } from './bsn.js'
import { addDays } from './sandbox-dates.js'

/**
 * One random edit for property tests, through the mutation helpers. Returns a description
 * made of the edit kind and ids only (never personal data), e.g. "raiseSalary <employmentId>".
 */
export function randomEdit(data: SandboxDataset, mutations: SandboxMutations, rng: Rng, today: string): string {
  const employees = [...data.employees.values()]
  const employments = [...data.employments.values()]
  const active = employments.filter((entry) => entry.employment.endDate === null)
  const employers = [...data.employers.values()]
  const roll = rng.int(0, 99)
  if (roll < 25 && employees.length > 0) {
    const entry = rng.pick(employees)
    mutations.changeAddress(entry.employee.id)
    return `changeAddress ${entry.employee.id}`
  }
  if (roll < 50 && active.length > 0) {
    const entry = rng.pick(active)
    mutations.raiseSalary(entry.employment.id, { percent: rng.int(1, 8) })
    return `raiseSalary ${entry.employment.id}`
  }
  if (roll < 62 && employers.length > 0) {
    const result = mutations.hire(rng.pick(employers).employer.id)
    return `hire ${result.employmentId}`
  }
  if (roll < 74 && active.length > 0) {
    const entry = rng.pick(active)
    const endDate = addDays(today, rng.int(-20, 40))
    mutations.terminate(entry.employment.id, endDate > entry.employment.startDate ? endDate : entry.employment.startDate)
    return `terminate ${entry.employment.id}`
  }
  if (roll < 82 && employees.length > 1) {
    const entry = rng.pick(employees)
    mutations.removeEmployee(entry.employee.id)
    return `removeEmployee ${entry.employee.id}`
  }
  if (roll < 92 && employees.length > 0) {
    const entry = rng.pick(employees)
    mutations.setBsn(entry.employee.id, generateBsn(rng, rng.chance(0.2)))
    return `setBsn ${entry.employee.id}`
  }
  if (employments.length > 0) {
    const entry = rng.pick(employments)
    mutations.addPayrollPeriodData(entry.employment.id)
    return `addPayrollPeriodData ${entry.employment.id}`
  }
  const result = mutations.hire(rng.pick(employers).employer.id)
  return `hire ${result.employmentId}`
}
