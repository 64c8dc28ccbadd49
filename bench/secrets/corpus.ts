// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the corpus quotes `${VAR}` placeholders as documents write them.
// A labelled corpus for the secret detector: lines that hold a secret (one or more per rule family of
// gitleaks' config/gitleaks.toml and Yelp detect-secrets' plugins) and lines that must not be reported
// (documentation, runbook and configuration text with placeholders, references and near-misses).
// Every secret here is fake: generated at run time from a fixed seed, shape-correct, and marked FAKE
// (or `deadbeef` where only hex fits), so no literal token sits in the repository for a scanner to
// mistake, and nothing here was ever a working credential.

export interface Family {
  id: string;
  title: string;
  /** The public rules this family stands for (ids in gitleaks, plugin names in detect-secrets). */
  gitleaks: string[];
  detectSecrets: string[];
}

export interface Sample {
  family: string;
  line: string;
  /** True when the line holds a secret the detector must report. */
  secret: boolean;
}

export const FAMILIES: Family[] = [
  {
    id: 'aws',
    title: 'AWS keys',
    gitleaks: ['aws-access-token'],
    detectSecrets: ['AWSKeyDetector', 'KeywordDetector (aws_secret_access_key)'],
  },
  {
    id: 'azure',
    title: 'Azure keys and connection strings',
    gitleaks: ['azure-ad-client-secret'],
    detectSecrets: ['AzureStorageKeyDetector'],
  },
  { id: 'gcp', title: 'Google Cloud keys', gitleaks: ['gcp-api-key'], detectSecrets: ['KeywordDetector'] },
  {
    id: 'github',
    title: 'GitHub tokens',
    gitleaks: [
      'github-pat',
      'github-oauth',
      'github-app-token',
      'github-refresh-token',
      'github-fine-grained-pat',
    ],
    detectSecrets: ['GitHubTokenDetector'],
  },
  {
    id: 'gitlab',
    title: 'GitLab tokens',
    gitleaks: [
      'gitlab-pat',
      'gitlab-pat-routable',
      'gitlab-deploy-token',
      'gitlab-rrt',
      'gitlab-runner-authentication-token',
      'gitlab-ptt',
      'gitlab-feed-token',
      'gitlab-cicd-job-token',
    ],
    detectSecrets: ['GitLabTokenDetector'],
  },
  {
    id: 'slack',
    title: 'Slack tokens and webhooks',
    gitleaks: [
      'slack-bot-token',
      'slack-user-token',
      'slack-app-token',
      'slack-legacy-token',
      'slack-webhook-url',
    ],
    detectSecrets: ['SlackDetector'],
  },
  {
    id: 'chat',
    title: 'Other chat webhooks and bots',
    gitleaks: ['microsoft-teams-webhook', 'discord-api-token', 'telegram-bot-api-token'],
    detectSecrets: ['DiscordBotTokenDetector', 'TelegramBotTokenDetector'],
  },
  {
    id: 'payments',
    title: 'Payment providers',
    gitleaks: ['stripe-access-token', 'square-access-token', 'shopify-access-token', 'shopify-shared-secret'],
    detectSecrets: ['StripeDetector', 'SquareOAuthDetector'],
  },
  {
    id: 'ai',
    title: 'AI APIs',
    gitleaks: ['openai-api-key', 'anthropic-api-key', 'huggingface-access-token', 'perplexity-api-key'],
    detectSecrets: ['OpenAIDetector'],
  },
  {
    id: 'registries',
    title: 'Package registries',
    gitleaks: ['npm-access-token', 'pypi-upload-token', 'rubygems-api-token', 'nuget-config-password'],
    detectSecrets: ['NpmDetector', 'PypiTokenDetector'],
  },
  {
    id: 'messaging',
    title: 'E-mail and messaging APIs',
    gitleaks: [
      'sendgrid-api-token',
      'mailchimp-api-key',
      'mailgun-private-api-token',
      'sendinblue-api-token',
      'twilio-api-key',
    ],
    detectSecrets: ['SendGridDetector', 'MailchimpDetector', 'TwilioKeyDetector'],
  },
  {
    id: 'infra',
    title: 'Infrastructure and developer platforms',
    gitleaks: [
      'vault-service-token',
      'hashicorp-tf-api-token',
      'pulumi-api-token',
      'doppler-api-token',
      'databricks-api-token',
      'digitalocean-pat',
      'heroku-api-key-v2',
      'planetscale-api-token',
      'grafana-service-account-token',
      'sentry-user-token',
      'postman-api-token',
      'linear-api-key',
      'artifactory-api-key',
      'age-secret-key',
    ],
    detectSecrets: ['ArtifactoryDetector'],
  },
  {
    id: 'private-key',
    title: 'Private keys',
    gitleaks: ['private-key'],
    detectSecrets: ['PrivateKeyDetector'],
  },
  { id: 'jwt', title: 'JSON web tokens', gitleaks: ['jwt'], detectSecrets: ['JwtTokenDetector'] },
  {
    id: 'url',
    title: 'Credentials in URLs and commands',
    gitleaks: ['curl-auth-user', 'sidekiq-sensitive-url'],
    detectSecrets: ['BasicAuthDetector'],
  },
  {
    id: 'header',
    title: 'HTTP authorization headers',
    gitleaks: ['curl-auth-header'],
    detectSecrets: ['KeywordDetector'],
  },
  {
    id: 'password',
    title: 'Passwords assigned a literal',
    gitleaks: ['generic-api-key (passw(or)?d)', 'database-password', 'hashicorp-tf-password'],
    detectSecrets: ['KeywordDetector (password, passwd, pwd, pass, db_pass)'],
  },
  {
    id: 'keyword',
    title: 'Secrets, tokens and keys assigned a literal',
    gitleaks: ['generic-api-key', 'kubernetes-secret-yaml'],
    detectSecrets: ['KeywordDetector (secret, token, api_key, private_key, …)'],
  },
  {
    id: 'vendor',
    title: 'Vendor-named keys (`<vendor>_API_KEY=…`)',
    gitleaks: [
      'datadog-access-token',
      'algolia-api-key',
      'cloudflare-api-key',
      'twitter-bearer-token',
      'sentry-access-token',
      'okta-access-token',
      '…and the other keyword-anchored rules',
    ],
    detectSecrets: ['CloudantDetector', 'IbmCloudIamDetector', 'IbmCosHmacDetector', 'SoftlayerDetector'],
  },
  {
    id: 'entropy',
    title: 'Random strings with no name (not detected, by design)',
    gitleaks: ['— (gitleaks weighs entropy only inside its named rules)'],
    detectSecrets: ['Base64HighEntropyString', 'HexHighEntropyString'],
  },
  {
    id: 'docs',
    title: 'Documentation prose and code (negatives only)',
    gitleaks: ['(allowlists and stopwords)'],
    detectSecrets: ['(filters: heuristic, templated, indirect reference)'],
  },
];

