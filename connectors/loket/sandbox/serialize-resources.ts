import type { LoketEmployee, LoketEmployment, LoketEmploymentEmployee } from './loket-types.js'
import type { SandboxDataset, SandboxEmployment } from './sandbox-types.js'

const clone = <T>(value: T): T => structuredClone(value)

/** The employee as served in `resourceVersion`: 2018-12-31 lacks the `business*` contact fields. */
export function serializeEmployee(employee: LoketEmployee, resourceVersion: string): LoketEmployee | Record<string, unknown> {
  const copy = clone(employee)
  if (resourceVersion >= '2021-03-29') return copy
  const { businessEmailAddress: _email, businessMobilePhoneNumber: _mobile, businessPhoneNumber: _phone, ...contact } = copy.contactInformation
  return { ...copy, contactInformation: contact }
}

function employeeSummary(employee: LoketEmployee): LoketEmploymentEmployee {
  const details = employee.personalDetails
  return {
    id: employee.id,
    employeeNumber: employee.employeeNumber,
    formattedName: details.formattedName,
    firstName: details.firstName,
    initials: details.initials,
    prefix: details.prefix,
    lastName: details.lastName,
    prefixPartner: details.prefixPartner,
    lastNamePartner: details.lastNamePartner,
    dateOfBirth: details.dateOfBirth,
    photo: details.photo,
  }
}

/** An employment with its `employee` summary taken from the current employee data. */
export function serializeEmployment(data: SandboxDataset, employment: SandboxEmployment): LoketEmployment {
  const employee = data.employees.get(employment.employeeId)
  if (!employee) throw new Error(`employment ${employment.employment.id} lost its employee`)
  return { employee: employeeSummary(employee.employee), ...clone(employment.employment) }
}
