import { compact, digitAt, isCalendarDate, isDigits } from './common.js';

/**
 * South Korean Resident Registration Number (주민등록번호): YYMMDD-SBBBBNC. S gives sex and
 * century (1/2/5/6: 1900s, 3/4/7/8: 2000s, 9/0: 1800s), so the birth date must exist in that
 * century. C is a check digit: (11 - sum of the first twelve weighted 2..9,2..5 mod 11) mod 10.
 * Numbers assigned from October 2020 have a random tail and no check digit, so for birth dates
 * from 2020-10-01 on only the date and sex digit are checked.
 */
const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] as const;

export function krRrn(value: string): boolean {
  const s = compact(value);
  if (s.length !== 13 || !isDigits(s)) return false;
  const sex = s[6] ?? '';
  const century = '1256'.includes(sex) ? 1900 : '3478'.includes(sex) ? 2000 : 1800;
  const year = century + Number(s.slice(0, 2));
  const month = Number(s.slice(2, 4));
  const day = Number(s.slice(4, 6));
  if (!isCalendarDate(year, month, day)) return false;
  if (year > 2020 || (year === 2020 && month >= 10)) return true;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += digitAt(s, i) * WEIGHTS[i]!;
  return (11 - (sum % 11)) % 10 === digitAt(s, 12);
}
