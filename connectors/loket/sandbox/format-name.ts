import type { LoketPersonalDetails } from './loket-types.js'
import { howToFormatLastName } from './loket-metadata.js'

type NameParts = Pick<LoketPersonalDetails,
  'initials' | 'prefix' | 'lastName' | 'prefixPartner' | 'lastNamePartner' | 'howToFormatLastName'>

/**
 * Loket's `formattedName`: the full last name as chosen by `howToFormatLastName`, then the
 * initials, with the leading prefix moved to the end, e.g. "Wiel - van Bergen S.L. van de".
 */
export function formatName(parts: NameParts): string {
  const own: [string | null, string] = [parts.prefix, parts.lastName]
  const partner: [string | null, string] | null = parts.lastNamePartner
    ? [parts.prefixPartner, parts.lastNamePartner] : null
  const key = parts.howToFormatLastName.key
  let sequence: [string | null, string][] = [own]
  if (partner && key === howToFormatLastName.partnerThenOwn.key) sequence = [partner, own]
  if (partner && key === howToFormatLastName.partner.key) sequence = [partner]
  if (partner && key === howToFormatLastName.ownThenPartner.key) sequence = [own, partner]
  const [first, ...rest] = sequence
  if (!first) return parts.initials
  const restText = rest.map(([prefix, name]) => (prefix ? `${prefix} ${name}` : name)).join(' - ')
  const lastNameText = restText ? `${first[1]} - ${restText}` : first[1]
  const tail = first[0] ? ` ${first[0]}` : ''
  return `${lastNameText} ${parts.initials}${tail}`.slice(0, 82)
}
