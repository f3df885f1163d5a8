import type { SandboxDataset } from './sandbox-types.js'

/** Where the global counter starts: a realistic Loket number (the spec's example). */
export const initialVersionNumber = 70429274999853

/**
 * Hands out the next global version number. Loket's counter is shared by every change in its
 * database, so consecutive changes here skip a few numbers too (deterministically).
 */
export function nextVersion(data: SandboxDataset): number {
  const current = data.versionCounter.current
  data.versionCounter.current = current + 1 + (current % 7)
  return data.versionCounter.current
}

/** A change of the employer's own data. */
export function touchEmployer(data: SandboxDataset, employerId: string): number {
  const employer = data.employers.get(employerId)
  if (!employer) throw new Error(`unknown employer ${employerId}`)
  employer.lastModifiedVersionNumber = nextVersion(data)
  return employer.lastModifiedVersionNumber
}

/** A change of an employment or its chains: bumps the employment and its employer. */
export function touchEmployment(data: SandboxDataset, employmentId: string): number {
  const employment = data.employments.get(employmentId)
  if (!employment) throw new Error(`unknown employment ${employmentId}`)
  const version = nextVersion(data)
  employment.lastModifiedVersionNumber = version
  const employer = data.employers.get(employment.employerId)
  if (employer) employer.lastModifiedVersionNumber = version
  return version
}

/** A change of employee data (name, address, BSN): bumps all of the employee's employments. */
export function touchEmployee(data: SandboxDataset, employeeId: string): number {
  const employee = data.employees.get(employeeId)
  if (!employee) throw new Error(`unknown employee ${employeeId}`)
  const version = nextVersion(data)
  for (const employment of data.employments.values()) {
    if (employment.employeeId === employeeId) employment.lastModifiedVersionNumber = version
  }
  const employer = data.employers.get(employee.employerId)
  if (employer) employer.lastModifiedVersionNumber = version
  return version
}
