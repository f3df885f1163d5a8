import type { FilePreset } from './preset.js'

/**
 * The Benefits-Plaza export of Exact Globe Next (module SE0008_PAYBP), written after each
 * payroll run, `;`-separated, usually Windows-1252. Its column layout is not published: this
 * preset is the expected set, to be checked against a sample file and adjusted under `mapping:`.
 */
export const exactGlobePreset: FilePreset = {
  name: 'exact-globe',
  mapping: {
    employee: {
      file: ['*paybp*', 'se0008*'],
      columns: {
        Werknemer: 'employeeNumber', BSN: 'bsn', Voorletters: 'name.initials', Voornaam: 'name.firstName',
        Voorvoegsel: 'name.prefix', Achternaam: 'name.lastName', 'Voorvoegsel partner': 'name.partnerPrefix', 'Achternaam partner': 'name.partnerLastName',
        Naamgebruik: 'name.nameUsage', Geboortedatum: { field: 'dateOfBirth', converter: 'date_dmy' }, Geslacht: 'gender',
        'Burgerlijke staat': { field: 'civilStatus', converter: 'code_label' },
        Straat: 'address.street', Huisnummer: 'address.houseNumber', Toevoeging: 'address.houseNumberAddition',
        Postcode: { field: 'address.postalCode', converter: 'postal_code' }, Woonplaats: 'address.city', Land: 'address.countryCode',
      },
    },
    employment: {
      file: ['*paybp*', 'se0008*'],
      columns: {
        Werknemer: 'employeeId', 'Datum in dienst': { field: 'startDate', converter: 'date_dmy' }, 'Datum uit dienst': { field: 'endDate', converter: 'date_dmy' },
        'Soort contract': 'contractType', DGA: { field: 'isDirectorMajorShareholder', converter: 'yes_no' }, Functie: 'job.title', Afdeling: 'department.name',
      },
    },
    working_hours: {
      file: ['*paybp*', 'se0008*'],
      columns: { 'Uren per week': { field: 'hoursPerWeek', converter: 'decimal_comma' }, 'Fulltime uren': { field: 'fullTimeHoursPerWeek', converter: 'decimal_comma' } },
    },
    wage: {
      file: ['*paybp*', 'se0008*'],
      columns: {
        'Bruto loon': { field: 'grossAmountCents', converter: 'euros_to_cents' }, Loonperiode: 'period',
        Schaal: { field: 'payScale', converter: 'code_label' }, Trede: { field: 'payGrade', converter: 'code_label' },
      },
    },
  },
}
