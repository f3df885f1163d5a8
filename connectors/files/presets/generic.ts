import type { FilePreset } from './preset.js'

/**
 * Koppel's own file template (the `generic` connector, README "Files"): snake_case columns
 * named after the canonical fields. Either one file per entity (`employees*.csv`,
 * `employments*.csv`, `working_hours*.csv`, `wages*.csv`) or one wide employee file whose
 * rows also hold the employment, hours and wage columns. Dates are `YYYY-MM-DD` or
 * `DD-MM-YYYY`, decimals take a point or a comma, amounts are whole cents (`gross_amount_cents`)
 * or euros (`gross_amount`), booleans `J`/`N` or `true`/`false`.
 */
export const genericPreset: FilePreset = {
  name: 'generic',
  mapping: {
    employee: {
      file: ['employees*'],
      columns: {
        employee_id: 'id', employee_number: 'employeeNumber', bsn: 'bsn',
        initials: 'name.initials', first_name: 'name.firstName', prefix: 'name.prefix', last_name: 'name.lastName',
        partner_prefix: 'name.partnerPrefix', partner_last_name: 'name.partnerLastName', name_usage: 'name.nameUsage', formatted_name: 'name.formatted',
        date_of_birth: 'dateOfBirth', date_of_death: 'dateOfDeath', gender: 'gender',
        nationality_code: 'nationality.code', nationality_label: 'nationality.label',
        civil_status_code: 'civilStatus.code', civil_status_label: 'civilStatus.label',
        street: 'address.street', house_number: 'address.houseNumber', house_number_addition: 'address.houseNumberAddition',
        postal_code: 'address.postalCode', city: 'address.city', country_code: 'address.countryCode',
        email: 'contact.email', phone: 'contact.phone', mobile: 'contact.mobile',
      },
    },
    employment: {
      file: ['employments*', 'employees*'],
      columns: {
        employment_id: 'id', employee_id: 'employeeId', employee_number: 'employeeId',
        employment_start_date: 'startDate', employment_end_date: 'endDate', historical_start_date: 'historicalStartDate',
        end_reason_code: 'endReason.code', end_reason_label: 'endReason.label', ended_due_to_illness: 'endedDueToIllness',
        contract_type: 'contractType', director_major_shareholder: 'isDirectorMajorShareholder',
        payroll_id: 'payrollId', income_relationship_number: 'incomeRelationshipNumber', payroll_administration_id: 'payrollAdministrationId',
        job_code: 'job.code', job_title: 'job.title', department_code: 'department.code', department_name: 'department.name',
      },
    },
    working_hours: {
      file: ['working_hours*', 'employees*'],
      columns: {
        working_hours_id: 'id', employment_id: 'employmentId', hours_start_date: 'startDate', hours_end_date: 'endDate',
        hours_per_week: 'hoursPerWeek', full_time_hours_per_week: 'fullTimeHoursPerWeek',
      },
    },
    wage: {
      file: ['wages*', 'employees*'],
      columns: {
        wage_id: 'id', employment_id: 'employmentId', wage_start_date: 'startDate', wage_end_date: 'endDate',
        gross_amount_cents: 'grossAmountCents', gross_amount: { field: 'grossAmountCents', converter: 'euros_to_cents' },
        currency: 'currency', wage_period: 'period', full_time_basis: 'fullTimeBasis',
        pay_scale_code: 'payScale.code', pay_scale_label: 'payScale.label', pay_grade_code: 'payGrade.code', pay_grade_label: 'payGrade.label',
      },
    },
  },
}
