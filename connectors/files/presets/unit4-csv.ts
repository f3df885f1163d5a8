import type { FilePreset } from './preset.js'

/**
 * A Unit4 (Personeel & Salaris) employee export, one wide row per employee. Unit4 publishes
 * no export layout and customers configure their own: this preset names the usual Dutch
 * columns, to be adjusted under `mapping:`.
 */
export const unit4CsvPreset: FilePreset = {
  name: 'unit4-csv',
  mapping: {
    employee: {
      file: ['medewerkers*'],
      columns: {
        Medewerker: 'employeeNumber', Sofinummer: 'bsn', Voorletters: 'name.initials', Voornaam: 'name.firstName',
        Tussenvoegsel: 'name.prefix', Achternaam: 'name.lastName', Geboortedatum: { field: 'dateOfBirth', converter: 'date_dmy' },
        Geslacht: 'gender', Adres: 'address.street', Huisnr: 'address.houseNumber', Toevoeging: 'address.houseNumberAddition',
        Postcode: { field: 'address.postalCode', converter: 'postal_code' }, Plaats: 'address.city', Landcode: 'address.countryCode',
        Email: 'contact.email', Telefoon: 'contact.phone',
      },
    },
    employment: {
      file: ['medewerkers*'],
      columns: {
        Medewerker: 'employeeId', 'Datum in dienst': { field: 'startDate', converter: 'date_dmy' },
        'Datum uit dienst': { field: 'endDate', converter: 'date_dmy' }, Functie: 'job.title', Afdeling: 'department.name',
      },
    },
    working_hours: {
      file: ['medewerkers*'],
      columns: { 'Uren per week': { field: 'hoursPerWeek', converter: 'decimal_comma' }, 'Fulltime uren': { field: 'fullTimeHoursPerWeek', converter: 'decimal_comma' } },
    },
    wage: {
      file: ['medewerkers*'],
      columns: { Salaris: { field: 'grossAmountCents', converter: 'euros_to_cents' }, Periode: 'period' },
    },
  },
}
