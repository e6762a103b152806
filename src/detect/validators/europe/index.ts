import type { Validator } from '../types.js';
import { atSvnr } from './at-svnr.js';
import { beNationalNumber } from './be-national-number.js';
import { chAhv } from './ch-ahv.js';
import { czBirthNumber } from './cz-birth-number.js';
import { deTaxId } from './de-tax-id.js';
import { dkCpr } from './dk-cpr.js';
import { eeIsikukood } from './ee-isikukood.js';
import { esDni } from './es-dni.js';
import { fiHetu } from './fi-hetu.js';
import { frNir } from './fr-nir.js';
import { grAmka } from './gr-amka.js';
import { iePpsn } from './ie-ppsn.js';
import { itCodiceFiscale } from './it-codice-fiscale.js';
import { nlBsn } from './nl-bsn.js';
import { noFnr } from './no-fnr.js';
import { plPesel } from './pl-pesel.js';
import { ptNif } from './pt-nif.js';
import { roCnp } from './ro-cnp.js';
import { sePersonnummer } from './se-personnummer.js';
import { ukNhs } from './uk-nhs.js';
import { ukNino } from './uk-nino.js';

/** Check-digit validators for European national and tax identifiers (filled in by their rules). */
export const EUROPE_VALIDATORS: Readonly<Record<string, Validator>> = Object.freeze({
  'at-svnr': atSvnr,
  'be-national-number': beNationalNumber,
  'ch-ahv': chAhv,
  'cz-birth-number': czBirthNumber,
  'de-tax-id': deTaxId,
  'dk-cpr': dkCpr,
  'ee-isikukood': eeIsikukood,
  'es-dni': esDni,
  'fi-hetu': fiHetu,
  'fr-nir': frNir,
  'gr-amka': grAmka,
  'ie-ppsn': iePpsn,
  'it-codice-fiscale': itCodiceFiscale,
  'nl-bsn': nlBsn,
  'no-fnr': noFnr,
  'pl-pesel': plPesel,
  'pt-nif': ptNif,
  'ro-cnp': roCnp,
  'se-personnummer': sePersonnummer,
  'uk-nhs': ukNhs,
  'uk-nino': ukNino,
});

export {
  atSvnr,
  beNationalNumber,
  chAhv,
  czBirthNumber,
  deTaxId,
  dkCpr,
  eeIsikukood,
  esDni,
  fiHetu,
  frNir,
  grAmka,
  iePpsn,
  itCodiceFiscale,
  nlBsn,
  noFnr,
  plPesel,
  ptNif,
  roCnp,
  sePersonnummer,
  ukNhs,
  ukNino,
};
