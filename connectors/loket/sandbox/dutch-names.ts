/** Name and address material for the generated dataset. Fictional combinations only. */

export const maleFirstNames = [
  'Jan', 'Pieter', 'Kees', 'Willem', 'Daan', 'Sem', 'Lucas', 'Finn', 'Bram', 'Thijs', 'Ruben', 'Joost',
  'Maarten', 'Gert-Jan', 'Henk', 'Sjoerd', 'Teun', 'Jeroen', 'Mohamed', 'Stijn', 'Wouter', 'Niels',
] as const

export const femaleFirstNames = [
  'Anna', 'Emma', 'Sophie', 'Julia', 'Lotte', 'Femke', 'Sanne', 'Anouk', 'Marieke', 'Fleur', 'Noor',
  'Saskia', 'Ingrid', 'Els', 'Inge', 'Yara', 'Fatima', 'Lieke', 'Eva', 'Mirjam', 'Anne-Marie', 'Tess',
] as const

export const lastNames = [
  'Jansen', 'Visser', 'Smit', 'Bakker', 'Mulder', 'Bos', 'Vos', 'Peters', 'Hendriks', 'Dekker', 'Brouwer',
  'Meijer', 'Kok', 'Willems', 'Huisman', 'Postma', 'Kuipers', 'Veenstra', 'Schouten', 'Timmermans', 'Yılmaz',
  "Nieuwenhuijzen-Koopmans", 'Groot', 'Wit', 'IJzerman',
] as const

/** Last names that usually carry a prefix ("tussenvoegsel"). */
export const prefixedLastNames: readonly (readonly [string, string])[] = [
  ['van', 'Dijk'], ['de', 'Vries'], ['van der', 'Berg'], ['de', 'Jong'], ['van den', 'Broek'], ['van', 'Leeuwen'],
  ['de', 'Boer'], ['van der', 'Meer'], ['ter', 'Horst'], ['in het', 'Veld'], ["van 't", 'Hof'], ['den', 'Hartog'],
  ['van de', 'Wiel'], ['van', 'Bergen'], ['de', 'Graaf'], ['op de', 'Beek'],
]

export interface CityInfo {
  city: string
  postalPrefix: number
  streets: readonly string[]
  areaCode: string
}

export const dutchCities: readonly CityInfo[] = [
  { city: 'Amsterdam', postalPrefix: 1012, streets: ['Damrak', 'Prinsengracht', 'Overtoom', 'Javastraat'], areaCode: '020' },
  { city: 'Rotterdam', postalPrefix: 3011, streets: ['Coolsingel', 'Witte de Withstraat', 'Kruiskade'], areaCode: '010' },
  { city: 'Utrecht', postalPrefix: 3511, streets: ['Oudegracht', 'Biltstraat', 'Amsterdamsestraatweg'], areaCode: '030' },
  { city: "'s-Hertogenbosch", postalPrefix: 5211, streets: ['Hinthamerstraat', 'Vughterweg'], areaCode: '073' },
  { city: 'Groningen', postalPrefix: 9711, streets: ['Herestraat', 'Oosterstraat', 'Paterswoldseweg'], areaCode: '050' },
  { city: 'Tilburg', postalPrefix: 5038, streets: ['Spoorlaan', 'Heuvelring', 'Ringbaan-West'], areaCode: '013' },
  { city: 'Leiden', postalPrefix: 2311, streets: ['Voordijk', 'Breestraat', 'Haarlemmerstraat'], areaCode: '071' },
  { city: 'Zwolle', postalPrefix: 8011, streets: ['Diezerstraat', 'Thomas a Kempisstraat'], areaCode: '038' },
  { city: 'Maastricht', postalPrefix: 6211, streets: ['Grote Staat', 'Wycker Brugstraat'], areaCode: '043' },
  { city: 'Leeuwarden', postalPrefix: 8911, streets: ['Nieuwestad', 'Tweebaksmarkt'], areaCode: '058' },
]

export interface ForeignAddressInfo {
  isoCode: string
  countryKey: number
  countryName: string
  city: string
  postalCode: string
  street: string
}

/** Cross-border employees (grensarbeiders): addresses outside the Netherlands. */
export const foreignAddresses: readonly ForeignAddressInfo[] = [
  { isoCode: 'BE', countryKey: 2, countryName: 'Belgium', city: 'Antwerpen', postalCode: '2000', street: 'Meir' },
  { isoCode: 'BE', countryKey: 2, countryName: 'Belgium', city: 'Hasselt', postalCode: '3500', street: 'Kapelstraat' },
  { isoCode: 'DE', countryKey: 3, countryName: 'Germany', city: 'Kleve', postalCode: '47533', street: 'Hagsche Strasse' },
  { isoCode: 'DE', countryKey: 3, countryName: 'Germany', city: 'Aachen', postalCode: '52062', street: 'Pontstrasse' },
]

export const companyNames = [
  'Bakkerij Het Zuiden B.V.', 'Installatiebedrijf Van Dam B.V.', 'De Groene Schakel Zorg', 'Transport Noord B.V.',
  'Koffiebranderij Aroma V.O.F.', 'Drukkerij De Letter B.V.', 'Tuincentrum Bloeiend B.V.', 'Adviesbureau Helder B.V.',
] as const

export const departments = [
  { code: 10, description: 'Directie' }, { code: 20, description: 'Verkoop' }, { code: 30, description: 'Productie' },
  { code: 40, description: 'Administratie' }, { code: 50, description: 'Logistiek' },
] as const

export const jobFunctions = [
  { description: 'Directeur', group: '9A' }, { description: 'Verkoopmedewerker', group: '4B' },
  { description: 'Productiemedewerker', group: '3A' }, { description: 'Boekhouder', group: '6A' },
  { description: 'Magazijnmedewerker', group: '3B' }, { description: 'Teamleider', group: '7A' },
] as const
