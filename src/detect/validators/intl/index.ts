import type { Validator } from '../types.js';
import { abaRouting } from './aba-routing.js';
import { auMedicare } from './au-medicare.js';
import { auTfn } from './au-tfn.js';
import { brCnpj } from './br-cnpj.js';
import { brCpf } from './br-cpf.js';
import { btcAddress } from './btc-address.js';
import { caSin } from './ca-sin.js';
import { cnResidentId } from './cn-resident-id.js';
import { ethAddressChecksummed } from './eth-address-checksummed.js';
import { ethAddress } from './eth-address.js';
import { inAadhaar } from './in-aadhaar.js';
import { inPan } from './in-pan.js';
import { isin } from './isin.js';
import { jpMyNumber } from './jp-my-number.js';
import { krRrn } from './kr-rrn.js';
import { mxCurp } from './mx-curp.js';
import { sgNric } from './sg-nric.js';
import { swiftBic } from './swift-bic.js';
import { usDea } from './us-dea.js';
import { usItin } from './us-itin.js';
import { usNpi } from './us-npi.js';
import { verhoeff } from './verhoeff.js';
import { zaId } from './za-id.js';

/** Validators for identifiers outside Europe, health, banking and wallets (filled in by their rules). */
export const INTL_VALIDATORS: Readonly<Record<string, Validator>> = Object.freeze({
  verhoeff,
  'aba-routing': abaRouting,
  'ca-sin': caSin,
  'br-cpf': brCpf,
  'br-cnpj': brCnpj,
  'in-aadhaar': inAadhaar,
  'in-pan': inPan,
  'sg-nric': sgNric,
  'cn-resident-id': cnResidentId,
  'jp-my-number': jpMyNumber,
  'au-tfn': auTfn,
  'au-medicare': auMedicare,
  'us-npi': usNpi,
  'us-dea': usDea,
  isin,
  'swift-bic': swiftBic,
  'us-itin': usItin,
  'kr-rrn': krRrn,
  'za-id': zaId,
  'mx-curp': mxCurp,
  'btc-address': btcAddress,
  'eth-address': ethAddress,
  'eth-address-checksummed': ethAddressChecksummed,
});

export {
  abaRouting,
  auMedicare,
  auTfn,
  brCnpj,
  brCpf,
  btcAddress,
  caSin,
  cnResidentId,
  ethAddress,
  ethAddressChecksummed,
  inAadhaar,
  inPan,
  isin,
  jpMyNumber,
  krRrn,
  mxCurp,
  sgNric,
  swiftBic,
  usDea,
  usItin,
  usNpi,
  verhoeff,
  zaId,
};
