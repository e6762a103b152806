/**
 * Indian Permanent Account Number (income tax): AAAPA9999A. The fourth letter is the holder
 * type: P person, C company, H Hindu undivided family, F firm, E limited liability partnership,
 * A association of persons, T trust, B body of individuals, L local authority, J artificial
 * juridical person, G government, K krish. The last letter is a check character whose algorithm
 * is not published, so only the shape, the holder type and a non-zero serial are checked.
 */
const SHAPE = /^[A-Z]{3}[ABCEFGHJLPTK][A-Z][0-9]{4}[A-Z]$/;

export function inPan(value: string): boolean {
  const s = value.replace(/[ -]/g, '');
  return SHAPE.test(s) && s.slice(5, 9) !== '0000';
}
