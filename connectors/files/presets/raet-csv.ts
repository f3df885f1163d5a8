import type { FilePreset } from './preset.js'

/**
 * Visma Raet (Youforce) employee profile export, one wide row per employee with its
 * employment, hours and salary. The layout is configured per customer: this is the usual set
 * of columns, to be adjusted under `mapping:` (e.g. `columns: { Personeelsnummer: employeeNumber }`).
 */
export const raetCsvPreset: FilePreset = {
  name: 'raet-csv',
  mapping: {
    employee: {
      file: ['employee_profile*'],
      columns: {
        Persnr: 'employeeNumber', BSN: 'bsn', Voorletters: 'name.initials', Roepnaam: 'name.firstName',
        Voorvoegsels: 'name.prefix', Geboortenaam: 'name.lastName', 'Voorvoegsels partner': 'name.partnerPrefix', 'Naam partner': 'name.partnerLastName',
        Naamgebruik: 'name.nameUsage', Geboortedatum: { field: 'dateOfBirth', converter: 'date_dmy' }, Geslacht: 'gender',
        Nationaliteit: { field: 'nationality', converter: 'code_label' }, 'Burgerlijke staat': { field: 'civilStatus', converter: 'code_label' },
        Straat: 'address.street', Huisnummer: 'address.houseNumber', Huisnummertoevoeging: 'address.houseNumberAddition',
        Postcode: { field: 'address.postalCode', converter: 'postal_code' }, Woonplaats: 'address.city', Landcode: 'address.countryCode',
        'E-mail': 'contact.email', Telefoon: 'contact.phone', Mobiel: 'contact.mobile',
      },
    },
    employment: {
      file: ['employee_profile*'],
      columns: {
        Persnr: 'employeeId', Dienstverband: 'id',
        'Datum in dienst': { field: 'startDate', converter: 'date_dmy' }, 'Datum uit dienst': { field: 'endDate', converter: 'date_dmy' },
        'Reden uit dienst': { field: 'endReason', converter: 'code_label' }, Contractsoort: 'contractType', DGA: { field: 'isDirectorMajorShareholder', converter: 'yes_no' },
        Functiecode: 'job.code', Functie: 'job.title', Kostenplaats: 'department.code', Afdeling: 'department.name',
      },
    },
    working_hours: {
      file: ['employee_profile*'],
      columns: {
        'Uren per week': { field: 'hoursPerWeek', converter: 'decimal_comma' }, 'Fulltime uren': { field: 'fullTimeHoursPerWeek', converter: 'decimal_comma' },
      },
    },
    wage: {
      file: ['employee_profile*'],
      columns: {
        'Bruto salaris': { field: 'grossAmountCents', converter: 'euros_to_cents' }, Salarisperiode: 'period',
        Schaal: 'payScale.code', Trede: 'payGrade.code',
      },
    },
  },
}
