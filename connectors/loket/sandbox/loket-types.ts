/**
 * JSON shapes of the Loket.nl resources the sandbox serves. Field names follow the response
 * schemas of the official OpenAPI document (reference/loket-openapi.json) exactly; the
 * schema-conformance test fails when a name drifts.
 */

/** Loket's enumeration objects ("metadata"): `{ key, value }`. */
export interface LoketMetadata {
  key: number
  value: string
}

export interface LoketCountry {
  isoCode: string
  key: number
  value: string
}

export interface LoketAddress {
  street: string
  houseNumber: number
  houseNumberAddition: string | null
  postalCode: string
  city: string
  location: string | null
  country: LoketCountry
  furtherIndication: LoketMetadata | null
}

export interface LoketEmployerAddress extends LoketAddress {
  province: LoketMetadata | null
}

export interface LoketEmployer {
  id: string
  employerNumber: number
  companyName: string
  chamberOfCommerceNumber: string | null
  address: LoketEmployerAddress
  deviatingPostalAddress: null
  branch: LoketMetadata | null
  legalForm: LoketMetadata | null
  sbi: { key: number; sbiCode: string; value: string } | null
  contact: { name: string | null; function: string | null; phoneNumber: string | null } | null
  contactInformation: {
    emailAddress: string | null
    phoneNumber: string | null
    faxNumber: string | null
    website: string | null
  } | null
  employerLogo: string | null
  providerLogo: string | null
  providerSettings: {
    administrationNumber: string | null
    groupCode: number | null
    parentEmployerForConsolidatedOverviews: number | null
    sendEmailWhenSalarySlipIsAvailable: boolean
  }
}

export interface LoketPersonalDetails {
  firstName: string | null
  initials: string
  prefix: string | null
  lastName: string
  prefixPartner: string | null
  lastNamePartner: string | null
  formattedName: string
  howToFormatLastName: LoketMetadata
  dateOfBirth: string
  dateOfDeath: string | null
  placeOfBirth: string | null
  aowDate: string
  gender: LoketMetadata
  civilStatus: LoketMetadata | null
  nationality: LoketMetadata | null
  title: LoketMetadata | null
  photo: string | null
}

export interface LoketContactInformation {
  phoneNumber: string | null
  mobilePhoneNumber: string | null
  faxNumber: string | null
  emailAddress: string | null
  /** Only in resource version 2021-03-29; the sandbox strips them for 2018-12-31. */
  businessPhoneNumber: string | null
  businessMobilePhoneNumber: string | null
  businessEmailAddress: string | null
}

export interface LoketEmployee {
  id: string
  employeeNumber: number
  personalDetails: LoketPersonalDetails
  address: LoketAddress | null
  deviatingPostalAddress: LoketAddress | null
  contactInformation: LoketContactInformation
  identityDocument: { documentIdentification: string; typeOfDocument: LoketMetadata } | null
  travel: { travelDistanceToWork: number | null }
  exclusionFromAbsenceStatus: boolean
  revokeEmployeeSelfServiceAccessOn: string | null
  statusEmployeeSelfService: LoketMetadata | null
}

/** The `employee` summary embedded in an employment (derived from the employee when served). */
export interface LoketEmploymentEmployee {
  id: string
  employeeNumber: number
  formattedName: string
  firstName: string | null
  initials: string
  prefix: string | null
  lastName: string
  prefixPartner: string | null
  lastNamePartner: string | null
  dateOfBirth: string
  photo: string | null
}

/** Employment without its embedded `employee` (the sandbox adds that when serving). */
export interface LoketEmploymentCore {
  id: string
  payrollId: number
  incomeRelationshipNumber: number
  startDate: string
  endDate: string | null
  historicalStartDate: string | null
  startDateContractOfIndefiniteDuration: string | null
  typeOfEmployee: LoketMetadata
  employmentContractType: LoketMetadata | null
  employmentDurationType: LoketMetadata
  employmentCategoryType: LoketMetadata
  payrollAdministration: { id: string; name: string; description: string; clientNumber: number } | null
  nonPayrollAdministration: null
  endOfEmploymentReason: LoketMetadata | null
  endOfEmploymentReasonTaxAuthorities: LoketMetadata | null
  endOfEmploymentDueToIllness: boolean | null
  cancellationPeriodEmployee: number | null
  cancellationPeriodEmployer: number | null
  cancellationPeriodTimeUnit: LoketMetadata | null
  cancellationNoticeDate: string | null
  startCancellationNoticePeriod: string | null
  isOnCallEmployment: boolean
  hasOnCallAppearanceObligation: boolean | null
  writtenEmploymentContract: boolean
  namePayslip: string | null
  linkedEmployment: string | null
  calculateWorkingHours: boolean
  commissionUntilDate: string | null
  commissionUntilDate1: string | null
  commissionUntilDate2: string | null
  commissionUntilDate3: string | null
  commissionUntilDate4: string | null
  commissionUntilDate5: string | null
  commissionUntilDate6: string | null
  deviatingCLAExternalParty: number | null
  deviatingCLATaxReturn: number | null
  emailLeaveRequest: string | null
  employeeProfileId: LoketMetadata | null
  essMutationSet: LoketMetadata
  exemptionInsuranceObligation: LoketMetadata
  exemptionPremiumWaiverMarginalLabour: boolean
  exemptionWorkRelatedExpenseScheme: boolean
  firstDayNotification: boolean | null
  isAnonymousEmployee: boolean
  isDirectorAndMajorShareholder: boolean | null
  isFamilyOfOwner: boolean | null
  isGemoedsbezwaardEmployeeInsurance: boolean
  isGemoedsbezwaardNationalInsurance: boolean
  isPreviousOwner: boolean | null
  participation55plusRegulationUWV: boolean
  periodPayGradeAdjustment: number | null
  professionCode: number | null
  sendToExternalParty: LoketMetadata | null
  signalPayGradeAdjustment: boolean
  specialIncomeRatio: LoketMetadata | null
  temporaryTaxExemption: LoketMetadata
  typeOfParticipation: LoketMetadata | null
  vacationCoupons: LoketMetadata | null
  valueOfParticipation: LoketMetadata | null
  wachtgeldOldRegulation: boolean
}