// ---- fake secrets ----------------------------------------------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ALPHA = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  upnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  lownum: 'abcdefghijklmnopqrstuvwxyz0123456789',
  hex: '0123456789abcdef',
  b64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  digits: '0123456789',
} as const;

/** A generator of fake secrets: `fake(alphabet, n)` is n characters, starting with a FAKE marker. */
export function fakes(seed = 20261205) {
  const rnd = mulberry32(seed);
  const random = (alphabet: string, n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    return s;
  };
  const marker = (alphabet: string) =>
    alphabet.includes('K') && alphabet.includes('F')
      ? 'FAKE'
      : alphabet.includes('k')
        ? 'fake'
        : alphabet.includes('f')
          ? 'deadbeef'
          : '';
  const fake = (alphabet: string, n: number) => {
    const m = marker(alphabet).slice(0, n);
    return m + random(alphabet, n - m.length);
  };
  return { fake, random };
}

// ---- the corpus ------------------------------------------------------------------------------------

/** Every sample, in family order; the same seed gives the same corpus. */
export function corpus(seed = 20261205): Sample[] {
  const { fake, random } = fakes(seed);
  const A = ALPHA;
  const out: Sample[] = [];
  const pos = (family: string, ...lines: string[]) => {
    for (const line of lines) out.push({ family, line, secret: true });
  };
  const neg = (family: string, ...lines: string[]) => {
    for (const line of lines) out.push({ family, line, secret: false });
  };
  const ghp = () => `ghp_${fake(A.alnum, 36)}`;
  const awsId = () => `AKIA${fake(A.upnum, 16)}`;
  const awsSecret = () => fake(A.b64, 40);
  const uuid = () =>
    `${fake(A.hex, 8)}-${random(A.hex, 4)}-${random(A.hex, 4)}-${random(A.hex, 4)}-${random(A.hex, 12)}`;
  const jwt = () => `eyJhbGciOiJIUzI1NiJ9.eyJ${fake(A.url, 40)}.${fake(A.url, 43)}`;

  pos(
    'aws',
    `aws_access_key_id = ${awsId()}`,
    `aws_secret_access_key = ${awsSecret()}`,
    `AWS_SECRET_ACCESS_KEY=${awsSecret()}`,
    `export AWS_SECRET_ACCESS_KEY="${awsSecret()}"`,
    `  secretAccessKey: '${awsSecret()}'`,
    `    "SecretAccessKey": "${awsSecret()}",`,
    `AWS_SESSION_TOKEN=${fake(A.b64, 120)}`,
    `temporary credentials: ASIA${fake(A.upnum, 16)} / ${awsSecret()}`,
  );
  neg(
    'aws',
    'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
    'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}',
    'aws_secret_access_key: <your-secret-access-key>',
    '- Rotate the AWS secret access key every 90 days (see the key policy).',
    'AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}',
    'aws_access_key_id = ',
    'The role ARN is arn:aws:iam::123456789012:role/deploy; no static key is needed.',
  );

  pos(
    'azure',
    `DefaultEndpointsProtocol=https;AccountName=papertrailfake;AccountKey=${fake(A.b64, 86)}==;EndpointSuffix=core.windows.net`,
    `AZURE_STORAGE_KEY=${fake(A.b64, 86)}==`,
    `Endpoint=sb://fake.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${fake(A.b64, 43)}=`,
    `AZURE_CLIENT_SECRET=${fake(A.alnum, 3)}8Q~${fake(A.url, 34)}`,
    `client_secret: "${fake(A.alnum, 3)}7Q~${fake(A.url, 31)}"`,
  );
  neg(
    'azure',
    'DefaultEndpointsProtocol=https;AccountName=myaccount;AccountKey=<storage-account-key>;EndpointSuffix=core.windows.net',
    'AccountKey=${STORAGE_KEY}',
    'AZURE_CLIENT_SECRET: ${{ secrets.AZURE_CLIENT_SECRET }}',
    'Use a managed identity: no AccountKey in the connection string.',
    'key_vault_secret_name: db-password',
  );

  pos(
    'gcp',
    `GOOGLE_API_KEY=AIza${fake(A.url, 35)}`,
    `const maps = new Loader({ apiKey: "AIza${fake(A.url, 35)}" });`,
    `  "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIE${fake(A.b64, 60)}\\n-----END PRIVATE KEY-----\\n",`,
  );
  neg(
    'gcp',
    'GOOGLE_APPLICATION_CREDENTIALS=/var/run/secrets/gcp/key.json',
    '  "client_email": "deployer@project-id.iam.gserviceaccount.com",',
    'api_key: AIzaSy...',
    '  "private_key": "<paste the key from the JSON file>",',
    `  "private_key_id": "${fake(A.hex, 40)}",`,
  );

  pos(
    'github',
    `GITHUB_TOKEN=${ghp()}`,
    `GITHUB_TOKEN=${fake(A.hex, 40)}`,
    `git clone https://x-access-token:${ghp()}@github.com/org/repo.git`,
    `- Token used for the backfill: ${ghp()}`,
    `gh auth login --with-token <<< gho_${fake(A.alnum, 36)}`,
    `GH_APP_TOKEN: ghs_${fake(A.alnum, 36)}`,
    `refresh: ghr_${fake(A.alnum, 76)}`,
    `token = "github_pat_${fake(A.alnum, 22)}_${fake(A.alnum, 59)}"`,
    `Authorization: token ghu_${fake(A.alnum, 36)}`,
  );
  neg(
    'github',
    'GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
    'token: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'Create a classic token (it starts with ghp_) with the repo scope.',
    `Merged in commit ${fake(A.hex, 40)} (see the release notes).`,
    'github_token: <token>',
    'export GITHUB_TOKEN=$(gh auth token)',
    'GITHUB_TOKEN',
    '| `GITHUB_TOKEN` | required | a token with `repo` scope |',
    'token: ghp_... (a classic personal access token)',
  );

  pos(
    'gitlab',
    `GITLAB_TOKEN=glpat-${fake(A.url, 20)}`,
    `private_token: glpat-${fake(A.url, 27)}.01.${fake(A.lownum, 9)}`,
    `deploy token gldt-${fake(A.url, 20)} for the registry`,
    `registration-token: GR1348941${fake(A.url, 20)}`,
    `runner token: glrt-${fake(A.url, 20)}`,
    `curl -X POST -F token=glptt-${fake(A.hex, 40)} -F ref=main https://gitlab.example.com/api/v4/projects/1/trigger/pipeline`,
  );
  neg(
    'gitlab',
    'GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx',
    'GitLab personal access tokens start with glpat- and expire after a year.',
    'private_token: $CI_JOB_TOKEN',
    'GITLAB_TOKEN: ${GITLAB_TOKEN}',
  );

  pos(
    'slack',
    `SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T${fake(A.upnum, 8)}/B${fake(A.upnum, 10)}/${fake(A.alnum, 24)}`,
    `Alerts go to https://hooks.slack.com/services/T${fake(A.upnum, 10)}/B${fake(A.upnum, 10)}/${fake(A.alnum, 24)} today.`,
    `SLACK_BOT_TOKEN=xoxb-${fake(A.digits, 12)}-${fake(A.digits, 13)}-${fake(A.alnum, 24)}`,
    `slack_user_token: xoxp-${fake(A.digits, 12)}-${fake(A.digits, 12)}-${fake(A.digits, 13)}-${fake(A.hex, 32)}`,
    `SLACK_APP_TOKEN=xapp-1-A${fake(A.upnum, 10)}-${fake(A.digits, 13)}-${fake(A.hex, 64)}`,
  );
  neg(
    'slack',
    'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
    'Post to the #deploys channel through the Slack webhook (stored in Vault).',
    'slack_bot_token: xoxb-your-token-here',
    'SLACK_BOT_TOKEN: ${{ secrets.SLACK_BOT_TOKEN }}',
  );

  pos(
    'chat',
    `TEAMS_WEBHOOK=https://fakeorg.webhook.office.com/webhookb2/${uuid()}@${uuid()}/IncomingWebhook/${fake(A.hex, 32)}/${uuid()}`,
    `DISCORD_WEBHOOK=https://discord.com/api/webhooks/${fake(A.digits, 18)}/${fake(A.url, 68)}`,
    `DISCORD_BOT_TOKEN=M${fake(A.url, 23)}.${fake(A.url, 6)}.${fake(A.url, 27)}`,
    `TELEGRAM_BOT_TOKEN=${fake(A.digits, 10)}:AA${fake(A.url, 33)}`,
  );
  neg(
    'chat',
    'TEAMS_WEBHOOK=https://example.webhook.office.com/webhookb2/<id>',
    'The Discord webhook URL lives in the ops vault; ask #infra for access.',
    'TELEGRAM_BOT_TOKEN: ${TELEGRAM_BOT_TOKEN}',
  );

  pos(
    'payments',
    `STRIPE_SECRET_KEY=sk_live_${fake(A.alnum, 24)}`,
    `stripe.api_key = "rk_live_${fake(A.alnum, 24)}"`,
    `STRIPE_KEY=sk_test_${fake(A.alnum, 24)}`,
    `SQUARE_ACCESS_TOKEN=sq0atp-${fake(A.url, 22)}`,
    `square_secret: sq0csp-${fake(A.url, 43)}`,
    `SHOPIFY_ACCESS_TOKEN=shpat_${fake(A.hex, 32)}`,
    `shopify_shared_secret: shpss_${fake(A.hex, 32)}`,
  );
  neg(
    'payments',
    'STRIPE_SECRET_KEY=sk_live_...',
    'Stripe secret keys start with sk_live_ in production and sk_test_ in test mode.',
    'STRIPE_SECRET_KEY: ${{ secrets.STRIPE_SECRET_KEY }}',
    'publishable_key: pk_test_<key>',
  );

  pos(
    'ai',
    `OPENAI_API_KEY=sk-proj-${fake(A.url, 74)}T3BlbkFJ${fake(A.url, 74)}`,
    `openai.api_key = "sk-${fake(A.alnum, 20)}T3BlbkFJ${fake(A.alnum, 20)}"`,
    `ANTHROPIC_API_KEY=sk-ant-api03-${fake(A.url, 93)}AA`,
    `HF_TOKEN=hf_${fake(A.alnum.replace(/[0-9]/g, ''), 34)}`,
    `PERPLEXITY_API_KEY=pplx-${fake(A.alnum, 48)}`,
  );
  neg(
    'ai',
    'OPENAI_API_KEY=sk-...',
    'OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}',
    'Set ANTHROPIC_API_KEY in your shell; never commit it.',
    'HF_TOKEN=<your Hugging Face token>',
  );

  pos(
    'registries',
    `//registry.npmjs.org/:_authToken=npm_${fake(A.alnum, 36)}`,
    `//npm.pkg.github.com/:_authToken=${uuid()}`,
    `NPM_TOKEN=npm_${fake(A.alnum, 36)}`,
    `password = pypi-AgEIcHlwaS5vcmc${fake(A.url, 70)}`,
    `GEM_HOST_API_KEY=rubygems_${fake(A.hex, 48)}`,
    `<add key="ClearTextPassword" value="${fake(A.alnum, 16)}" />`,
  );
  neg(
    'registries',
    '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
    'NPM_TOKEN: ${{ secrets.NPM_TOKEN }}',
    'username = __token__',
    '<add key="ClearTextPassword" value="%NUGET_PASSWORD%" />',
    'Publish with `npm publish --provenance`; the token comes from OIDC.',
  );

  pos(
    'messaging',
    `SENDGRID_API_KEY=SG.${fake(A.url, 22)}.${fake(A.url, 43)}`,
    `MAILCHIMP_API_KEY=${fake(A.hex, 32)}-us21`,
    `mailgun_api_key: key-${fake(A.hex, 32)}`,
    `SENDINBLUE_KEY=xkeysib-${fake(A.hex, 64)}-${fake(A.alnum, 16)}`,
    `TWILIO_API_KEY=SK${fake(A.hex, 32)}`,
    `TWILIO_AUTH_TOKEN=${fake(A.hex, 32)}`,
  );
  neg(
    'messaging',
    'SENDGRID_API_KEY=SG.xxxxxxxx.yyyyyyyy',
    'TWILIO_AUTH_TOKEN=${TWILIO_AUTH_TOKEN}',
    'Mailchimp keys end in the data centre, e.g. -us21.',
  );

  pos(
    'infra',
    `VAULT_TOKEN=hvs.${fake(A.url, 95)}`,
    `TFE_TOKEN=${fake(A.alnum, 14)}.atlasv1.${fake(A.url, 67)}`,
    `PULUMI_ACCESS_TOKEN=pul-${fake(A.hex, 40)}`,
    `DOPPLER_TOKEN=dp.pt.${fake(A.alnum, 43)}`,
    `DATABRICKS_TOKEN=dapi${fake(A.hex, 32)}`,
    `DIGITALOCEAN_TOKEN=dop_v1_${fake(A.hex, 64)}`,
    `HEROKU_API_KEY=HRKU-AA${fake(A.url, 58)}`,
    `PLANETSCALE_TOKEN=pscale_tkn_${fake(A.url, 43)}`,
    `GRAFANA_TOKEN=glsa_${fake(A.alnum, 32)}_${fake(A.hex, 8)}`,
    `SENTRY_AUTH_TOKEN=sntryu_${fake(A.hex, 64)}`,
    `POSTMAN_API_KEY=PMAK-${fake(A.hex, 24)}-${fake(A.hex, 34)}`,
    `LINEAR_API_KEY=lin_api_${fake(A.alnum, 40)}`,
    `ARTIFACTORY_API_KEY=AKCp${fake(A.alnum, 69)}`,
    `# public key: age1... / identity: AGE-SECRET-KEY-1${'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L'.repeat(2).slice(0, 58)}`,
  );
  neg(
    'infra',
    'VAULT_TOKEN=$(vault print token)',
    'VAULT_ADDR=https://vault.internal:8200',
    'DATABRICKS_HOST=https://adb-1234567890123456.7.azuredatabricks.net',
    'Pulumi reads PULUMI_ACCESS_TOKEN from the environment.',
    'sentry_dsn: https://public@o0.ingest.sentry.io/0',
  );

  const pemBody = fake(A.b64, 64);
  pos(
    'private-key',
    '-----BEGIN RSA PRIVATE KEY-----',
    '-----BEGIN OPENSSH PRIVATE KEY-----',
    '-----BEGIN EC PRIVATE KEY-----',
    '-----BEGIN PRIVATE KEY-----',
    '-----BEGIN ENCRYPTED PRIVATE KEY-----',
    '-----BEGIN PGP PRIVATE KEY BLOCK-----',
    '    -----BEGIN DSA PRIVATE KEY-----',
    `private_key = "-----BEGIN PRIVATE KEY-----\\n${pemBody}\\n-----END PRIVATE KEY-----"`,
    'PuTTY-User-Key-File-3: ssh-ed25519',
    `private_key = ${fake(A.b64, 44)}=`,
  );
  neg(
    'private-key',
    '-----BEGIN PUBLIC KEY-----',
    '-----BEGIN CERTIFICATE-----',
    '-----BEGIN PGP PUBLIC KEY BLOCK-----',
    `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${fake(A.b64, 43)} deploy@ci`,
    'private_key_path: ~/.ssh/id_ed25519',
    'Store the private key in the vault, never in this repository.',
    'private_key = file("${path.module}/keys/deploy.pem")',
    'private_key: <contents of id_ed25519>',
  );

  pos(
    'jwt',
    `Authorization: Bearer ${jwt()}`,
    `id_token=${jwt()}`,
    `The failing request carried ${jwt()} (expired).`,
  );
  neg(
    'jwt',
    'A JWT has three parts: header.payload.signature, each base64url-encoded (eyJ...).',
    'Authorization: Bearer <jwt>',
    'JWT_SECRET=${JWT_SECRET}',
  );

  pos(
    'url',
    `DATABASE_URL=postgres://app:${fake(A.alnum, 16)}@db.internal:5432/app`,
    `mongodb+srv://admin:${fake(A.alnum, 12)}@cluster0.fake.mongodb.net/test`,
    `redis://:${fake(A.alnum, 20)}@cache:6379/0`,
    `curl -u admin:${fake(A.alnum, 12)} https://ci.internal/api/json`,
    `amqp://guest:${fake(A.lower, 10)}@rabbit:5672/`,
    `https://${fake(A.hex, 8)}:${random(A.hex, 8)}@gems.contribsys.com/`,
  );
  neg(
    'url',
    'DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app',
    'postgres://user:password@localhost:5432/dbname',
    'postgres://<user>:<password>@<host>/<db>',
    'git@github.com:papertrail/papertrail.git',
    'https://registry.npmjs.org/@scope%2fname',
    'curl -u "$USER:$TOKEN" https://ci.internal/api/json',
    'mysql://root:****@db/app',
    'See https://example.com/docs/auth#basic for the login flow.',
  );

  pos(
    'header',
    `curl -H "Authorization: Bearer ${fake(A.alnum, 40)}" https://api.internal/v1/jobs`,
    `Authorization: Bearer ${fake(A.url, 32)}.${fake(A.url, 20)}`,
    `headers: { Authorization: "Basic ${fake(A.b64, 32)}=" }`,
    `X-API-Key: ${fake(A.hex, 32)}`,
    `curl -H 'x-api-key: ${fake(A.alnum, 40)}' https://api.internal`,
  );
  neg(
    'header',
    'Authorization: Bearer <token>',
    'Authorization: Bearer $TOKEN',
    'curl -H "Authorization: Bearer ${API_TOKEN}" https://api.internal/v1/jobs',
    'Send the Bearer token in the Authorization header on every request.',
    'The API uses Basic authentication over TLS only.',
    'X-API-Key: {{ api_key }}',
  );

  pos(
    'password',
    'DB_PASSWORD=correcthorsebattery',
    'POSTGRES_PASSWORD: hunterhunter',
    '      POSTGRES_PASSWORD: "Sup3rS3cret!"',
    'password: hunter2abc1',
    'MYSQL_ROOT_PASSWORD=tr0ub4dor&3',
    '"password": "s3cr3t-Pa55",',
    'spring.datasource.password=JdbcSecret42',
    'db_pass = "bluemonkeyfish"',
    'ldap_bind_password: "Winter2026!"',
    'PGPASSWORD=letmeinplease psql -h db -U app',
    `Server=db;Database=app;User Id=sa;Password=${fake(A.alnum, 14)};`,
    'administrator_login_password = "P4ssw0rd-Prod"',
    'password = "hunter2" and token = "tok_8f3kd02kdl3"',
    'mysql -u root --password=rootpassword42 app',
    'redis.conf: requirepass s3cretRedisPass',
  );
  neg(
    'password',
    'password: ${{ secrets.DB_PASSWORD }}',
    'DB_PASSWORD=',
    'DB_PASSWORD',
    'export DB_PASSWORD',
    '  - name: DB_PASSWORD',
    '    valueFrom: { secretKeyRef: { name: db, key: password } }',
    'The password policy requires at least 12 characters.',
    'password: must be at least 12 characters long',
    'Passwords: never commit them; use the vault.',
    'password: changeme',
    'password: CHANGE_ME',
    "password: '********'",
    'password: "{{ .Values.db.password }}"',
    'POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}',
    'password = getpass.getpass()',
    'password: args.password',
    'if (password === confirmPassword) return true;',
    '  password: string;',
    'def login(username, password):',
    'password_min_length: 12',
    'password_reset_url: https://auth.internal/reset',
    '| DB_PASSWORD | yes | Database password |',
    'Reset your password at https://id.internal/reset.',
    'password_hash: $2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW',
    'pwd: /home/runner/work',
    'PASSWORD_FILE=/run/secrets/db_password',
    '--password-stdin < ~/.docker/token',
    'passwordLabel: "Enter your password"',
    'password=',
    'password: required',
  );

  pos(
    'keyword',
    `SECRET_KEY = "${fake(A.alnum, 50)}"`,
    `SECRET_KEY=${fake(A.url, 50)}`,
    `api_key: ${fake(A.hex, 32)}`,
    `"apiKey": "${fake(A.alnum, 32)}",`,
    `client_secret = ${fake(A.url, 40)}`,
    `JWT_SECRET=${fake(A.alnum, 48)}`,
    `auth_token: "${fake(A.lownum, 40)}"`,
    `ENCRYPTION_KEY=${fake(A.b64, 43)}=`,
    `  tls.key: ${fake(A.b64, 60)}`,
    `session_secret: ${fake(A.alnum, 32)}`,
    `token := "${fake(A.alnum, 32)}"`,
    `secret = "${fake(A.hex, 64)}"`,
    `webhook_secret=${fake(A.alnum, 24)} signing_key=${fake(A.hex, 40)}`,
    `access_token: ${fake(A.alnum, 40)}`,
    `terraform apply -var api_token=${fake(A.alnum, 40)}`,
    `deploy --token ${fake(A.alnum, 32)} --env prod`,
  );
  neg(
    'keyword',
    'SECRET_KEY = os.environ["SECRET_KEY"]',
    'SECRET_KEY = env("SECRET_KEY")',
    'api_key: ${API_KEY}',
    'const token = process.env.GITHUB_TOKEN;',
    'token := os.Getenv("TOKEN")',
    'secret = secrets.token_hex(32)',
    'token = response.json()["access_token"]',
    'api_key_id: 1234567890',
    'token_url: https://auth.internal/oauth/token',
    'token_type: bearer',
    'max_tokens: 4096',
    'public_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIbase',
    'secretName: db-credentials',
    'secrets: inherit',
    'api_key: xxx',
    'api_key = <your-key-here>',
    'the token is rotated daily',
    'token: required for the publish job',
    'secret: see Vault path secret/data/app',
    'key: value',
    'primary_key: id',
    'keyboard: us',
    'csrf_token: {{ csrf_token() }}',
    'cache_key: v1-deps',
    'api_key: YOUR_API_KEY',
    'api_key: example-key',
    'access_token_ttl: 3600',
    'token_expires_in: 30d',
    'secret_ref: prod/db',
    `sha256: ${fake(A.hex, 64)}`,
    `integrity: sha512-${fake(A.b64, 86)}==`,
    'request_id: 3fa85f64-5717-4562-b3fc-2c963f66afa6',
    'tokenizer: cl100k_base',
    'Token: the unit of billing; 1,000 tokens is about 750 words.',
    'apiKey: string',
  );

  pos(
    'vendor',
    `DATADOG_API_KEY=${fake(A.hex, 32)}`,
    `DD_APP_KEY=${fake(A.hex, 40)}`,
    `ALGOLIA_ADMIN_KEY=${fake(A.hex, 32)}`,
    `CLOUDFLARE_API_TOKEN=${fake(A.url, 40)}`,
    `TWITTER_BEARER_TOKEN=AAAAAAAAAAAAAAAAAAAAA${fake(A.alnum, 80)}`,
    `okta_api_token: 00${fake(A.url, 40)}`,
    `CONFLUENT_SECRET=${fake(A.alnum, 64)}`,
    `NEW_RELIC_LICENSE_KEY=${fake(A.hex, 40)}`,
    `cloudant_password: ${fake(A.hex, 64)}`,
    `ibm_cloud_iam_api_key = "${fake(A.url, 44)}"`,
    `cos_hmac_secret_access_key: ${fake(A.hex, 48)}`,
    `softlayer_api_key=${fake(A.hex, 64)}`,
    `LAUNCHDARKLY_SDK_KEY=sdk-${uuid()}`,
  );
  neg(
    'vendor',
    'DATADOG_API_KEY: ${{ secrets.DATADOG_API_KEY }}',
    'DD_SITE=datadoghq.eu',
    'ALGOLIA_APP_ID=LATENCY',
    'CLOUDFLARE_ZONE_ID=023e105f4ecef8ad9ca31a8372d0c353',
    'Datadog API keys are rotated by the platform team.',
  );

  // A quoted random string with nothing naming it: detect-secrets reports these by entropy alone. In
  // documents they are far more often digests, commit SHAs and IDs (the negatives), so they are not
  // reported here; a key name, a vendor prefix or a URL is needed.
  pos(
    'entropy',
    `const k = "${fake(A.b64, 40)}";`,
    `  - "${fake(A.hex, 48)}"`,
    `value: '${fake(A.alnum, 32)}'`,
  );
  neg(
    'entropy',
    `const sha = "${fake(A.hex, 40)}";`,
    `  - "sha256:${fake(A.hex, 64)}"`,
    `etag: '"${fake(A.hex, 32)}"'`,
  );
  neg(
    'docs',
    '## Rollback Plan',
    '- [ ] @Security approved?',
    'Secrets are read from Vault at start-up; nothing sensitive is logged.',
    'The token, the password and the API key are all injected by the pipeline.',
    'Run `papertrail runbook review SPEC-0001/REQ-001` after every change.',
    'See [the key rotation guide](docs/security/key-rotation.md).',
    '| Setting | Default | Meaning |',
    'timeout: 30s',
    'image: ghcr.io/papertrail/runner@sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
    'git checkout 9fceb02d0ae598e95dc970b74767f19372d61af8',
    'uuid: 123e4567-e89b-12d3-a456-426614174000',
    'Base64 of "hello world" is aGVsbG8gd29ybGQ=.',
    'export PATH="$HOME/.local/bin:$PATH"',
    'env: [DB_PASSWORD, API_KEY, GITHUB_TOKEN]',
    'Authentication: OAuth 2.0 device flow (no client secret).',
    'The secret key rotation job runs at 02:00 UTC.',
    'We use a passphrase-protected key for signing releases.',
    'bypass: false',
    'keyPrefix: pt-',
    'Story: SPEC-0001/REQ-001 (`.github/spec/spec.md`, line 27; plan issue #2).',
    '- ACCEPTED by Jane Doe at 2026-11-23T00:00:00Z; every role approved.',
    'PT-SEC-001 (@Security, blocking): No secret-looking string in the runbook',
    '- **Security** (PT-SEC-001, blocking) line 12: secret-looking string (GitHub token)',
    `const id = "${fake(A.alnum, 24)}"; // a request id`,
    'docker login ghcr.io -u papertrail --password-stdin',
    'kubectl create secret generic db --from-literal=password=$(pass show db)',
  );
  return out;
}

