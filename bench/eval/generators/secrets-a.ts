/**
 * Evaluation generators for the secrets-a packs (rules/<provider>.yaml: cloud providers, source
 * hosting and package registries, CI/CD and infrastructure, payments and commerce, messaging).
 *
 * One generator per rule. `valid(rng)` returns exactly the span the rule reports: for rules
 * anchored to an assignment the value only, never the variable name; for webhook URLs the whole
 * URL. Every template carries what the rule needs to fire: the assignment name for prefix-less
 * values (HEROKU_API_KEY=, TWILIO_AUTH_TOKEN=, ...) and a context word for the rules that require
 * one (NuGet, Twilio SIDs, Mailgun, Mailchimp, Adyen, Discord bot tokens, Paystack, Azure SAS).
 * Values are synthetic: random characters in the provider's alphabet and length, never real
 * keys, and free of the placeholder fragments rule allowlists drop ("xxx", "your", "example",
 * "0123", "abcd", ...). Everything random comes from the `rng` passed in.
 *
 * Overlaps that are by design (same span, same category): stripe-secret-key also reports the
 * Paystack keys planted here (both are sk_live_ keys); generic assignment and bearer-header rules
 * may report values planted in `..._TOKEN=` lines and `Authorization: Bearer` headers.
 */
import type { HardNegative, Rng, ValueGenerator } from '../types.js';
import { chars, int, pick } from '../rand.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX_CHARS = '0123456789abcdef';
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';

// ---------------------------------------------------------------------------------------------
// Random helpers (all driven by the corpus rng)

