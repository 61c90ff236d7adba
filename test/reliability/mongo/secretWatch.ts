/**
 * Collects every text the MongoDB store shows a person on its failure paths (error messages, the label,
 * read problems) so one check can say the password appears in none of them, in any spelling.
 */
export const SECRET = 'Pa:ss@w/rd%s3cr3t';

const seen: { where: string; text: string }[] = [];

export function shown(where: string, text: string): void {
  seen.push({ where, text });
}

export function shownTexts(): readonly { where: string; text: string }[] {
  return seen;
}

/** Every way the password might be echoed: as typed, URL-encoded, and the rig's own password. */
export function secretSpellings(): string[] {
  return [SECRET, encodeURIComponent(SECRET), 'efx-secret', 'wrong-efx-secret'];
}