/**
 * Lines written after the detector was tuned on `corpus()` and measured once, as they stood: an
 * estimate of how it does on text it was not shaped to. Families are those of `corpus()`.
 */
export function heldOut(seed = 7031): Sample[] {
  const { fake, random } = fakes(seed);
  const A = ALPHA;
  const out: Sample[] = [];
  const pos = (family: string, ...lines: string[]) => {
    for (const line of lines) out.push({ family, line, secret: true });
  };
  const neg = (family: string, ...lines: string[]) => {
    for (const line of lines) out.push({ family, line, secret: false });
  };
  pos(
    'aws',
    `[default]\taws_secret_access_key=${fake(A.b64, 40)}`,
    `AWS.config.update({ accessKeyId: "AKIA${fake(A.upnum, 16)}", secretAccessKey: "${fake(A.b64, 40)}" });`,
  );
  neg(
    'aws',
    'aws configure set aws_secret_access_key "$AWS_SECRET"',
    'Use `aws sts get-session-token` for MFA.',
  );
  pos('github', `echo ${`ghp_${fake(A.alnum, 36)}`} | docker login ghcr.io -u bot --password-stdin`);
  neg('github', 'permissions: { contents: read, id-token: write }', 'token: ${{ github.token }}');
  pos('gitlab', `export CI_JOB_TOKEN=glcbt-64_${fake(A.url, 20)}`);
  pos(
    'slack',
    `"text": "posted via https://hooks.slack.com/services/T${fake(A.upnum, 9)}/B${fake(A.upnum, 11)}/${fake(A.alnum, 24)}"`,
  );
  pos('payments', `Stripe::API_KEY = 'sk_live_${fake(A.alnum, 99)}'`);
  neg('payments', "Stripe.apiKey = System.getenv('STRIPE_KEY');");
  pos('private-key', '-----BEGIN OPENSSH PRIVATE KEY----- (paste below)');
  neg(
    'private-key',
    'ssh_private_key: ${{ secrets.DEPLOY_KEY }}',
    'Generate one with `ssh-keygen -t ed25519`.',
  );
  pos('url', `export REDIS_URL=rediss://default:${fake(A.alnum, 32)}@fake-redis.upstash.io:6379`);
  pos('url', `jdbc:postgresql://db:5432/app?user=app&password=${fake(A.alnum, 14)}`);
  neg(
    'url',
    'jdbc:postgresql://db:5432/app?user=app&password=${DB_PASS}',
    'ftp://anonymous@ftp.example.org/pub',
  );
  pos('header', `-H "PRIVATE-TOKEN: ${fake(A.url, 20)}"`, `headers = {"X-Auth-Token": "${fake(A.hex, 40)}"}`);
  neg('header', '-H "PRIVATE-TOKEN: $GITLAB_TOKEN"', 'X-Request-Id: 8d3f1c2a-0b5e-4f7a-9c1d-2e3f4a5b6c7d');
  pos(
    'password',
    "    'PASSWORD': 'django-db-pass',",
    'app.config["MAIL_PASSWORD"] = "quietgardenlamp"',
    `Password: ${random(A.alnum, 12)}`,
    'sudo -S <<< "ilovemyserver" apt upgrade',
    'rabbitmq_default_pass: rabbitpass',
    `spring.mail.password=${fake(A.alnum, 16)}`,
  );
  neg(
    'password',
    "    'PASSWORD': os.environ['DB_PASSWORD'],",
    'Password: (ask the on-call engineer)',
    'password_expiry_days: 90',
    'The Password field is masked in the UI.',
    'rabbitmq_default_pass: "{{ vault_rabbitmq_pass }}"',
    'passwordless: true',
    'Forgot password? Use the reset link.',
  );
  pos(
    'keyword',
    `"client_secret":"${fake(A.url, 40)}"`,
    `const API_KEY = '${fake(A.alnum, 32)}';`,
    `self.secret = "${fake(A.hex, 64)}"`,
    `REFRESH_TOKEN ?= ${fake(A.alnum, 48)}`,
    `<secret>${fake(A.alnum, 32)}</secret>`,
    `SIGNING_KEY: ${fake(A.b64, 44)}`,
  );
  neg(
    'keyword',
    'const API_KEY = import.meta.env.VITE_API_KEY;',
    'self.secret = None',
    'REFRESH_TOKEN ?=',
    'signing_key_id: kid-2026-01',
    'token_bucket_capacity: 100',
    'keyring: gnome',
    'secret_scanning: enabled',
    'Token budget: 8k per request.',
    'api_key_header: X-API-Key',
  );
  pos(
    'vendor',
    `SNYK_TOKEN=${random(A.hex, 8)}-${random(A.hex, 4)}-${random(A.hex, 4)}-${random(A.hex, 4)}-${random(A.hex, 12)}`,
    `MAPBOX_ACCESS_TOKEN=pk.eyJ1${fake(A.alnum, 60)}.${fake(A.url, 22)}`,
  );
  neg('vendor', 'MAPBOX_STYLE=mapbox://styles/mapbox/streets-v12', 'SNYK_ORG=papertrail');
  neg(
    'docs',
    '| Variable | Example |',
    '| `API_TOKEN` | `abc123` (placeholder) |',
    'Rotate keys with `papertrail secrets rotate --all`.',
    'The session key is derived per request; nothing is stored.',
    'commit: 1b2c3d4e5f60718293a4b5c6d7e8f90112233445',
    'digest: sha256:6d4a2f1e0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e',
  );
  return out;
}
