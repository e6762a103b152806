import { isCalendarDate } from './common.js';

/**
 * Mexican CURP (Clave Única de Registro de Población), 18 characters: four letters from the
 * name, birth date YYMMDD, sex (H, M, or X), a state code (NE: born abroad), three internal
 * consonants, a differentiator (a digit for births before 2000, a letter from 2000) and a check
 * digit. Check digit: each of the first 17 characters takes its index in
 * "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ" (& stands for Ñ), weighted 18 down to 2;
 * (10 - sum mod 10) mod 10. RENAPO replaces rude four-letter words with an X in second place,
 * so a CURP starting with one is invalid.
 */
const SHAPE = /^[A-Z]{4}([0-9]{2})([0-9]{2})([0-9]{2})[HMX]([A-Z]{2})[B-DF-HJ-NP-TV-Z]{3}([0-9A-Z])[0-9]$/;
const ALPHABET = '0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ';
const STATES: ReadonlySet<string> = new Set(
  'AS BC BS CC CL CM CS CH DF DG GT GR HG JC MC MN MS NT NL OC PL QT QR SP SL SR TC TS TL VZ YN ZS NE'.split(' '),
);
const BLOCKED: ReadonlySet<string> = new Set(
  (
    'BACA BAKA BUEI BUEY CACA CACO CAGA CAGO CAKA CAKO COGE COGI COJA COJE COJI COJO COLA CULO ' +
    'FALO FETO GETA GUEI GUEY JETA JOTO KACA KACO KAGA KAGO KAKA KAKO KOGE KOGI KOJA KOJE KOJI ' +
    'KOJO KOLA KULO LILO LOCA LOCO LOKA LOKO MAME MAMO MEAR MEAS MEON MIAR MION MOCO MOKO MULA ' +
    'MULO NACA NACO PEDA PEDO PENE PIPI PITO POPO PUTA PUTO QULO RATA ROBA ROBE ROBO RUIN SENO ' +
    'TETA VACA VAGA VAGO VAKA VUEI VUEY WUEI WUEY'
  ).split(' '),
);

export function mxCurp(value: string): boolean {
  const s = value.trim().toUpperCase();
  const m = SHAPE.exec(s);
  if (!m) return false;
  const [, yy = '', mm = '', dd = '', state = '', diff = ''] = m;
  if (!STATES.has(state) || BLOCKED.has(s.slice(0, 4))) return false;
  const year = (diff >= 'A' ? 2000 : 1900) + Number(yy);
  if (!isCalendarDate(year, Number(mm), Number(dd))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(s[i] ?? '') * (18 - i);
  return (10 - (sum % 10)) % 10 === s.charCodeAt(17) - 48;
}