export interface LoketEmployment extends LoketEmploymentCore {
  employee: LoketEmploymentEmployee
}

export interface LoketWage {
  id: string
  startDate: string
  endDate: string | null
  grossWage: number | null
  grossWageType: LoketMetadata | null
  isGrossWageFullTime: boolean
  netWage: number | null
  netWageType: LoketMetadata | null
  employerCosts: number | null
  employerCostsType: LoketMetadata | null
  applyPayGrade: boolean | null
  payScale: LoketMetadata | null
  payGrade: LoketMetadata | null
  payrollPeriodType: LoketMetadata
}

export interface LoketShift {
  shiftNumber: number
  fullTimeHoursPerWeek: number
  bonusPercentage: number
}

export interface LoketWeekPattern {
  monday: number
  tuesday: number
  wednesday: number
  thursday: number
  friday: number
  saturday: number
  sunday: number
}

export interface LoketWorkingHours {
  id: string
  startDate: string
  endDate: string | null
  averageHoursPerWeek: number | null
  aggregatedHoursPerWeek: number | null
  averageParttimeFactor: number | null
  deviatingHoursPerWeek: number | null
  deviatingSvDaysPerPeriod: number | null
  regularWorkPattern: boolean
  shift: LoketShift
  shiftRateSickLeave: LoketShift
  contractCode: { key: string; code: number; description: string } | null
  flexibleHoursContract: LoketMetadata | null
  calculateUsingWorkPattern: {
    leaveHours: boolean
    hoursBrokenPeriod: boolean
    hoursRegularPeriod: boolean
    daysDailyRate: boolean
    deviatingDaysAndHours: boolean
  }
  workPattern: { oddWeeks: LoketWeekPattern; evenWeeks: LoketWeekPattern } | null
}

export interface LoketOrganizationalEntity {
  id: string
  startDate: string
  endDate: string | null
  department: { key: string; code: number; description: string }
  function: { key: string; description: string; group: string | null }
  distributionUnit: { key: string; code: number; description: string }
  standardFunction: { key: number; value: string; code: string | null; category: number | null } | null
  deviatingFunctionDescription: string | null
  deviatingFunctionGroup: string | null
  placeOfEmployment: string | null
  internalTelephoneExtensionNumber: string | null
}

export interface LoketPayrollComponentValue {
  payrollComponent: {
    key: number
    description: string
    category: LoketMetadata
    deductionOrPayment: LoketMetadata | null
    canBeSupplemented: boolean
  }
  value: number
  isSupplement: boolean
}

export interface LoketPayrollPeriodData {
  id: string
  payrollPeriod: { year: number; periodNumber: number; periodStartDate: string; periodEndDate: string }
  payrollComponents: LoketPayrollComponentValue[]
  payslipType: LoketMetadata
  payslipText: string | null
  shift: LoketShift
  distributionUnit: { key: string; code: number; description: string }
  costCenter: { key: number; code: string; description: string } | null
  costUnit: { key: number; code: string; description: string } | null
}

/** A partner of an employee (GetPartnersByEmployeeId item), current or past. */
export interface LoketPartner {
  id: string
  initials: string | null
  firstName: string | null
  prefix: string | null
  lastName: string
  dateOfBirth: string
  dateOfDeath: string | null
  placeOfBirth: string | null
  gender: LoketMetadata
  howToFormatLastName: LoketMetadata
  title: LoketMetadata | null
  waoClassification: LoketMetadata | null
  startDate: string | null
  endDate: string | null
}

/** A child of an employee (GetChildrenByEmployeeId item). */
export interface LoketChild {
  id: string
  initials: string
  firstName: string | null
  prefix: string | null
  lastName: string
  dateOfBirth: string
  dateOfDeath: string | null
  gender: LoketMetadata
  residenceStatus: LoketMetadata | null
}