function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const c of counts.values()) {
    const p = c / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Fragments that allowlists treat as placeholders, or that other rules key on (AKIA, AIza, eyJ,
 * ghp_, xox...): random parts must not contain them.
 */
const PLACEHOLDERISH =
  /x{3}|\*{3}|test|exam|dummy|sample|fake|your|0123|1234|2345|3456|4567|5678|6789|abcd|bcde|cdef|efgh|qwer|change|redact|placeh|passw|t3blbkfj|akia|asia|abia|acca|aiza|eyj|ghp_|gho_|ghs_|ghu_|ghr_|xox|xapp|sk-|sk_live|rk_live|sk_test/i;

/**
 * A random part: `make()` until it has no placeholder fragment and at least `minEntropy` bits per
 * character (capped for short parts, which cannot reach it: 8 characters give at most 3 bits).
 */
function randomPart(rng: Rng, make: (rng: Rng) => string, minEntropy = 3.2): string {
  for (;;) {
    const s = make(rng);
    if (!PLACEHOLDERISH.test(s) && entropy(s) >= Math.min(minEntropy, 0.8 * Math.log2(s.length))) return s;
  }
}

/** Characters of `alphabet`; when long enough, with a digit and (where the alphabet has them) both cases. */
function mixed(rng: Rng, alphabet: string, n: number): string {
  return randomPart(rng, (r) => {
    for (;;) {
      const s = chars(r, alphabet, n);
      if (n < 12) return s;
      if (/[0-9]/.test(alphabet) && !/[0-9]/.test(s)) continue;
      if (/[a-z]/.test(alphabet) && !/[a-z]/.test(s)) continue;
      if (/[A-Z]/.test(alphabet) && !/[A-Z]/.test(s)) continue;
      return s;
    }
  });
}

const hex = (rng: Rng, n: number) => mixed(rng, HEX_CHARS, n);
const hexUpper = (rng: Rng, n: number) => mixed(rng, '0123456789ABCDEF', n);
const alnum = (rng: Rng, n: number) => mixed(rng, ALNUM, n);
const lowerAlnum = (rng: Rng, n: number) => mixed(rng, LOWER + DIGITS, n);
const upperAlnum = (rng: Rng, n: number) => mixed(rng, UPPER + DIGITS, n);
const letters = (rng: Rng, n: number) => mixed(rng, UPPER + LOWER, n);
const b64 = (rng: Rng, n: number) => mixed(rng, B64, n);
const b64url = (rng: Rng, n: number) => mixed(rng, B64URL, n);

function digits(rng: Rng, n: number): string {
  return randomPart(rng, (r) => chars(r, '123456789', 1) + chars(r, DIGITS, n - 1), 2.5);
}

function uuid(rng: Rng): string {
  return randomPart(rng, (r) => `${chars(r, HEX_CHARS, 8)}-${chars(r, HEX_CHARS, 4)}-4${chars(r, HEX_CHARS, 3)}-${pick(r, ['8', '9', 'a', 'b'])}${chars(r, HEX_CHARS, 3)}-${chars(r, HEX_CHARS, 12)}`);
}

/** Base64 with + and / percent-encoded, as a SAS signature appears in a URL. */
function urlEncodedB64(rng: Rng, n: number): string {
  return b64(rng, n).replace(/\+/g, '%2B').replace(/\//g, '%2F');
}

/** Azure AD client secret: 3 characters, a digit, "Q~", 34 characters of [A-Za-z0-9_~.-]. */
function azureAdSecret(rng: Rng): string {
  const body = randomPart(rng, (r) => {
    let s = '';
    for (let i = 0; i < 34; i++) s += r() < 0.1 ? pick(r, ['_', '~', '.', '-']) : chars(r, ALNUM, 1);
    // End on an alphanumeric so the value reads the same in any template.
    return s.slice(0, 33) + chars(r, ALNUM, 1);
  });
  return `${alnum(rng, 3)}${chars(rng, DIGITS, 1)}Q~${body}`;
}

/** Discord bot token: base64url of an 18-19 digit user ID, a 6-character timestamp, an HMAC. */
function discordBotToken(rng: Rng): string {
  const id = digits(rng, int(rng, 18, 19));
  return `${Buffer.from(id).toString('base64url')}.${b64url(rng, 6)}.${b64url(rng, pick(rng, [27, 38]))}`;
}

function gitlabRoutable(rng: Rng, prefix: string): string {
  return `${prefix}${b64url(rng, int(rng, 27, 40))}.01.${lowerAlnum(rng, 2)}${lowerAlnum(rng, 7)}`;
}

// ---------------------------------------------------------------------------------------------
// Generators, one per rule

export const generators: ValueGenerator[] = [
  // ----- Cloud providers
  {
    ruleId: 'aws-secret-access-key',
    valid: (rng) => b64(rng, 40),
    templates: [
      '[default]\naws_secret_access_key = {v}\nregion = eu-west-1',
      'export AWS_SECRET_ACCESS_KEY="{v}"',
      '{"Credentials": {"SecretAccessKey": "{v}", "Expiration": "2025-11-28T10:00:00Z"}}',
      "new S3Client({ region: 'us-east-1', credentials: { accessKeyId: process.env.AK, secretAccessKey: '{v}' } })",
      'aws configure asks for it, I typed: AWS Secret Access Key [None]: {v}',
    ],
  },
  {
    ruleId: 'aws-session-token',
    valid: (rng) => `${pick(rng, ['IQoJb3JpZ2luX2VjE', 'IQoJb3JpZ2luX2VjE', 'FwoGZXIvYXdzE'])}${b64(rng, int(rng, 280, 520))}`,
    templates: [
      'export AWS_SESSION_TOKEN={v}',
      'aws_session_token = {v}',
      'the assume-role output has "SessionToken": "{v}", which env var does boto3 read?',
    ],
  },
  {
    ruleId: 'azure-storage-account-key',
    valid: (rng) => `${b64(rng, 86)}==`,
    templates: [
      'DefaultEndpointsProtocol=https;AccountName=acmeprodlogs;AccountKey={v};EndpointSuffix=core.windows.net',
      'az storage blob upload --account-name stbackup01 --account-key "{v}" -c dumps -f db.bak',
      'storage:\n  account: acmeexports\n  accountKey: "{v}"',
    ],
  },
  {
    ruleId: 'azure-storage-sas-token',
    valid: (rng) => `${urlEncodedB64(rng, 43)}%3D`,
    templates: [
      'https://acmebackups.blob.core.windows.net/exports/monthly.csv?sp=r&st=2025-11-28T09:00:00Z&se=2025-11-29T09:00:00Z&spr=https&sv=2022-11-02&sr=b&sig={v}',
      'AZURE_SAS_URL="https://stdatalake02.blob.core.windows.net/raw?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2026-01-31T17:00:00Z&spr=https&sig={v}"',
      'the upload fails with 403, the SAS is ?sv=2021-08-06&sr=c&sp=racwl&se=2025-12-01&sig={v} any idea why?',
    ],
  },
  {
    ruleId: 'azure-ad-client-secret',
    valid: (rng) => azureAdSecret(rng),
    templates: [
      'AZURE_CLIENT_SECRET={v}',
      'az login --service-principal -u $APP_ID -p "{v}" --tenant contoso.onmicrosoft.com',
      'the new client secret for the app registration is {v} and it is valid for 180 days',
      '{\n  "clientId": "$APP_ID",\n  "clientSecret": "{v}"\n}',
    ],
  },
  {
    ruleId: 'gcp-service-account-key-id',
    valid: (rng) => hex(rng, 40),
    templates: [
      '{"type": "service_account", "project_id": "acme-analytics", "private_key_id": "{v}", "private_key": "[redacted]"}',
      'here is the key file without the PEM part:\n{\n  "type": "service_account",\n  "private_key_id": "{v}",\n  "token_uri": "https://oauth2.googleapis.com/token"\n}',
      'GOOGLE_CREDENTIALS="{\\"type\\": \\"service_account\\", \\"private_key_id\\": \\"{v}\\"}"',
    ],
  },
  {
    ruleId: 'google-oauth-client-secret',
    valid: (rng) => `GOCSPX-${b64url(rng, 28)}`,
    templates: [
      'GOOGLE_CLIENT_SECRET={v}',
      '{"web": {"project_id": "acme-login", "client_secret": "{v}", "redirect_uris": ["https://app.acme-corp.io/callback"]}}',
      'the oauth client secret {v} got committed to the repo yesterday',
    ],
  },
  {
    ruleId: 'google-oauth-access-token',
    valid: (rng) => `ya29.${pick(rng, ['a0', 'A0', 'c.b0'])}${b64url(rng, int(rng, 120, 200))}`,
    templates: [
      'curl -H "Authorization: Bearer {v}" https://www.googleapis.com/drive/v3/files',
      '{"access_token": "{v}", "expires_in": 3599, "token_type": "Bearer"}',
      'why does the Sheets API say 401 with token {v}?',
    ],
  },
  {
    ruleId: 'digitalocean-token',
    valid: (rng) => `${pick(rng, ['dop', 'dop', 'doo', 'dor'])}_v1_${hex(rng, 64)}`,
    templates: ['DIGITALOCEAN_TOKEN={v}', 'doctl auth init -t {v}', 'my DO token {v} stopped working after the team move'],
  },
  {
    ruleId: 'alibaba-access-key-id',
    valid: (rng) => (rng() < 0.8 ? `LTAI5t${alnum(rng, 18)}` : `LTAI${alnum(rng, 12)}`),
    templates: [
      'ALIBABA_CLOUD_ACCESS_KEY_ID={v}',
      'aliyun configure set --access-key-id {v} --region cn-hangzhou',
      'the RAM user key id is {v}, the secret is in the vault',
    ],
  },
  {
    ruleId: 'alibaba-access-key-secret',
    valid: (rng) => alnum(rng, 30),
    templates: [
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET={v}',
      'config = Config(access_key_id=os.environ["ALI_AK"], access_key_secret="{v}", region_id="cn-shanghai")',
      'aliyun secret: {v}',
    ],
  },
  {
    ruleId: 'ibm-cloud-api-key',
    valid: (rng) => b64url(rng, 44),
    templates: ['IBMCLOUD_API_KEY={v}', 'ibmcloud login --apikey {v} -r us-south', 'ibmcloud_api_key = "{v}"'],
  },
  {
    ruleId: 'hetzner-cloud-api-token',
    valid: (rng) => alnum(rng, 64),
    templates: ['HCLOUD_TOKEN={v}', 'hcloud_token = "{v}"', 'the hetzner api token is {v}, project staging'],
  },
  {
    ruleId: 'heroku-api-key',
    valid: (rng) => uuid(rng),
    templates: [
      'HEROKU_API_KEY={v}',
      '- name: deploy\n  env:\n    heroku_api_key: "{v}"',
      'my heroku token is {v}, can you check why the release fails?',
    ],
  },
  {
    ruleId: 'heroku-api-key-v2',
    valid: (rng) => `HRKU-AA${b64url(rng, 58)}`,
    templates: ['HEROKU_API_KEY={v}', 'heroku authorizations:create printed {v} for the CI user', 'export HEROKU_API_KEY="{v}"'],
  },
  {
    ruleId: 'cloudflare-api-token',
    valid: (rng) => b64url(rng, 40),
    templates: ['CLOUDFLARE_API_TOKEN={v}', 'cloudflare_api_token = "{v}"', 'cf_api_token: {v}'],
  },
  {
    ruleId: 'cloudflare-prefixed-api-token',
    valid: (rng) => `${pick(rng, ['cfut', 'cfat'])}_${alnum(rng, 40)}${hex(rng, 8)}`,
    templates: ['CLOUDFLARE_API_TOKEN={v}', 'wrangler keeps failing with the token {v}', 'export CF_API_TOKEN="{v}"'],
  },
  {
    ruleId: 'cloudflare-global-api-key',
    valid: (rng) => hex(rng, 37),
    templates: [
      'CLOUDFLARE_API_KEY={v}',
      'curl -X GET "https://api.cloudflare.com/client/v4/zones" -H "X-Auth-Email: $CF_EMAIL" -H "X-Auth-Key: {v}"',
      'cf_global_api_key = "{v}"',
    ],
  },
  {
    ruleId: 'cloudflare-origin-ca-key',
    valid: (rng) => `v1.0-${hex(rng, 24)}-${hex(rng, 146)}`,
    templates: ['CF_ORIGIN_CA_KEY={v}', 'origin-ca-issuer secret: {v}', 'the origin CA key is {v}'],
  },
  {
    ruleId: 'fastly-api-token',
    valid: (rng) => b64url(rng, 32),
    templates: [
      'FASTLY_API_TOKEN={v}',
      'curl -X POST -H "Fastly-Key: {v}" https://api.fastly.com/service/$SERVICE_ID/purge_all',
      'fastly_api_key: "{v}"',
    ],
  },
  {
    ruleId: 'linode-api-token',
    valid: (rng) => hex(rng, 64),
    templates: ['LINODE_TOKEN={v}', 'linode_api_token = "{v}"', 'the linode token is {v}'],
  },
  {
    ruleId: 'scaleway-access-key',
    valid: (rng) => `SCW${upperAlnum(rng, 17)}`,
    templates: ['SCW_ACCESS_KEY={v}', 'scw init access-key={v}', 'scaleway access key {v}, secret is in 1Password'],
  },
  {
    ruleId: 'scaleway-secret-key',
    valid: (rng) => uuid(rng),
    templates: ['SCW_SECRET_KEY={v}', 'scaleway_secret_key = "{v}"', 'scw config set secret-key={v}'],
  },
  {
    ruleId: 'vultr-api-key',
    valid: (rng) => upperAlnum(rng, 36),
    templates: ['VULTR_API_KEY={v}', 'export VULTR_API_KEY="{v}" && vultr-cli instance list', 'vultr api key: {v}'],
  },
  {
    ruleId: 'tencent-secret-id',
    valid: (rng) => `AKID${alnum(rng, 32)}`,
    templates: [
      'TENCENTCLOUD_SECRET_ID={v}',
      'cred = credential.Credential("{v}", os.environ["TENCENTCLOUD_SECRET_KEY"])',
      'tccli configure set secretId {v}',
    ],
  },
  {
    ruleId: 'tencent-secret-key',
    valid: (rng) => alnum(rng, 32),
    templates: ['TENCENTCLOUD_SECRET_KEY={v}', 'tencent_secret_key: "{v}"', 'export TENCENTCLOUD_SECRET_KEY={v}'],
  },

  // ----- Source hosting and package registries
  {
    ruleId: 'gitlab-pat',
    valid: (rng) => (rng() < 0.7 ? `glpat-${b64url(rng, 20)}` : gitlabRoutable(rng, 'glpat-')),
    templates: [
      'GITLAB_TOKEN={v}',
      'git clone https://oauth2:{v}@gitlab.acme-corp.io/platform/api.git',
      'curl --header "PRIVATE-TOKEN: {v}" "https://gitlab.com/api/v4/projects"',
    ],
  },
  {
    ruleId: 'gitlab-pipeline-trigger-token',
    valid: (rng) => `glptt-${hex(rng, 40)}`,
    templates: [
      'curl -X POST -F token={v} -F ref=main https://gitlab.com/api/v4/projects/4821/trigger/pipeline',
      'TRIGGER_TOKEN: "{v}"',
      'the downstream job uses trigger token {v}',
    ],
  },
  {
    ruleId: 'gitlab-deploy-token',
    valid: (rng) => `gldt-${b64url(rng, 20)}`,
    templates: [
      'docker login registry.gitlab.com -u gitlab+deploy-token-12 -p {v}',
      'DEPLOY_TOKEN={v}',
      'helm repo add internal https://gitlab.com/api/v4/projects/77/packages/helm/stable --username deployer --password {v}',
    ],
  },
  {
    ruleId: 'gitlab-runner-token',
    valid: (rng) => (rng() < 0.5 ? `glrt-${b64url(rng, 20)}` : gitlabRoutable(rng, 'glrt-t1_')),
    templates: [
      'gitlab-runner register --url https://gitlab.com --token {v}',
      '[[runners]]\n  name = "docker-01"\n  token = "{v}"',
      'runner token {v} shows as stale in the admin area',
    ],
  },
  {
    ruleId: 'bitbucket-app-password',
    valid: (rng) => `ATBB${alnum(rng, 24)}${hexUpper(rng, 8)}`,
    templates: [
      'BITBUCKET_APP_PASSWORD={v}',
      'git clone https://jdoe:{v}@bitbucket.org/acme/payments.git',
      'app password for the CI user: {v}',
    ],
  },
  {
    ruleId: 'atlassian-api-token',
    valid: (rng) => `ATATT3xFfGF0${b64url(rng, int(rng, 165, 180))}=${hexUpper(rng, 8)}`,
    templates: [
      'JIRA_API_TOKEN={v}',
      'curl -u jdoe:{v} -H "Accept: application/json" https://acme.atlassian.net/rest/api/3/myself',
      'confluence token: {v}',
    ],
  },
  {
    ruleId: 'npm-access-token',
    valid: (rng) => `npm_${alnum(rng, 36)}`,
    templates: ['//registry.npmjs.org/:_authToken={v}', 'NPM_TOKEN={v}', 'the publish token {v} leaked into the build log'],
  },
  {
    ruleId: 'pypi-upload-token',
    valid: (rng) => `pypi-AgEIcHlwaS5vcmc${b64url(rng, int(rng, 140, 200))}`,
    templates: ['[pypi]\n  username = __token__\n  password = {v}', 'TWINE_PASSWORD={v}', 'uv publish --token {v}'],
  },
  {
    ruleId: 'rubygems-api-key',
    valid: (rng) => `rubygems_${hex(rng, 48)}`,
    templates: ['GEM_HOST_API_KEY={v}', '---\n:rubygems_api_key: {v}', 'gem push acme-client-2.0.1.gem with key {v} returns 403'],
  },
  {
    ruleId: 'nuget-api-key',
    valid: (rng) => `oy2${lowerAlnum(rng, 43)}`,
    templates: [
      'dotnet nuget push Acme.Core.2.1.0.nupkg --api-key {v} --source https://api.nuget.org/v3/index.json',
      'NUGET_API_KEY={v}',
      'nuget setapikey {v} -source https://api.nuget.org/v3/index.json',
    ],
  },
  {
    ruleId: 'docker-hub-access-token',
    valid: (rng) => (rng() < 0.7 ? `dckr_pat_${b64url(rng, 27)}` : `dckr_oat_${b64url(rng, 32)}`),
    templates: [
      'echo {v} | docker login -u acmebuild --password-stdin',
      'DOCKERHUB_TOKEN={v}',
      'the hub token {v} has read/write scope',
    ],
  },
  {
    ruleId: 'hugging-face-token',
    valid: (rng) => `${rng() < 0.85 ? 'hf' : 'api_org'}_${letters(rng, 34)}`,
    templates: ['HF_TOKEN={v}', 'huggingface-cli login --token {v}', 'from huggingface_hub import login\nlogin("{v}")'],
  },
  {
    ruleId: 'jfrog-api-key',
    valid: (rng) => `AKCp${alnum(rng, 69)}`,
    templates: [
      'ARTIFACTORY_API_KEY={v}',
      'curl -H "X-JFrog-Art-Api: {v}" https://acme.jfrog.io/artifactory/api/repositories',
      'jfrog api key {v}',
    ],
  },
  {
    ruleId: 'jfrog-reference-token',
    valid: (rng) => `cmVmdGtuOjAxOj${alnum(rng, 50)}`,
    templates: [
      'JFROG_ACCESS_TOKEN={v}',
      'jf config add acme --url https://acme.jfrog.io --access-token {v}',
      'artifactory reference token {v} was created for the release job',
    ],
  },
  {
    ruleId: 'sourcegraph-access-token',
    valid: (rng) => `sgp_${pick(rng, [`${hex(rng, 16)}_`, 'local_', ''])}${hex(rng, 40)}`,
    templates: [
      'SRC_ACCESS_TOKEN={v}',
      'src login https://sourcegraph.acme-corp.io --token {v}',
      'the cody token {v} still works after I left the org',
    ],
  },

  // ----- CI/CD and infrastructure
  {
    ruleId: 'circleci-personal-token',
    valid: (rng) => `CCIPAT_${alnum(rng, 22)}_${hex(rng, 40)}`,
    templates: [
      'CIRCLECI_CLI_TOKEN={v}',
      'curl -H "Circle-Token: {v}" https://circleci.com/api/v2/me',
      'personal token {v} created for the release bot',
    ],
  },
  {
    ruleId: 'circleci-api-token',
    valid: (rng) => hex(rng, 40),
    templates: [
      'CIRCLECI_TOKEN={v}',
      'curl -H "Circle-Token: {v}" https://circleci.com/api/v2/project/gh/acme/api/pipeline',
      'circle_token: {v}',
    ],
  },
  {
    ruleId: 'travis-ci-token',
    valid: (rng) => alnum(rng, 22),
    templates: ['TRAVIS_API_TOKEN={v}', 'travis_token: "{v}"', 'my travis token is {v}, is that the right format?'],
  },
  {
    ruleId: 'buildkite-api-token',
    valid: (rng) => `bkua_${lowerAlnum(rng, 40)}`,
    templates: [
      'BUILDKITE_API_TOKEN={v}',
      'curl -H "Authorization: Bearer {v}" https://api.buildkite.com/v2/organizations',
      'buildkite token {v} lacks the write_builds scope',
    ],
  },
  {
    ruleId: 'terraform-cloud-token',
    valid: (rng) => `${alnum(rng, 14)}.atlasv1.${b64url(rng, int(rng, 60, 70))}`,
    templates: [
      'credentials "app.terraform.io" {\n  token = "{v}"\n}',
      'TF_TOKEN_app_terraform_io={v}',
      'terraform login wrote {v} to credentials.tfrc.json',
    ],
  },
  {
    ruleId: 'hashicorp-vault-service-token',
    valid: (rng) => (rng() < 0.7 ? `hvs.${alnum(rng, 24)}` : `hvs.CAESI${b64url(rng, int(rng, 86, 100))}`),
    templates: [
      'export VAULT_TOKEN={v}',
      'VAULT_TOKEN={v} vault kv get secret/payments',
      'the root token is {v}, keep it in the safe',
    ],
  },
  {
    ruleId: 'hashicorp-vault-batch-token',
    valid: (rng) => `hvb.AAAAAQ${b64url(rng, int(rng, 140, 200))}`,
    templates: ['VAULT_TOKEN={v}', '{"auth": {"client_token": "{v}", "lease_duration": 3600}}', 'batch token {v} cannot be renewed'],
  },
  {
    ruleId: 'pulumi-access-token',
    valid: (rng) => `pul-${hex(rng, 40)}`,
    templates: ['PULUMI_ACCESS_TOKEN={v}', 'pulumi login with token {v} fails with 401', 'export PULUMI_ACCESS_TOKEN="{v}"'],
  },
  {
    ruleId: 'doppler-token',
    valid: (rng) => `${pick(rng, ['dp.pt.', 'dp.st.prd.', 'dp.st.', 'dp.sa.', 'dp.ct.'])}${alnum(rng, 43)}`,
    templates: ['DOPPLER_TOKEN={v}', 'doppler configure set token {v}', 'docker run -e DOPPLER_TOKEN="{v}" acme/api'],
  },
  {
    ruleId: 'vercel-token',
    valid: (rng) => alnum(rng, 24),
    templates: ['VERCEL_TOKEN={v}', 'npx vercel deploy --prod --token {v}', 'vercel_api_token: "{v}"'],
  },
  {
    ruleId: 'netlify-access-token',
    valid: (rng) => `nfp_${alnum(rng, 36)}`,
    templates: ['NETLIFY_AUTH_TOKEN={v}', 'netlify deploy --prod --auth {v}', 'new netlify token {v}'],
  },
  {
    ruleId: 'netlify-legacy-token',
    valid: (rng) => b64url(rng, 43),
    templates: ['NETLIFY_AUTH_TOKEN={v}', 'netlify deploy --dir=dist --auth {v}', 'netlify_token: "{v}"'],
  },
  {
    ruleId: 'fly-io-access-token',
    valid: (rng) => `fo1_${b64url(rng, 43)}`,
    templates: ['FLY_API_TOKEN={v}', 'flyctl deploy --access-token {v}', 'fly token {v} belongs to the old org'],
  },
  {
    ruleId: 'fly-io-macaroon-token',
    valid: (rng) => `fm2_lJPE${b64(rng, int(rng, 200, 400))}`,
    templates: ['FLY_API_TOKEN="FlyV1 {v}"', 'fly tokens create deploy printed FlyV1 {v}', 'flyctl secrets list -a api --access-token "FlyV1 {v}"'],
  },
  {
    ruleId: 'render-api-key',
    valid: (rng) => `rnd_${alnum(rng, 28)}`,
    templates: [
      'RENDER_API_KEY={v}',
      'curl -H "Authorization: Bearer {v}" https://api.render.com/v1/services',
      'render key {v} has access to the whole team',
    ],
  },
  {
    ruleId: 'railway-token',
    valid: (rng) => uuid(rng),
    templates: ['RAILWAY_TOKEN={v} railway up --service api', 'RAILWAY_API_TOKEN="{v}"', 'railway_token: {v}'],
  },

  // ----- Payments and commerce
  {
    ruleId: 'stripe-webhook-secret',
    valid: (rng) => `whsec_${pick(rng, [alnum(rng, 32), hex(rng, 64), b64(rng, 32)])}`,
    templates: [
      'STRIPE_WEBHOOK_SECRET={v}',
      '> Ready! Your webhook signing secret is {v} (^C to quit)',
      'the signature check fails with endpoint secret {v} in production',
    ],
  },
  {
    ruleId: 'braintree-access-token',
    valid: (rng) => `access_token$production$${lowerAlnum(rng, 16)}$${hex(rng, 32)}`,
    templates: [
      'BRAINTREE_ACCESS_TOKEN={v}',
      'gateway = braintree.BraintreeGateway(access_token="{v}")',
      'the PayPal access token {v} was pasted in the ticket',
    ],
  },
  {
    ruleId: 'square-access-token',
    valid: (rng) => (rng() < 0.85 ? `EAAA${b64url(rng, 60)}` : `sq0atp-${b64url(rng, 22)}`),
    templates: [
      'SQUARE_ACCESS_TOKEN={v}',
      'curl https://connect.squareup.com/v2/locations -H "Authorization: Bearer {v}"',
      'the POS config still has token {v}',
    ],
  },
  {
    ruleId: 'square-oauth-secret',
    valid: (rng) => `sq0csp-${b64url(rng, 43)}`,
    templates: ['SQUARE_APPLICATION_SECRET={v}', 'the OAuth secret {v} is in the ticket', 'square:\n  app_secret: "{v}"'],
  },
  {
    ruleId: 'shopify-access-token',
    valid: (rng) => `shpat_${hex(rng, 32)}`,
    templates: [
      'SHOPIFY_ACCESS_TOKEN={v}',
      'curl -H "X-Shopify-Access-Token: {v}" https://acme-store.myshopify.com/admin/api/2024-10/shop.json',
      'admin api token {v} for the store',
    ],
  },
  {
    ruleId: 'shopify-custom-app-token',
    valid: (rng) => `shpca_${hex(rng, 32)}`,
    templates: ['SHOPIFY_TOKEN={v}', 'the custom app token {v} only has read_orders', 'shopify:\n  token: {v}'],
  },
  {
    ruleId: 'shopify-private-app-token',
    valid: (rng) => `shppa_${hex(rng, 32)}`,
    templates: ['SHOPIFY_PASSWORD={v}', 'private app password: {v}', 'ShopifyAPI::Base.password = "{v}"'],
  },
  {
    ruleId: 'shopify-shared-secret',
    valid: (rng) => `shpss_${hex(rng, 32)}`,
    templates: ['SHOPIFY_API_SECRET={v}', 'webhook HMAC check fails with secret {v}', 'shopify_app_secret = "{v}"'],
  },
  {
    ruleId: 'adyen-api-key',
    valid: (rng) => `AQE${pick(rng, ['y', 'r', 'h'])}hmfx${b64(rng, int(rng, 88, 100))}==-${b64(rng, 43)}=`,
    templates: [
      'ADYEN_API_KEY={v}-W+t7NF;s4}%=kUSD',
      'curl https://checkout-test.adyen.com/v71/paymentMethods -H "x-api-key: {v}-8Lh)2m]aQ"',
      'the Adyen key {v}-Qz3;Vb is in the payments repo',
    ],
  },
  {
    ruleId: 'plaid-access-token',
    valid: (rng) => `access-${pick(rng, ['production', 'production', 'development'])}-${uuid(rng)}`,
    templates: ['PLAID_ACCESS_TOKEN={v}', '{"access_token": "{v}", "request_id": "m8MDnv9okwxFNBV"}', 'item access token {v}'],
  },
  {
    ruleId: 'plaid-secret',
    valid: (rng) => hex(rng, 30),
    templates: ['PLAID_SECRET={v}', 'plaid_secret: "{v}"', 'my plaid secret is {v}'],
  },
  {
    ruleId: 'coinbase-api-secret',
    valid: (rng) => (rng() < 0.6 ? alnum(rng, 32) : `${b64(rng, 86)}==`),
    templates: ['COINBASE_API_SECRET={v}', 'CDP_API_KEY_SECRET="{v}"', 'coinbase secret: {v}'],
  },
  {
    ruleId: 'razorpay-key-id',
    valid: (rng) => `rzp_live_${alnum(rng, 14)}`,
    templates: [
      'RAZORPAY_KEY_ID={v}',
      'var options = { "key": "{v}", "amount": "50000", "currency": "INR" };',
      'checkout shows key {v} in the page source',
    ],
  },
  {
    ruleId: 'razorpay-key-secret',
    valid: (rng) => alnum(rng, 24),
    templates: ['RAZORPAY_KEY_SECRET={v}', 'razorpay_secret: "{v}"', 'the razorpay secret is {v}'],
  },
  {
    ruleId: 'paystack-secret-key',
    valid: (rng) => `sk_live_${hex(rng, 40)}`,
    templates: [
      'PAYSTACK_SECRET_KEY={v}',
      'curl https://api.paystack.co/transaction/initialize -H "Authorization: Bearer {v}"',
      'our paystack key {v} shows in the logs',
    ],
  },

  // ----- Messaging
  {
    ruleId: 'slack-webhook-url',
    valid: (rng) =>
      rng() < 0.85
        ? `https://hooks.slack.com/services/T${upperAlnum(rng, int(rng, 8, 10))}/B${upperAlnum(rng, int(rng, 8, 10))}/${alnum(rng, 24)}`
        : `https://hooks.slack.com/workflows/T${upperAlnum(rng, 10)}/A${upperAlnum(rng, 10)}/${digits(rng, 18)}/${alnum(rng, 24)}`,
    templates: [
      'SLACK_WEBHOOK_URL={v}',
      'curl -X POST -H \'Content-type: application/json\' --data \'{"text":"deploy done"}\' {v}',
      'alerts now go to {v} instead of email',
    ],
  },
  {
    ruleId: 'discord-bot-token',
    valid: (rng) => discordBotToken(rng),
    templates: ['DISCORD_BOT_TOKEN={v}', 'client.login("{v}") throws "An invalid token was provided"', "bot.run('{v}')  # discord.py"],
  },
  {
    ruleId: 'discord-webhook-url',
    valid: (rng) => `https://${pick(rng, ['', '', 'canary.', 'ptb.'])}discord${pick(rng, ['', 'app'])}.com/api/webhooks/${digits(rng, int(rng, 18, 19))}/${b64url(rng, 68)}`,
    templates: [
      'DISCORD_WEBHOOK={v}',
      'requests.post("{v}", json={"content": "build failed"})',
      'the bot posts through {v}',
    ],
  },
  {
    ruleId: 'telegram-bot-token',
    valid: (rng) => `${digits(rng, int(rng, 8, 10))}:AA${b64url(rng, 33)}`,
    templates: [
      'TELEGRAM_BOT_TOKEN={v}',
      'curl https://api.telegram.org/bot{v}/getUpdates',
      'BotFather gave me {v}, how do I set the webhook?',
    ],
  },
  {
    ruleId: 'twilio-account-sid',
    valid: (rng) => `AC${hex(rng, 32)}`,
    templates: [
      'TWILIO_ACCOUNT_SID={v}',
      'curl -X POST https://api.twilio.com/2010-04-01/Accounts/{v}/Messages.json',
      'the twilio account {v} is the prod one',
    ],
  },
  {
    ruleId: 'twilio-api-key-sid',
    valid: (rng) => `SK${hex(rng, 32)}`,
    templates: ['TWILIO_API_KEY={v}', 'client = Client("{v}", api_secret, account_sid)  # twilio', 'twilio api key sid {v}'],
  },
  {
    ruleId: 'twilio-auth-token',
    valid: (rng) => (rng() < 0.7 ? hex(rng, 32) : alnum(rng, 32)),
    templates: ['TWILIO_AUTH_TOKEN={v}', 'twilio_api_secret: "{v}"', 'the twilio auth token is {v}, rotate it after the demo'],
  },
  {
    ruleId: 'sendgrid-api-key',
    valid: (rng) => `SG.${b64url(rng, 22)}.${b64url(rng, 43)}`,
    templates: ['SENDGRID_API_KEY={v}', 'sg = SendGridAPIClient("{v}")', 'the mail key {v} got rate limited'],
  },
  {
    ruleId: 'mailgun-api-key',
    valid: (rng) => (rng() < 0.5 ? `key-${hex(rng, 32)}` : `${hex(rng, 32)}-${hex(rng, 8)}-${hex(rng, 8)}`),
    templates: [
      'MAILGUN_API_KEY={v}',
      "curl -s --user 'api:{v}' https://api.mailgun.net/v3/mg.acme-corp.io/messages",
      'mailgun private key {v}',
    ],
  },
  {
    ruleId: 'mailchimp-api-key',
    valid: (rng) => `${hex(rng, 32)}-us${int(rng, 1, 21)}`,
    templates: [
      'MAILCHIMP_API_KEY={v}',
      'mailchimp.setConfig({ apiKey: "{v}", server: "us19" });',
      'the mailchimp key {v} belongs to the marketing team',
    ],
  },
  {
    ruleId: 'postmark-api-token',
    valid: (rng) => uuid(rng),
    templates: [
      'POSTMARK_SERVER_TOKEN={v}',
      'curl "https://api.postmarkapp.com/email" -H "X-Postmark-Server-Token: {v}" -d @mail.json',
      'postmark_api_token: "{v}"',
    ],
  },
  {
    ruleId: 'microsoft-teams-webhook-url',
    valid: (rng) =>
      `https://${pick(rng, ['acmecorp', 'contoso', 'northwind'])}.webhook.office.com/webhookb2/${uuid(rng)}@${uuid(rng)}/IncomingWebhook/${hex(rng, 32)}/${uuid(rng)}` +
      (rng() < 0.6 ? `/V2${b64url(rng, 43)}` : ''),
    templates: [
      'TEAMS_WEBHOOK_URL={v}',
      'Invoke-RestMethod -Method Post -Uri "{v}" -Body $json -ContentType "application/json"',
      'the Teams connector URL is {v}',
    ],
  },
  {
    ruleId: 'zoom-client-secret',
    valid: (rng) => alnum(rng, 32),
    templates: ['ZOOM_CLIENT_SECRET={v}', 'zoom_api_secret: "{v}"', 'the zoom client secret is {v}'],
  },
  {
    ruleId: 'vonage-api-secret',
    valid: (rng) => alnum(rng, 16),
    templates: ['VONAGE_API_SECRET={v}', 'NEXMO_API_SECRET="{v}"', 'vonage secret is {v} and the key is in the vault'],
  },
];

// ---------------------------------------------------------------------------------------------
// Hard negatives: look-alikes no shipped rule may report

export const hardNegatives: HardNegative[] = [
  {
    category: 'secret',
    reason: 'UUID under a provider name but not a credential (app, project, site IDs)',
    text: (rng) =>
      `${pick(rng, ['HEROKU_APP_ID', 'RAILWAY_PROJECT_ID', 'NETLIFY_SITE_ID', 'SCW_DEFAULT_PROJECT_ID', 'POSTMARK_MESSAGE_STREAM_ID'])}=${uuid(rng)}`,
  },
  {
    category: 'secret',
    reason: 'git SHA next to a CI provider name',
    text: (rng) => `${pick(rng, ['CIRCLE_SHA1', 'TRAVIS_COMMIT', 'BUILDKITE_COMMIT'])}=${hex(rng, 40)} and the circleci build for it is green`,
  },
  {
    category: 'secret',
    reason: 'documentation placeholders with the real prefixes',
    text: (rng) =>
      pick(rng, [
        'set GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx and DIGITALOCEAN_TOKEN=dop_v1_<your token>',
        'tokens look like dckr_pat_<27 characters>, npm_<36 characters> or hf_<34 letters>',
        'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
        'the key has the form LTAI**************** and the Vault token hvs.************************',
      ]),
  },
  {
    category: 'secret',
    reason: 'truncated tokens (the user cut them short before pasting)',
    text: (rng) =>
      pick(rng, [
        `is glpat-${b64url(rng, 8)}... still valid?`,
        `I only have the first part: SG.${b64url(rng, 22)}.${b64url(rng, 10)}`,
        `the log shows shpat_${hex(rng, 12)}**** only`,
        `telegram says the token ${digits(rng, 9)}:AA${b64url(rng, 12)} is wrong`,
      ]),
  },
  {
    category: 'secret',
    reason: 'hex hash in the place of a prefixed token',
    text: (rng) => `sha256 of the release tarball: ${hex(rng, 64)} (pulumi-${pick(rng, ['aws', 'gcp', 'azure'])} v6 plugin)`,
  },
  {
    category: 'secret',
    reason: 'test-mode and sandbox credentials, not live ones',
    text: (rng) =>
      pick(rng, [
        `in test mode the Paystack dashboard shows sk_test_${hex(rng, 40)} instead`,
        `the Braintree sandbox gives access_token$sandbox$${lowerAlnum(rng, 16)}$${hex(rng, 32)} for local runs`,
        `the Plaid quickstart item is access-sandbox-${uuid(rng)}`,
        `Razorpay test key rzp_test_${alnum(rng, 14)} works on localhost only`,
      ]),
  },
  {
    category: 'secret',
    reason: 'prefix-less token shape with no provider assignment',
    text: (rng) => `the correlation id ${alnum(rng, 32)} shows up in both requests, and the trace id is ${hex(rng, 32)}`,
  },
  {
    category: 'secret',
    reason: 'Mailchimp and Mailgun key shapes without any provider nearby',
    text: (rng) => `cache key ${hex(rng, 32)}-us${int(rng, 1, 21)} maps to the US shard, and artefact key-${hex(rng, 32)} to the build`,
  },
  {
    category: 'secret',
    reason: 'Twilio-shaped SIDs without any Twilio word nearby',
    text: (rng) => `rows AC${hex(rng, 32)} and SK${hex(rng, 32)} are duplicated in the import`,
  },
  {
    category: 'secret',
    reason: 'Azure SAS-like URL with an unpadded Power Automate signature',
    text: (rng) =>
      `the flow URL is https://prod-${int(rng, 10, 99)}.westeurope.logic.azure.com:443/workflows/${hex(rng, 32)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${b64url(rng, 43)}`,
  },
  {
    category: 'secret',
    reason: 'version strings and release names that start like tokens',
    text: (rng) =>
      pick(rng, [
        `upgrade to release v1.0-${hex(rng, 7)} before Friday`,
        `the image tag is dapi-gateway-${int(rng, 2, 9)}.${int(rng, 0, 20)} now`,
        `build ALTAIR${upperAlnum(rng, 10)} passed QA`,
        `pul-request ${int(rng, 100, 999)} needs a reviewer`,
      ]),
  },
  {
    category: 'secret',
    reason: 'environment variable references instead of values',
    text: (rng) =>
      `${pick(rng, ['HEROKU_API_KEY', 'TWILIO_AUTH_TOKEN', 'VERCEL_TOKEN', 'CLOUDFLARE_API_TOKEN', 'HCLOUD_TOKEN'])}=\${${pick(rng, ['CI_SECRET', 'VAULT_VALUE', 'SECRET_FROM_STORE'])}}`,
  },
  {
    category: 'secret',
    reason: 'Discord-bot-token-like dotted ID without any Discord or token word',
    text: (rng) => `the object path is ${Buffer.from(digits(rng, 18)).toString('base64url')}.${b64url(rng, 6)}.${b64url(rng, 27)} in the bucket listing`,
  },
  {
    category: 'secret',
    reason: 'long identifier with a token-like prefix but a letters-only body',
    text: () => 'call rnd_InitializeGeneratorWithSeedValue() first, then 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',
  },
  {
    category: 'secret',
    reason: 'GCP client_id and project number in a service-account JSON without its key id',
    text: (rng) => `{"type": "service_account", "project_id": "acme-${pick(rng, ['analytics', 'billing', 'ml'])}", "client_id": "${hex(rng, 40)}"}`,
  },
];
