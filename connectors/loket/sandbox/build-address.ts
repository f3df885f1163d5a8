import type { Rng } from './create-rng.js'
import type { LoketAddress } from './loket-types.js'
import { dutchCities, foreignAddresses } from './dutch-names.js'
import { netherlands } from './loket-metadata.js'

const postalLetters = 'ABCEGHJKLMNPRSTVWXZ'

/**
 * A Dutch postal code in one of the spellings found in real payroll data: "1234AB", "1234 AB",
 * "1234 ab" or "1234ab". Normalizing them is the connector's job.
 */
export function postalCode(rng: Rng, prefix: number): string {
  const digits = String(prefix + rng.int(0, 80))
  const letters = rng.pick([...postalLetters]) + rng.pick([...postalLetters])
  const style = rng.int(0, 5)
  if (style <= 2) return `${digits}${letters}`
  if (style <= 4) return `${digits} ${letters}`
  return rng.chance(0.5) ? `${digits} ${letters.toLowerCase()}` : `${digits}${letters.toLowerCase()}`
}

/** A home address: mostly Dutch, about one in twelve across the border (BE/DE). */
export function buildAddress(rng: Rng, options: { foreign?: boolean } = {}): LoketAddress {
  const foreign = options.foreign ?? rng.chance(1 / 12)
  if (foreign) {
    const place = rng.pick(foreignAddresses)
    return {
      street: place.street, houseNumber: rng.int(1, 180), houseNumberAddition: null,
      postalCode: place.postalCode, city: place.city, location: null,
      country: { isoCode: place.isoCode, key: place.countryKey, value: place.countryName },
      furtherIndication: null,
    }
  }
  const city = rng.pick(dutchCities)
  return {
    street: rng.pick(city.streets),
    houseNumber: rng.int(1, 250),
    houseNumberAddition: rng.chance(0.2) ? rng.pick(['A', 'B', 'bis', '2', 'hs', 'II']) : null,
    postalCode: postalCode(rng, city.postalPrefix),
    city: city.city,
    location: null,
    country: { ...netherlands },
    furtherIndication: null,
  }
}
