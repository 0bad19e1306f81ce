#!/usr/bin/env python3
"""Generates the labelled accuracy corpus: tests/corpus/files/ and tests/corpus/labels.jsonl.

    python3 tests/corpus/generate.py

Standard library only, deterministic (fixed seed): running it twice gives
byte-identical output, and the output is committed so tests need no generation
step. Every credential in it is synthetic: random characters laid out in the
provider's published format (prefix, length, alphabet), with a valid CRC32
checksum where the format has one (GitHub gh?_, npm_). None was ever issued.

Labels (one JSON object per line of labels.jsonl):
  path       file, relative to tests/corpus/files
  line       1-based line where the secret starts (a finding's `line`)
  family     report group (github, aws, database, private-key, generic, ...)
  providers  the finding providers that count as a correct detection
  positive   true: a scanner must report it; false: it must not
  optional   (positives only) an identifier that may be reported or folded
             into its companion's finding; neither a miss nor a false alarm
  note       what the sample is
A finding matches a positive label when path and line are equal and its
provider is one of the label's providers.
"""
import base64
import hashlib
import json
import os
import random
import shutil
import string
import sys
import urllib.parse
import uuid
import zlib

SEED = 0x6E6869  # "nhi"
R = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "files")

UP, LO, DG = string.ascii_uppercase, string.ascii_lowercase, string.digits
ALNUM = UP + LO + DG
B62 = DG + UP + LO
HEX = "0123456789abcdef"
URLSAFE = ALNUM + "-_"
B64CH = ALNUM + "+/"
BECH32_UP = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"


def r(chars, n):
    return "".join(R.choice(chars) for _ in range(n))


def hexs(n):
    return r(HEX, n)


def digits(n):
    return str(R.randint(1, 9)) + r(DG, n - 1)


def uid():
    return str(uuid.UUID(int=R.getrandbits(128), version=4))


def rbytes(n):
    return bytes(R.getrandbits(8) for _ in range(n))


def b64(data, url=False, pad=True):
    s = (base64.urlsafe_b64encode(data) if url else base64.b64encode(data)).decode()
    return s if pad else s.rstrip("=")


def crc_b62(body):
    """CRC32 (zlib) of body, 6 base62 digits 0-9A-Za-z, most significant first."""
    c = zlib.crc32(body.encode()) & 0xFFFFFFFF
    out = []
    for _ in range(6):
        out.append(B62[c % 62])
        c //= 62
    return "".join(reversed(out))


def gh_token(prefix):
    body = r(ALNUM, 30)
    return prefix + body + crc_b62(body)


def gh_token_bad_checksum(prefix):
    body = r(ALNUM, 30)
    good = crc_b62(body)
    bad = good
    while bad == good:
        bad = r(ALNUM, 6)
    return prefix + body + bad


def github_fine_grained():
    # github_pat_ + 22 (starts 11, upper/digits) + _ + 59; the last 6 of the
    # 59 are the CRC32/base62 of the 53 before them (assumed, like gh?_).
    first = "11" + r(UP + DG, 20)
    second = r(ALNUM, 53)
    return "github_pat_" + first + "_" + second + crc_b62(second)


def npm_token():
    return gh_token("npm_")


def password(n=16):
    # A generated password: letters and digits with a couple of symbols.
    while True:
        s = list(r(ALNUM, n - 2) + r("!#%+-_.~", 2))
        R.shuffle(s)
        s = "".join(s)
        if s[0].isalnum() and any(c.isdigit() for c in s) and any(c.isupper() for c in s):
            return s


def upw(n=16):
    """A password as it appears in a URI: reserved characters percent-encoded."""
    return urllib.parse.quote(password(n), safe="!~.-_")


def jwt(payload=None, alg="HS256"):
    header = {"alg": alg, "typ": "JWT"}
    if payload is None:
        payload = {"sub": "svc-" + r(LO, 6), "iss": "https://auth.acme-corp.io",
                   "iat": 1700000000 + R.randint(0, 9999999), "exp": 1900000000 + R.randint(0, 9999999),
                   "scope": "read write"}
    h = b64(json.dumps(header, separators=(",", ":")).encode(), url=True, pad=False)
    p = b64(json.dumps(payload, separators=(",", ":")).encode(), url=True, pad=False)
    sig = b64(rbytes(256 if alg.startswith("RS") else 32), url=True, pad=False)
    return f"{h}.{p}.{sig}"


def pem(label, der_prefix, nbytes):
    body = b64(der_prefix + rbytes(nbytes))
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"


RSA_DER = bytes.fromhex("308204a40201000282010100")
PKCS8_DER = bytes.fromhex("308204be020100300d06092a864886f70d0101010500048204a8")
EC_DER = bytes.fromhex("307702010104")
OPENSSH = b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00\x00\x00\x00\x01"
CERT_DER = bytes.fromhex("308203")
PUB_DER = bytes.fromhex("30820122300d06092a864886f70d01010105000382010f00")


def rsa_key():
    return pem("RSA PRIVATE KEY", RSA_DER, 1180)


def pkcs8_key():
    return pem("PRIVATE KEY", PKCS8_DER, 1200)


def ec_key():
    return pem("EC PRIVATE KEY", EC_DER, 112)


def openssh_key():
    return pem("OPENSSH PRIVATE KEY", OPENSSH, 360)


def certificate():
    return pem("CERTIFICATE", CERT_DER, 900)


def public_key():
    return pem("PUBLIC KEY", PUB_DER, 270)


def ssh_rsa_pub(comment):
    blob = b"\x00\x00\x00\x07ssh-rsa\x00\x00\x00\x03\x01\x00\x01\x00\x00\x01\x01\x00" + rbytes(256)
    return "ssh-rsa " + b64(blob) + " " + comment


def ssh_ed25519_pub(comment):
    blob = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + rbytes(32)
    return "ssh-ed25519 " + b64(blob) + " " + comment


def discord_bot_token():
    snowflake = str(R.randint(10**17, 1_300_000_000_000_000_000))
    return b64(snowflake.encode(), pad=False) + "." + r(URLSAFE, 6) + "." + r(URLSAFE, 38)


def azure_storage_key():
    return b64(rbytes(64))


def sentry_org_token():
    payload = json.dumps({"iat": 1700000000 + R.randint(0, 9999999), "url": "https://sentry.io",
                          "region_url": "https://us.sentry.io", "org": "acme"}, separators=(",", ":"))
    return "sntrys_" + b64(payload.encode()) + "_" + r(B64CH, 43)


def mapbox_secret():
    payload = json.dumps({"u": "acme-maps", "a": "cl" + r(LO + DG, 23)}, separators=(",", ":"))
    return "sk." + b64(payload.encode(), url=True, pad=False) + "." + r(URLSAFE, 22)


def onepassword_sa():
    payload = json.dumps({"signInAddress": "acme.1password.com", "userAuth": {"method": "SRPg-4096",
                          "alg": "PBES2g-HS256", "iterations": 650000, "salt": r(URLSAFE, 22)},
                          "email": r(LO + DG, 13) + "@1passwordserviceaccounts.com",
                          "srpX": hexs(64), "muk": {"alg": "A256GCM", "ext": True, "k": r(URLSAFE, 43),
                          "key_ops": ["encrypt", "decrypt"], "kty": "oct", "kid": "mp"},
                          "secretKey": "A3-" + r(UP + DG, 6), "deviceUuid": r(LO + DG, 26)},
                         separators=(",", ":"))
    return "ops_" + b64(payload.encode(), pad=False)


def aws_session_token():
    return "IQoJb3JpZ2luX2Vj" + r(B64CH, 340) + "="


# --------------------------------------------------------------------------
# Formats of credentials: name -> (family, providers, keys, generator).
# keys are UPPER_SNAKE names as they would appear in an environment; the
# renderers turn them into each language's idiom.
FORMATS = {
    "github-pat": ("github", ["github"], ["GITHUB_TOKEN", "GH_TOKEN"], lambda: gh_token("ghp_")),
    "github-oauth": ("github", ["github"], ["GITHUB_OAUTH_TOKEN"], lambda: gh_token("gho_")),
    "github-app-install": ("github", ["github"], ["GITHUB_INSTALLATION_TOKEN"], lambda: gh_token("ghs_")),
    "github-user-to-server": ("github", ["github"], ["GITHUB_USER_TOKEN"], lambda: gh_token("ghu_")),
    "github-refresh": ("github", ["github"], ["GITHUB_REFRESH_TOKEN"], lambda: gh_token("ghr_")),
    "github-fine-grained": ("github", ["github"], ["GITHUB_PAT", "GH_PAT"], github_fine_grained),
    "gitlab-pat": ("gitlab", ["gitlab"], ["GITLAB_TOKEN", "CI_PUSH_TOKEN"], lambda: "glpat-" + r(URLSAFE, 20)),
    "gitlab-pat-routable": ("gitlab", ["gitlab"], ["GITLAB_API_TOKEN"],
                            lambda: "glpat-" + r(URLSAFE, 27) + ".01." + r(LO + DG, 9)),
    "gitlab-trigger": ("gitlab", ["gitlab"], ["GITLAB_TRIGGER_TOKEN"], lambda: "glptt-" + hexs(40)),
    "gitlab-runner": ("gitlab", ["gitlab"], ["RUNNER_TOKEN"], lambda: "glrt-" + r(URLSAFE, 20)),
    "gitlab-deploy": ("gitlab", ["gitlab"], ["GITLAB_DEPLOY_TOKEN"], lambda: "gldt-" + r(URLSAFE, 20)),
    "aws-access-key-id": ("aws", ["aws"], ["AWS_ACCESS_KEY_ID"], lambda: "AKIA" + r(UP + "234567", 16)),
    "aws-secret-access-key": ("aws", ["aws"], ["AWS_SECRET_ACCESS_KEY"], lambda: r(B64CH, 40)),
    "aws-session-token": ("aws", ["aws"], ["AWS_SESSION_TOKEN"], aws_session_token),
    "gcp-api-key": ("gcp", ["gcp"], ["GOOGLE_API_KEY", "GOOGLE_MAPS_API_KEY"], lambda: "AIza" + r(URLSAFE, 35)),
    "gcp-oauth-client-secret": ("gcp", ["gcp"], ["GOOGLE_CLIENT_SECRET"], lambda: "GOCSPX-" + r(URLSAFE, 28)),
    "gcp-access-token": ("gcp", ["gcp"], ["GOOGLE_OAUTH_ACCESS_TOKEN"], lambda: "ya29.a0" + r(URLSAFE, 160)),
    "gcp-refresh-token": ("gcp", ["gcp"], ["GOOGLE_REFRESH_TOKEN"], lambda: "1//0" + r(URLSAFE, 99)),
    "slack-bot": ("slack", ["slack"], ["SLACK_BOT_TOKEN"],
                  lambda: f"xoxb-{digits(11)}-{digits(13)}-{r(ALNUM, 24)}"),
    "slack-user": ("slack", ["slack"], ["SLACK_USER_TOKEN"],
                   lambda: f"xoxp-{digits(11)}-{digits(11)}-{digits(13)}-{hexs(32)}"),
    "slack-app": ("slack", ["slack"], ["SLACK_APP_TOKEN"],
                  lambda: f"xapp-1-A{r(UP + DG, 10)}-{digits(13)}-{hexs(64)}"),
    "slack-webhook": ("slack", ["slack"], ["SLACK_WEBHOOK_URL"],
                      lambda: f"https://hooks.slack.com/services/T{r(UP + DG, 10)}/B{r(UP + DG, 10)}/{r(ALNUM, 24)}"),
    "stripe-secret": ("stripe", ["stripe"], ["STRIPE_SECRET_KEY", "STRIPE_API_KEY"],
                      lambda: "sk_live_51" + r(ALNUM, 97)),
    "stripe-secret-short": ("stripe", ["stripe"], ["STRIPE_KEY"], lambda: "sk_live_" + r(ALNUM, 24)),
    "stripe-restricted": ("stripe", ["stripe"], ["STRIPE_RESTRICTED_KEY"], lambda: "rk_live_51" + r(ALNUM, 97)),
    "stripe-webhook": ("stripe", ["stripe"], ["STRIPE_WEBHOOK_SECRET"], lambda: "whsec_" + r(ALNUM, 32)),
    "openai-project": ("openai", ["openai"], ["OPENAI_API_KEY"],
                       lambda: "sk-proj-" + r(URLSAFE, 74) + "T3BlbkFJ" + r(URLSAFE, 74)),
    "openai-legacy": ("openai", ["openai"], ["OPENAI_KEY"], lambda: "sk-" + r(ALNUM, 20) + "T3BlbkFJ" + r(ALNUM, 20)),
    "anthropic": ("anthropic", ["anthropic"], ["ANTHROPIC_API_KEY"],
                  lambda: "sk-ant-api03-" + r(URLSAFE, 93) + "AA"),
    "huggingface": ("huggingface", ["huggingface"], ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"],
                    lambda: "hf_" + r(UP + LO, 34)),
    "groq": ("groq", ["groq"], ["GROQ_API_KEY"], lambda: "gsk_" + r(ALNUM, 52)),
    "replicate": ("replicate", ["replicate"], ["REPLICATE_API_TOKEN"], lambda: "r8_" + r(ALNUM, 37)),
    "npm": ("npm", ["npm"], ["NPM_TOKEN", "NODE_AUTH_TOKEN"], npm_token),
    "pypi": ("pypi", ["pypi"], ["PYPI_API_TOKEN", "TWINE_PASSWORD"],
             lambda: "pypi-AgEIcHlwaS5vcmc" + r(URLSAFE, 160)),
    "rubygems": ("rubygems", ["rubygems"], ["GEM_HOST_API_KEY"], lambda: "rubygems_" + hexs(48)),
    "nuget": ("nuget", ["nuget"], ["NUGET_API_KEY"], lambda: "oy2" + r(LO + DG, 43)),
    "dockerhub": ("docker", ["docker"], ["DOCKERHUB_TOKEN"], lambda: "dckr_pat_" + r(URLSAFE, 27)),
    "jfrog": ("jfrog", ["jfrog"], ["ARTIFACTORY_API_KEY"], lambda: "AKCp8" + r(ALNUM, 68)),
    "sendgrid": ("sendgrid", ["sendgrid"], ["SENDGRID_API_KEY"],
                 lambda: "SG." + r(URLSAFE, 22) + "." + r(URLSAFE, 43)),
    "mailgun": ("mailgun", ["mailgun"], ["MAILGUN_API_KEY"], lambda: "key-" + hexs(32)),
    "mailchimp": ("mailchimp", ["mailchimp"], ["MAILCHIMP_API_KEY"],
                  lambda: hexs(32) + "-us" + str(R.randint(1, 21))),
    "twilio-auth-token": ("twilio", ["twilio"], ["TWILIO_AUTH_TOKEN"], lambda: hexs(32)),
    "twilio-api-secret": ("twilio", ["twilio"], ["TWILIO_API_SECRET"], lambda: r(ALNUM, 32)),
    "shopify-access": ("shopify", ["shopify"], ["SHOPIFY_ACCESS_TOKEN"], lambda: "shpat_" + hexs(32)),
    "shopify-shared-secret": ("shopify", ["shopify"], ["SHOPIFY_API_SECRET"], lambda: "shpss_" + hexs(32)),
    "digitalocean": ("digitalocean", ["digitalocean"], ["DIGITALOCEAN_TOKEN", "DO_TOKEN"],
                     lambda: "dop_v1_" + hexs(64)),
    "datadog-api": ("datadog", ["datadog"], ["DATADOG_API_KEY", "DD_API_KEY"], lambda: hexs(32)),
    "datadog-app": ("datadog", ["datadog"], ["DATADOG_APP_KEY", "DD_APP_KEY"], lambda: hexs(40)),
    "newrelic-user": ("newrelic", ["newrelic"], ["NEW_RELIC_API_KEY"], lambda: "NRAK-" + r(UP + DG, 27)),
    "newrelic-license": ("newrelic", ["newrelic"], ["NEW_RELIC_LICENSE_KEY"], lambda: hexs(36) + "NRAL"),
    "sentry-user": ("sentry", ["sentry"], ["SENTRY_AUTH_TOKEN"], lambda: "sntryu_" + hexs(64)),
    "sentry-org": ("sentry", ["sentry"], ["SENTRY_ORG_TOKEN"], sentry_org_token),
    "vault": ("vault", ["vault"], ["VAULT_TOKEN"], lambda: "hvs.CAESI" + r(URLSAFE, 86)),
    "terraform-cloud": ("terraform", ["terraform"], ["TFE_TOKEN", "TF_API_TOKEN"],
                        lambda: r(ALNUM, 14) + ".atlasv1." + r(URLSAFE, 67)),
    "doppler": ("doppler", ["doppler"], ["DOPPLER_TOKEN"], lambda: "dp.st.prd." + r(ALNUM, 43)),
    "pulumi": ("pulumi", ["pulumi"], ["PULUMI_ACCESS_TOKEN"], lambda: "pul-" + hexs(40)),
    "linear": ("linear", ["linear"], ["LINEAR_API_KEY"], lambda: "lin_api_" + r(ALNUM, 40)),
    "notion-legacy": ("notion", ["notion"], ["NOTION_TOKEN"], lambda: "secret_" + r(ALNUM, 43)),
    "notion": ("notion", ["notion"], ["NOTION_API_KEY"], lambda: "ntn_" + r(ALNUM, 46)),
    "atlassian": ("atlassian", ["atlassian"], ["JIRA_API_TOKEN", "CONFLUENCE_API_TOKEN"],
                  lambda: "ATATT3xFfGF0" + r(URLSAFE, 170) + "=" + r("0123456789ABCDEF", 8)),
    "figma": ("figma", ["figma"], ["FIGMA_TOKEN"], lambda: "figd_" + r(URLSAFE, 40)),
    "heroku": ("heroku", ["heroku"], ["HEROKU_API_KEY"], lambda: "HRKU-" + r(URLSAFE, 60)),
    "heroku-legacy": ("heroku", ["heroku"], ["HEROKU_API_KEY"], uid),
    "vercel": ("vercel", ["vercel"], ["VERCEL_TOKEN"], lambda: r(ALNUM, 24)),
    "cloudflare-token": ("cloudflare", ["cloudflare"], ["CLOUDFLARE_API_TOKEN", "CF_API_TOKEN"],
                         lambda: r(URLSAFE, 40)),
    "cloudflare-global": ("cloudflare", ["cloudflare"], ["CLOUDFLARE_API_KEY"], lambda: hexs(37)),
    "grafana-sa": ("grafana", ["grafana"], ["GRAFANA_SERVICE_ACCOUNT_TOKEN"],
                   lambda: "glsa_" + r(ALNUM, 32) + "_" + hexs(8)),
    "square": ("square", ["square"], ["SQUARE_ACCESS_TOKEN"], lambda: "EAAA" + r(URLSAFE, 60)),
    "postman": ("postman", ["postman"], ["POSTMAN_API_KEY"], lambda: "PMAK-" + hexs(24) + "-" + hexs(34)),
    "crates": ("crates", ["crates"], ["CARGO_REGISTRY_TOKEN"], lambda: "cio" + r(ALNUM, 32)),
    "sonarqube": ("sonarqube", ["sonarqube"], ["SONAR_TOKEN"], lambda: "squ_" + hexs(40)),
    "snyk": ("snyk", ["snyk"], ["SNYK_TOKEN"], uid),
    "okta": ("okta", ["okta"], ["OKTA_API_TOKEN"], lambda: "00" + r(URLSAFE, 40)),
    "auth0": ("auth0", ["auth0"], ["AUTH0_CLIENT_SECRET"], lambda: r(URLSAFE, 64)),
    "databricks": ("databricks", ["databricks"], ["DATABRICKS_TOKEN"], lambda: "dapi" + hexs(32)),
    "circleci": ("circleci", ["circleci"], ["CIRCLECI_TOKEN"],
                 lambda: "CCIPAT_" + r(ALNUM, 22) + "_" + hexs(40)),
    "buildkite": ("buildkite", ["buildkite"], ["BUILDKITE_API_TOKEN"], lambda: "bkua_" + hexs(40)),
    "flyio": ("flyio", ["flyio"], ["FLY_API_TOKEN"], lambda: "fo1_" + r(URLSAFE, 43)),
    "supabase": ("supabase", ["supabase"], ["SUPABASE_ACCESS_TOKEN"], lambda: "sbp_" + hexs(40)),
    "planetscale": ("planetscale", ["planetscale"], ["PLANETSCALE_SERVICE_TOKEN"],
                    lambda: "pscale_tkn_" + r(URLSAFE, 43)),
    "render": ("render", ["render"], ["RENDER_API_KEY"], lambda: "rnd_" + r(ALNUM, 32)),
    "resend": ("resend", ["resend"], ["RESEND_API_KEY"], lambda: "re_" + r(ALNUM, 8) + "_" + r(ALNUM, 24)),
    "brevo": ("brevo", ["brevo"], ["BREVO_API_KEY"], lambda: "xkeysib-" + hexs(64) + "-" + r(ALNUM, 16)),
    "hubspot": ("hubspot", ["hubspot"], ["HUBSPOT_ACCESS_TOKEN"], lambda: "pat-na1-" + uid()),
    "airtable": ("airtable", ["airtable"], ["AIRTABLE_TOKEN"], lambda: "pat" + r(ALNUM, 14) + "." + hexs(64)),
    "contentful": ("contentful", ["contentful"], ["CONTENTFUL_MANAGEMENT_TOKEN"],
                   lambda: "CFPAT-" + r(URLSAFE, 43)),
    "mapbox": ("mapbox", ["mapbox"], ["MAPBOX_SECRET_TOKEN"], mapbox_secret),
    "shippo": ("shippo", ["shippo"], ["SHIPPO_API_TOKEN"], lambda: "shippo_live_" + hexs(40)),
    "easypost": ("easypost", ["easypost"], ["EASYPOST_API_KEY"], lambda: "EZAK" + hexs(54)),
    "launchdarkly-sdk": ("launchdarkly", ["launchdarkly"], ["LAUNCHDARKLY_SDK_KEY"], lambda: "sdk-" + uid()),
    "launchdarkly-api": ("launchdarkly", ["launchdarkly"], ["LAUNCHDARKLY_ACCESS_TOKEN"], lambda: "api-" + uid()),
    "posthog": ("posthog", ["posthog"], ["POSTHOG_PERSONAL_API_KEY"], lambda: "phx_" + r(ALNUM, 47)),
    "algolia": ("algolia", ["algolia"], ["ALGOLIA_ADMIN_KEY", "ALGOLIA_ADMIN_API_KEY"], lambda: hexs(32)),
    "segment": ("segment", ["segment"], ["SEGMENT_WRITE_KEY"], lambda: r(ALNUM, 32)),
    "telegram": ("telegram", ["telegram"], ["TELEGRAM_BOT_TOKEN"],
                 lambda: str(R.randint(10**8, 7 * 10**9)) + ":AA" + r(URLSAFE, 33)),
    "discord-bot": ("discord", ["discord"], ["DISCORD_BOT_TOKEN", "DISCORD_TOKEN"], discord_bot_token),
    "discord-webhook": ("discord", ["discord"], ["DISCORD_WEBHOOK_URL"],
                        lambda: f"https://discord.com/api/webhooks/{digits(19)}/{r(URLSAFE, 68)}"),
    "azure-ad-secret": ("azure", ["azure"], ["AZURE_CLIENT_SECRET"],
                        lambda: r(ALNUM, 3) + "8Q~" + r(ALNUM + "_~.-", 33) + r(ALNUM, 1)),
    "azure-devops-pat": ("azure", ["azure"], ["AZURE_DEVOPS_PAT", "AZURE_DEVOPS_EXT_PAT"],
                         lambda: r(LO + "234567", 52)),
    "azure-storage-key": ("azure", ["azure"], ["AZURE_STORAGE_KEY", "AZURE_STORAGE_ACCOUNT_KEY"], azure_storage_key),
    "ibm": ("ibm", ["ibm"], ["IBMCLOUD_API_KEY"], lambda: r(URLSAFE, 44)),
    "alibaba-secret": ("alibaba", ["alibaba"], ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"], lambda: r(ALNUM, 30)),
    "age": ("private-key", ["age"], ["SOPS_AGE_KEY"], lambda: "AGE-SECRET-KEY-1" + r(BECH32_UP, 58)),
    "jwt": ("jwt", ["jwt"], ["SERVICE_JWT", "API_JWT"], jwt),
    "onepassword": ("1password", ["1password"], ["OP_SERVICE_ACCOUNT_TOKEN"], onepassword_sa),
    "mailersend": ("mailersend", ["mailersend"], ["MAILERSEND_API_TOKEN"], lambda: "mlsn." + hexs(64)),
    "sumologic": ("sumologic", ["sumologic"], ["SUMO_ACCESS_KEY"], lambda: r(ALNUM, 64)),
    "pagerduty": ("pagerduty", ["pagerduty"], ["PAGERDUTY_API_KEY"], lambda: "u+" + r(URLSAFE, 18)),
    "dynatrace": ("dynatrace", ["dynatrace"], ["DT_API_TOKEN"],
                  lambda: "dt0c01." + r(UP + DG, 24) + "." + r(UP + DG, 64)),
    "honeycomb": ("honeycomb", ["honeycomb"], ["HONEYCOMB_API_KEY"], lambda: r(ALNUM, 22)),
    "generic-password": ("generic", ["generic"], ["DB_PASSWORD", "ADMIN_PASSWORD", "SMTP_PASSWORD"], password),
    "generic-secret": ("generic", ["generic"], ["APP_SECRET", "SESSION_SECRET", "SECRET_KEY_BASE"],
                       lambda: r(ALNUM, 48)),
    "generic-api-key": ("generic", ["generic"], ["INTERNAL_API_KEY", "PARTNER_API_KEY"], lambda: r(ALNUM, 32)),
}

# --------------------------------------------------------------------------


class Doc:
    """A file under construction: lines, and the labels that point into them."""

    def __init__(self, path):
        self.path = path
        self.lines = []
        self.labels = []

    def next_line(self):
        return len(self.lines) + 1

    def add(self, text=""):
        self.lines.extend(text.split("\n"))

    def label(self, line, family, providers, positive, note, optional=False):
        lab = {"path": self.path, "line": line, "family": family, "providers": providers,
               "positive": positive, "note": note}
        if optional:
            lab["optional"] = True
        self.labels.append(lab)

    def pos(self, text, family, providers, note, offset=0, optional=False):
        line = self.next_line() + offset
        self.add(text)
        self.label(line, family, providers, True, note, optional)

    def neg(self, text, family, note, offset=0):
        line = self.next_line() + offset
        self.add(text)
        self.label(line, family, [], False, note)

    def content(self):
        return "\n".join(self.lines) + "\n"


DOCS = []


def doc(path):
    d = Doc(path)
    DOCS.append(d)
    return d


def camel(key):
    parts = key.lower().split("_")
    return parts[0] + "".join(p.capitalize() for p in parts[1:])


def pascal(key):
    return "".join(p.capitalize() for p in key.lower().split("_"))


# Renderers: (key, value) -> one line in the idiom of a file type.
def render(style, key, value):
    q = R.choice(['"', "'"])
    if style == "env":
        return R.choice([f"{key}={value}", f'{key}="{value}"'])
    if style in ("yaml", "compose-map"):
        return R.choice([f"    {key.lower()}: {value}", f'    {key.lower()}: "{value}"'])
    if style == "compose":
        return f"      - {key}={value}"
    if style == "workflow":
        return f"      {key}: {value}"
    if style == "json":
        return f'    "{R.choice([key.lower(), camel(key)])}": "{value}"'
    if style == "py":
        return R.choice([f'{key} = "{value}"', f"settings[\"{key.lower()}\"] = '{value}'"])
    if style == "js":
        return R.choice([f"const {key} = {q}{value}{q};", f"exports.{camel(key)} = {q}{value}{q};"])
    if style == "ts":
        return R.choice([f'export const {key} = "{value}";', f'export const {camel(key)}: string = "{value}";'])
    if style == "go":
        return f'\t{camel(key)} = "{value}"'
    if style == "java":
        return f'    private static final String {key} = "{value}";'
    if style == "kt":
        return R.choice([f'    const val {key}: String = "{value}"', f'    val {camel(key)}: String = "{value}"'])
    if style == "rs":
        return R.choice([f'pub const {key}: &str = "{value}";', f'static {key}: &str = "{value}";'])
    if style == "xml":
        return f'    <add key="{pascal(key)}" value="{value}" />'
    if style == "properties":
        return f"{key.lower().replace('_', '.')}={value}"
    if style in ("tf", "tfvars", "toml"):
        return f'  {key.lower()} = "{value}"' if style != "tfvars" else f'{key.lower()} = "{value}"'
    if style == "dockerfile":
        return R.choice([f"ENV {key}={value}", f'ARG {key}="{value}"'])
    if style == "sh":
        return R.choice([f'export {key}="{value}"', f"{key}='{value}'"])
    if style == "md":
        return f"export {key}={value}"
    raise ValueError(style)


SLOT_HEAD = {
    "env": ["# generated by ops/bootstrap.sh", "APP_ENV=production", "PORT=8080", "LOG_LEVEL=info"],
    "yaml": ["service:", "  name: notify", "  replicas: 3", "  credentials:"],
    "json": ["{", '  "service": "payments",', '  "region": "eu-west-1",', '  "settings": {'],
    "py": ['"""Runtime settings for the ML service."""', "import os", "", "DEBUG = False",
           "ALLOWED_HOSTS = [\"ml.acme-corp.io\"]", "settings = {}", ""],
    "js": ["'use strict';", "", "const path = require('path');", ""],
    "ts": ["// Build-time configuration for the web client.", "import { z } from \"zod\";", ""],
    "go": ["package config", "", "import \"time\"", "", "const Timeout = 30 * time.Second", "", "var ("],
    "java": ["package com.acme.backend;", "", "public final class Secrets {", "    private Secrets() {}"],
    "properties": ["spring.application.name=backend", "server.port=8080", "management.endpoints.web.exposure.include=health"],
    "tf": ["terraform {", "  required_version = \">= 1.5\"", "}", "", "locals {"],
    "tfvars": ["region      = \"eu-central-1\"", "environment = \"prod\"", "instance_count = 3"],
    "dockerfile": ["FROM python:3.12-slim", "WORKDIR /app", "COPY requirements.txt ."],
    "compose": ["services:", "  api:", "    image: ghcr.io/acme/api:1.14.2", "    environment:"],
    "sh": ["#!/usr/bin/env bash", "set -euo pipefail", "", "cd \"$(dirname \"$0\")/..\""],
    "md": ["# Release runbook", "", "Set these before running `make release`:", "", "```bash"],
    "kt": ["package com.acme.mobile", "", "object ApiConfig {", "    const val BASE_URL: String = \"https://api.acme-corp.io\""],
    "rs": ["//! Compile-time settings.", "", "pub const USER_AGENT: &str = \"acme-sync/0.9\";"],
    "xml": ["<?xml version=\"1.0\" encoding=\"utf-8\"?>", "<configuration>", "  <appSettings>"],
    "toml": ["[pipeline]", "name = \"nightly-export\"", "schedule = \"0 2 * * *\"", "", "[credentials]"],
    "workflow": ["name: deploy", "on:", "  push:", "    branches: [main]", "jobs:", "  deploy:",
                 "    runs-on: ubuntu-latest", "    env:"],
}
SLOT_TAIL = {
    "json": ["  }", "}"], "go": [")"], "java": ["}"], "kt": ["}"], "xml": ["  </appSettings>", "</configuration>"],
    "tf": ["}"], "md": ["```"], "workflow": ["    steps:", "      - uses: actions/checkout@v4", "      - run: make deploy"],
    "dockerfile": ["RUN pip install --no-cache-dir -r requirements.txt", "CMD [\"python\", \"-m\", \"app\"]"],
}
# Harmless settings mixed between the credentials.
FILLER = [("TIMEOUT_SECONDS", "30"), ("MAX_CONNECTIONS", "100"), ("FEATURE_NEW_CHECKOUT", "true"),
          ("REGION", "eu-west-1"), ("CACHE_TTL", "3600"), ("SERVICE_NAME", "billing-api"),
          ("LOG_FORMAT", "json"), ("METRICS_PREFIX", "acme.billing"), ("RETRY_BACKOFF_MS", "250")]

# Near misses placed in the slot files: (family, key, value, note). Values that
# must not be reported, in the same syntax as the real ones around them.
SLOT_NEGATIVES = [
    ("github", "GITHUB_TOKEN", "ghp_" + "x" * 36, "masked placeholder"),
    ("github", "GITHUB_TOKEN", "<YOUR_GITHUB_TOKEN>", "angle-bracket placeholder"),
    ("github", "GH_TOKEN", "${GH_TOKEN}", "variable reference"),
    ("github", "GITHUB_TOKEN", "ghp_your_personal_access_token_here00", "placeholder words"),
    ("stripe", "STRIPE_SECRET_KEY", "sk_live_XXXXXXXXXXXXXXXXXXXXXXXX", "masked placeholder"),
    ("stripe", "STRIPE_SECRET_KEY", "{{ .Values.stripe.secretKey }}", "helm template"),
    ("stripe", "STRIPE_PUBLISHABLE_KEY", "pk_live", "publishable key is public"),
    ("aws", "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "AWS documentation key id"),
    ("aws", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS documentation secret"),
    ("aws", "AWS_SECRET_ACCESS_KEY", "${AWS_SECRET_ACCESS_KEY}", "variable reference"),
    ("aws", "AWS_ACCESS_KEY_ID", "AKIAXXXXXXXXXXXXXXXX", "masked placeholder"),
    ("generic", "DB_PASSWORD", "changeme", "placeholder word"),
    ("generic", "DB_PASSWORD", "<db-password>", "angle-bracket placeholder"),
    ("generic", "API_KEY", "your_api_key_here", "placeholder words"),
    ("generic", "SECRET_KEY", "REPLACE_ME", "placeholder word"),
    ("generic", "API_TOKEN", "xxxxxxxxxxxxxxxxxxxxxxxx", "masked placeholder"),
    ("generic", "ADMIN_PASSWORD", "admin", "low-entropy default"),
    ("generic", "DB_PASSWORD", "postgres", "low-entropy default"),
    ("generic", "SESSION_SECRET", "secret", "low-entropy word"),
    ("generic", "PASSWORD", "", "empty value"),
    ("generic", "JWT_SECRET", "{{ jwt_secret }}", "jinja template"),
    ("generic", "API_KEY", "%(api_key)s", "printf template"),
    ("generic", "TOKEN_TTL_SECONDS", "86400", "number"),
    ("generic", "PASSWORD_MIN_LENGTH", "12", "number"),
    ("generic", "API_KEY_HEADER", "X-Api-Key", "header name"),
    ("generic", "SECRET_NAME", "prod/billing/stripe-api-key", "secret manager path"),
    ("generic", "TOKEN_URL", "https://oauth2.googleapis.com/token", "URL"),
    ("generic", "GOOGLE_APPLICATION_CREDENTIALS", "/var/secrets/google/key.json", "file path"),
    ("generic", "SSL_KEY_FILE", "/etc/ssl/private/server.key", "file path"),
    ("generic", "ACCESS_KEY_ROTATION_DAYS", "90", "number"),
    ("generic", "API_VERSION", "2023-10-16", "date version"),
    ("slack", "SLACK_BOT_TOKEN", "xoxb-your-bot-token", "placeholder"),
    ("slack", "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
     "Slack documentation webhook"),
    ("openai", "OPENAI_API_KEY", "sk-...", "elided"),
    ("openai", "OPENAI_API_KEY", "sk-proj-REPLACE_WITH_YOUR_KEY", "placeholder"),
    ("gcp", "GOOGLE_API_KEY", "AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "masked placeholder"),
    ("twilio", "TWILIO_AUTH_TOKEN", "your_auth_token", "placeholder"),
    ("sendgrid", "SENDGRID_API_KEY", "SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "masked"),
    ("database", "DATABASE_URL", "postgres://user:password@localhost:5432/app", "documentation credentials"),
    ("database", "DATABASE_URL", "postgres://postgres:${POSTGRES_PASSWORD}@db:5432/app", "variable reference"),
    ("database", "DATABASE_URL", "postgresql://localhost/app_test", "no credentials"),
    ("database", "REDIS_URL", "redis://localhost:6379/0", "no credentials"),
    ("database", "MONGO_URL", "mongodb://<username>:<password>@cluster0.mongodb.net/test", "placeholders"),
    ("database", "DATABASE_URL", "mysql://root:root@127.0.0.1:3306/test", "user equals password"),
    ("azure", "AZURE_TENANT_ID", None, "UUID identifier"),
    ("azure", "AZURE_CLIENT_ID", None, "UUID identifier"),
    ("azure", "AZURE_SUBSCRIPTION_ID", None, "UUID identifier"),
    ("hash", "GIT_COMMIT", "sha40", "git commit id"),
    ("hash", "BUILD_SHA256", "sha64", "sha256 digest"),
    ("hash", "ASSET_MD5", "md5", "md5 digest"),
    ("identifier", "CACHE_KEY_PREFIX", "user:profile:v2", "cache key"),
    ("identifier", "REQUEST_ID_HEADER", "X-Request-Id", "header name"),
    ("datadog", "DD_SITE", "datadoghq.eu", "site name"),
    ("datadog", "DD_API_KEY", "<DATADOG_API_KEY>", "placeholder"),
]


def neg_value(v):
    if v is None:
        return uid()
    if v == "sha40":
        return hexs(40)
    if v == "sha64":
        return hexs(64)
    if v == "md5":
        return hexs(32)
    if v == "pk_live":
        return "pk_live_51" + r(ALNUM, 97)
    return v


SLOTS = [
    ("services/billing/.env", "env"),
    ("services/search/.env.production", "env"),
    ("services/notify/config/settings.yaml", "yaml"),
    ("services/payments/config.json", "json"),
    ("services/ml/settings.py", "py"),
    ("web/config/runtime.js", "js"),
    ("web/src/config.ts", "ts"),
    ("cmd/api/internal/config/secrets.go", "go"),
    ("backend/src/main/java/com/acme/backend/Secrets.java", "java"),
    ("backend/src/main/resources/application-prod.properties", "properties"),
    ("infra/terraform/locals.tf", "tf"),
    ("infra/terraform/prod.auto.tfvars", "tfvars"),
    ("docker/worker/Dockerfile", "dockerfile"),
    ("deploy/docker-compose.prod.yml", "compose"),
    ("scripts/release.sh", "sh"),
    ("ops/runbook-release.md", "md"),
    ("config/pipeline.toml", "toml"),
    (".github/workflows/deploy.yml", "workflow"),
    ("mobile/android/app/src/main/java/com/acme/mobile/ApiConfig.kt", "kt"),
    ("sync/src/settings.rs", "rs"),
    ("legacy/Portal/Web.config", "xml"),
]


def align_assignments(d):
    """Pads the names of consecutive `name = value` lines so the `=` line up."""
    import re
    pat = re.compile(r'^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s*=\s(.*)$')
    i = 0
    while i < len(d.lines):
        j = i
        while j < len(d.lines) and pat.match(d.lines[j]):
            j += 1
        if j - i > 1:
            width = max(len(pat.match(l).group(2)) for l in d.lines[i:j])
            for k in range(i, j):
                m = pat.match(d.lines[k])
                d.lines[k] = f"{m.group(1)}{m.group(2).ljust(width)} = {m.group(3)}"
        i = max(j, i + 1)


def build_slots():
    # Each format appears twice, in two files of different types.
    items = {p: [] for p, _ in SLOTS}
    order = list(FORMATS)
    styles = [s for _, s in SLOTS]
    k = 0
    for name in order:
        used = set()
        for inst in range(2):
            while True:
                path, style = SLOTS[k % len(SLOTS)]
                k += 1
                if style not in used:
                    break
            used.add(style)
            family, providers, keys, gen = FORMATS[name]
            key = keys[inst % len(keys)]
            items[path].append(("pos", name, family, providers, key, gen()))
    negs = list(SLOT_NEGATIVES)
    R.shuffle(negs)
    for i, (family, key, value, note) in enumerate(negs * 2):
        path, style = SLOTS[(i * 7 + (5 if i >= len(negs) else 0)) % len(SLOTS)]
        items[path].append(("neg", note, family, [], key, neg_value(value)))
    for path, style in SLOTS:
        d = doc(path)
        for line in SLOT_HEAD[style]:
            d.add(line)
        entries = items[path]
        R.shuffle(entries)
        for j, (kind, note, family, providers, key, value) in enumerate(entries):
            if j % 4 == 3:
                fk, fv = R.choice(FILLER)
                d.add(render(style, fk, fv) + ("," if style == "json" else ""))
            text = render(style, key, value)
            if style == "json":
                text += ","
            if kind == "pos":
                # AWS key ids next to their secret are identifiers that may be folded
                # into the secret's finding; alone they are reported.
                d.pos(text, family, providers, f"{note} ({style})")
            else:
                d.neg(text, family, f"{note} ({style})")
        if style in ("tf", "tfvars"):
            align_assignments(d)  # as terraform fmt does
        if style == "json":
            d.add('    "timeout_ms": 5000')
        for line in SLOT_TAIL.get(style, []):
            d.add(line)


# --------------------------------------------------------------------------
# Hand-written files: structures the slot files cannot express.

def k8s_files():
    d = doc("k8s/base/secret-db.yaml")
    db_pw = password(20)
    stripe = "sk_live_51" + r(ALNUM, 97)
    d.add("apiVersion: v1\nkind: Secret\nmetadata:\n  name: orders-db\n  namespace: orders\ntype: Opaque\ndata:")
    d.pos("  password: " + b64(db_pw.encode()), "generic", ["generic", "kubernetes"], "k8s Secret data: base64 password")
    d.neg("  username: " + b64(b"orders_app"), "generic", "k8s Secret data: base64 user name")
    d.pos("  STRIPE_SECRET_KEY: " + b64(stripe.encode()), "stripe", ["stripe"], "k8s Secret data: base64 Stripe key")
    d.pos("  DATABASE_URL: " + b64(f"postgres://orders_app:{upw(18)}@orders-db.orders.svc:5432/orders".encode()),
          "database", ["postgres"], "k8s Secret data: base64 connection URI")
    d.neg("  host: " + b64(b"orders-db.orders.svc.cluster.local"), "generic", "k8s Secret data: base64 host name")
    d.add("stringData:")
    d.pos("  SLACK_BOT_TOKEN: " + FORMATS["slack-bot"][3](), "slack", ["slack"], "k8s Secret stringData")
    d.neg("  LOG_LEVEL: debug", "generic", "k8s stringData non-secret")
    d.add("---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: api-keys\ntype: Opaque\ndata:")
    d.pos("  github-token: " + b64(gh_token("ghp_").encode()), "github", ["github"], "k8s Secret data: base64 GitHub token")
    d.pos("  api-key: " + b64(r(ALNUM, 40).encode()), "generic", ["generic", "kubernetes"], "k8s Secret data: base64 API key")
    d.neg("  region: " + b64(b"eu-west-1"), "generic", "k8s Secret data: base64 region")

    d = doc("k8s/base/regcred.yaml")
    user, pw = "ci-bot", password(24)
    cfg = json.dumps({"auths": {"registry.acme-corp.io": {"username": user, "password": pw,
                                                         "auth": b64(f"{user}:{pw}".encode())}}})
    d.add("apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\n  namespace: ci\ntype: kubernetes.io/dockerconfigjson\ndata:")
    d.pos("  .dockerconfigjson: " + b64(cfg.encode()), "docker", ["kubernetes", "docker", "generic"],
          ".dockerconfigjson with registry password")

    d = doc("k8s/base/configmap.yaml")
    d.add("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\nbinaryData:")
    d.neg("  settings.json: " + b64(json.dumps({"logLevel": "info", "featureFlags": ["checkout-v2"]}).encode()),
          "identifier", "base64 of a non-secret JSON")
    d.neg("  banner.txt: " + b64(b"Welcome to the ACME staging environment. Authorised use only."),
          "identifier", "base64 of text")
    d.add("data:")
    d.neg("  TOKEN_AUDIENCE: api://orders", "identifier", "audience, not a token")
    d.neg("  PASSWORD_POLICY: min=12,upper=1,digit=1", "identifier", "policy string")
    d.neg("  SECRET_ROTATION_SCHEDULE: \"0 3 * * 0\"", "identifier", "cron expression")

    d = doc("k8s/overlays/prod/deployment.yaml")
    d.add("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  template:\n    spec:\n"
          "      serviceAccountName: orders\n      imagePullSecrets:\n        - name: regcred\n      containers:\n"
          "        - name: orders")
    d.neg("          image: ghcr.io/acme/orders@sha256:" + hexs(64), "hash", "image digest")
    d.add("          env:")
    d.add("            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n"
          "                  name: orders-db")
    d.neg("                  key: password", "identifier", "secretKeyRef key name")
    d.add("            - name: API_TOKEN")
    d.neg("              value: \"$(API_TOKEN_FROM_VAULT)\"", "generic", "shell substitution")
    d.add("            - name: OTEL_EXPORTER_OTLP_HEADERS")
    d.pos("              value: \"x-honeycomb-team=" + r(ALNUM, 22) + "\"", "honeycomb", ["honeycomb"],
          "Honeycomb key in OTLP headers")

    d = doc("k8s/overlays/prod/env-patch.yaml")
    d.add("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: reports\nspec:\n  template:\n    spec:\n"
          "      containers:\n        - name: reports\n          env:")
    d.add("            - name: AWS_ACCESS_KEY_ID")
    d.pos("              value: AKIA" + r(UP + "234567", 16), "aws", ["aws"], "env list: key id", optional=True)
    d.add("            - name: AWS_SECRET_ACCESS_KEY")
    d.pos("              value: " + r(B64CH, 40), "aws", ["aws"], "env list name/value: AWS secret")
    d.add("            - name: DB_PASSWORD")
    d.pos(f'              value: "{password(18)}"', "generic", ["generic"], "env list name/value: password")
    d.add("            - name: DATADOG_API_KEY")
    d.pos(f"              value: {hexs(32)}", "datadog", ["datadog"], "env list name/value: Datadog key")
    d.add("            - name: CLOUDFLARE_API_TOKEN")
    d.pos(f"              value: {r(URLSAFE, 40)}", "cloudflare", ["cloudflare"], "env list name/value: Cloudflare token")
    d.add("            - name: API_TOKEN\n              valueFrom:\n                secretKeyRef:\n                  name: reports")
    d.neg("                  key: api-token", "identifier", "secretKeyRef key")
    d.add("            - name: TOKEN_AUDIENCE")
    d.neg("              value: api://reports", "identifier", "audience")

    d = doc("deploy/ecs/task-definition.json")
    d.add('{\n  "family": "billing-worker",\n  "containerDefinitions": [\n    {\n      "name": "worker",\n      "environment": [')
    d.pos(f'        {{"name": "SENDGRID_API_KEY", "value": "{FORMATS["sendgrid"][3]()}"}},', "sendgrid", ["sendgrid"],
          "ECS environment entry")
    d.pos(f'        {{"name": "TWILIO_AUTH_TOKEN", "value": "{hexs(32)}"}},', "twilio", ["twilio"],
          "ECS environment entry")
    d.pos(f'        {{"name": "SMTP_PASSWORD", "value": "{password(16)}"}},', "generic", ["generic"],
          "ECS environment entry")
    d.pos(f'        {{"name": "ALGOLIA_ADMIN_KEY", "value": "{hexs(32)}"}},', "algolia", ["algolia"],
          "ECS environment entry")
    d.neg('        {"name": "API_TOKEN_TTL", "value": "3600"},', "identifier", "number")
    d.neg(f'        {{"name": "PASSWORD_RESET_URL", "value": "https://billing.acme-corp.io/reset"}}', "identifier", "URL")
    d.add('      ],\n      "secrets": [')
    d.neg('        {"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/db-Xy12Ab"}',
          "identifier", "secret ARN reference")
    d.add("      ]\n    }\n  ]\n}")

    d = doc("k8s/kubeconfig-ci.yaml")
    sa_jwt = jwt({"iss": "kubernetes/serviceaccount", "kubernetes.io/serviceaccount/namespace": "ci",
                  "kubernetes.io/serviceaccount/service-account.name": "deployer",
                  "sub": "system:serviceaccount:ci:deployer"}, alg="RS256")
    d.add("apiVersion: v1\nkind: Config\nclusters:\n- cluster:")
    d.neg("    certificate-authority-data: " + b64(certificate().encode()), "public-key",
          "base64 CA certificate")
    d.add("    server: https://k8s.prod.acme-corp.io:6443\n  name: prod\ncontexts:\n- context:\n    cluster: prod\n"
          "    user: deployer\n  name: prod\ncurrent-context: prod\nusers:\n- name: deployer\n  user:")
    d.pos("    token: " + sa_jwt, "kubernetes", ["kubernetes", "jwt"], "kubeconfig service-account token")
    d.add("- name: admin\n  user:")
    d.neg("    client-certificate-data: " + b64(certificate().encode()), "public-key", "base64 client certificate")
    d.pos("    client-key-data: " + b64(rsa_key().encode()), "private-key", ["kubernetes", "pem"],
          "base64 client private key")


def key_files():
    d = doc("keys/deploy_id_rsa")
    d.pos(rsa_key(), "private-key", ["pem"], "RSA private key file")
    d = doc("keys/id_ed25519")
    d.pos(openssh_key(), "private-key", ["pem", "ssh"], "OpenSSH private key file")
    d = doc("keys/signing.pem")
    d.pos(pkcs8_key(), "private-key", ["pem"], "PKCS#8 private key")
    d = doc("keys/ec-p256.key")
    d.pos(ec_key(), "private-key", ["pem"], "EC private key")
    d = doc("keys/id_rsa.pub")
    d.neg(ssh_rsa_pub("deploy@build-01"), "public-key", "ssh public key")
    d = doc("keys/authorized_keys")
    d.neg(ssh_rsa_pub("alice@laptop"), "public-key", "ssh public key")
    d.neg(ssh_ed25519_pub("bob@workstation"), "public-key", "ssh public key")
    d.neg('command="/usr/local/bin/backup",no-pty ' + ssh_ed25519_pub("backup@nas"), "public-key", "ssh public key")
    d = doc("certs/server.crt")
    d.neg(certificate(), "public-key", "X.509 certificate")
    d.add(certificate())
    d = doc("certs/jwt-public.pem")
    d.neg(public_key(), "public-key", "public key")
    d = doc("certs/chain-and-key.pem")
    d.neg(certificate(), "public-key", "certificate before key")
    d.pos(rsa_key(), "private-key", ["pem"], "private key bundled with certificate")
    d = doc("keys/sops-age.txt")
    d.add("# created: 2024-05-03T10:22:41Z")
    d.neg("# public key: age1" + r("qpzry9x8gf2tvdw0s3jn54khce6mua7l", 58), "public-key", "age recipient")
    d.pos("AGE-SECRET-KEY-1" + r(BECH32_UP, 58), "private-key", ["age"], "age identity")
    d = doc("ops/wireguard/wg0.conf")
    d.add("[Interface]\nAddress = 10.8.0.1/24\nListenPort = 51820")
    d.pos("PrivateKey = " + b64(bytes([R.getrandbits(8) for _ in range(31)] + [0x40])), "private-key",
          ["wireguard"], "WireGuard private key")
    d.add("\n[Peer]")
    d.neg("PublicKey = " + b64(rbytes(32)), "public-key", "WireGuard public key")
    d.add("AllowedIPs = 10.8.0.2/32")
    d = doc("keys/release-signing.asc")
    d.neg("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n" + "\n".join(
        b64(rbytes(48)) for _ in range(8)) + "\n=" + r(B64CH, 4) + "\n-----END PGP PUBLIC KEY BLOCK-----",
        "public-key", "PGP public key block")
    d = doc("keys/release-signing-secret.asc")
    d.pos("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + "\n".join(
        b64(rbytes(48)) for _ in range(14)) + "\n=" + r(B64CH, 4) + "\n-----END PGP PRIVATE KEY BLOCK-----",
        "private-key", ["pgp"], "PGP private key block")


def gcp_service_account():
    d = doc("gcp/terraform-sa.json")
    key_id = hexs(40)
    key = pkcs8_key().replace("\n", "\\n") + "\\n"
    d.add("{")
    d.add('  "type": "service_account",')
    d.add('  "project_id": "acme-prod-4821",')
    d.pos(f'  "private_key_id": "{key_id}",', "gcp", ["gcp"], "service-account key id (key file)")
    d.pos(f'  "private_key": "{key}",', "private-key", ["pem", "gcp"], "JSON-escaped PEM in key file")
    d.add('  "client_email": "terraform@acme-prod-4821.iam.gserviceaccount.com",')
    d.neg(f'  "client_id": "{digits(21)}",', "identifier", "numeric client id")
    d.add('  "auth_uri": "https://accounts.google.com/o/oauth2/auth",')
    d.neg('  "token_uri": "https://oauth2.googleapis.com/token",', "identifier", "token URI")
    d.add('  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",')
    d.add('  "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/terraform%40acme-prod-4821.iam.gserviceaccount.com",')
    d.add('  "universe_domain": "googleapis.com"')
    d.add("}")

    d = doc("config/vendor-credentials.json")
    d.add("{")
    d.pos(f'  "signing_key": "{ec_key().replace(chr(10), chr(92) + "n")}",', "private-key", ["pem"],
          "JSON-escaped EC key")
    d.neg(f'  "verify_key": "{public_key().replace(chr(10), chr(92) + "n")}",', "public-key",
          "JSON-escaped public key")
    d.neg(f'  "ca_bundle": "{certificate().replace(chr(10), chr(92) + "n")}"', "public-key",
          "JSON-escaped certificate")
    d.add("}")


def docker_files():
    d = doc(".docker/config.json")
    user, pw = "deploy", password(22)
    d.add('{\n  "auths": {\n    "ghcr.io": {')
    d.pos(f'      "auth": "{b64(f"{user}:{pw}".encode())}"', "docker", ["docker", "generic"], "docker config auth")
    d.add("    },\n    \"registry.acme-corp.io\": {}\n  },")
    d.neg('  "credsStore": "desktop"', "identifier", "credential helper name")
    d.add("}")

    d = doc("docker/api/Dockerfile")
    d.neg("FROM node:20-alpine@sha256:" + hexs(64), "hash", "base image digest")
    d.add("WORKDIR /srv")
    d.neg("ARG NPM_TOKEN", "npm", "build arg without value")
    d.neg('RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc',
          "npm", "variable reference")
    d.neg(f'RUN echo "{hexs(64)}  /tmp/terraform.zip" | sha256sum -c -', "hash", "checksum verification")
    d.pos("ENV SENTRY_AUTH_TOKEN=sntryu_" + hexs(64), "sentry", ["sentry"], "token baked into image")
    d.neg("ENV PASSWORD_FILE=/run/secrets/db_password", "generic", "file path")
    d.add('CMD ["node", "server.js"]')


def npmrc_etc():
    d = doc("web/.npmrc")
    d.neg("//registry.npmjs.org/:_authToken=${NPM_TOKEN}", "npm", "variable reference")
    d.pos("//npm.pkg.github.com/:_authToken=" + gh_token("ghp_"), "github", ["github", "npm"],
          "GitHub token as npm auth")
    d.pos("//registry.acme-corp.io/npm/:_authToken=" + npm_token(), "npm", ["npm"], "npm token in .npmrc")
    d.add("always-auth=true")

    d = doc("tools/.pypirc")
    d.add("[distutils]\nindex-servers =\n    pypi\n\n[pypi]\nusername = __token__")
    d.pos("password = pypi-AgEIcHlwaS5vcmc" + r(URLSAFE, 150), "pypi", ["pypi"], "PyPI token in .pypirc")

    d = doc("tools/maven/settings.xml")
    d.add("<settings>\n  <servers>\n    <server>\n      <id>acme-releases</id>\n      <username>deployer</username>")
    d.pos(f"      <password>{password(20)}</password>", "generic", ["maven", "generic"], "Maven server password")
    d.add("    </server>\n    <server>\n      <id>central</id>\n      <username>${env.CENTRAL_USER}</username>")
    d.neg("      <password>${env.CENTRAL_PASSWORD}</password>", "generic", "Maven property reference")
    d.add("    </server>\n  </servers>\n</settings>")

    d = doc("ops/.netrc")
    d.pos(f"machine api.heroku.com login ops@acme-corp.io password {uid()}", "url-credentials",
          ["netrc", "heroku"], "netrc password")
    d.pos(f"machine git.acme-corp.io login ci password {password(20)}", "url-credentials", ["netrc"],
          "netrc password")


def url_files():
    d = doc("config/endpoints.conf")
    pw = password(16)
    enc = urllib.parse.quote(pw + "@!", safe="")
    d.pos(f"primary_db = postgresql://billing:{enc}@pg-primary.internal:5432/billing?sslmode=verify-full",
          "database", ["postgres"], "percent-encoded password in URI")
    d.pos(f"cache = rediss://default:{r(ALNUM, 32)}@cache.acme-corp.io:6380/0", "database", ["redis"],
          "Redis URI password")
    d.pos(f"broker = amqps://orders:{upw(18)}@mq.acme-corp.io:5671/orders", "database", ["rabbitmq"],
          "AMQP URI password")
    d.pos(f"mongo = mongodb+srv://svc-reports:{upw(20)}@cluster0.x1y2z.mongodb.net/reports?retryWrites=true",
          "database", ["mongodb"], "MongoDB URI password")
    d.pos(f"mysql_dsn = mysql://shop:{upw(16)}@mysql-1.acme-corp.io:3306/shop", "database", ["mysql"],
          "MySQL URI password")
    d.pos(f"artifacts = https://ci-bot:{upw(20)}@nexus.acme-corp.io/repository/raw/", "url-credentials",
          ["http"], "basic-auth URL")
    d.pos(f"backup_target = sftp://backup:{urllib.parse.quote(password(14) + '/#', safe='')}@nas.acme-corp.io:22/srv",
          "url-credentials", ["ftp", "url"], "percent-encoded SFTP password")
    d.neg("docs = https://user:password@example.com/path", "url-credentials", "documentation credentials")
    d.neg("proxy = http://${PROXY_USER}:${PROXY_PASS}@proxy.acme-corp.io:3128", "url-credentials",
          "variable references")
    d.neg("mirror = https://mirror.acme-corp.io/pypi/simple", "url-credentials", "no credentials")
    d.neg("grafana = https://grafana.acme-corp.io/d/abc123/overview?orgId=1&refresh=30s", "identifier",
          "query parameters")
    d.neg("search = https://www.google.com/search?q=oauth+access+token+expiry&hl=en", "identifier",
          "search URL")
    d.pos(f"webhook = https://api.acme-corp.io/hooks/deploy?token={r(ALNUM, 40)}", "url-credentials",
          ["url"], "token in query string")
    d.pos(f"maps = https://maps.googleapis.com/maps/api/geocode/json?address=Berlin&key=AIza{r(URLSAFE, 35)}",
          "gcp", ["gcp"], "Google API key in query string")
    d.pos(f"slack = {FORMATS['slack-webhook'][3]()}", "slack", ["slack"], "Slack webhook URL")
    d.pos(f"discord = {FORMATS['discord-webhook'][3]()}", "discord", ["discord"], "Discord webhook URL")

    d = doc("scripts/sync-assets.sh")
    d.add("#!/bin/sh\nset -eu")
    d.pos(f"curl -fsSL -u deploy:{password(18)} https://artifacts.acme-corp.io/api/upload -T dist.tar.gz",
          "url-credentials", ["curl"], "curl -u user:password")
    d.neg('curl -fsSL -u "$ARTIFACT_USER:$ARTIFACT_PASS" https://artifacts.acme-corp.io/api/ping',
          "url-credentials", "variable references")
    d.pos(f'curl -H "Authorization: Bearer {gh_token("ghp_")}" https://api.github.com/repos/acme/app/releases',
          "github", ["github"], "token in curl header")
    d.neg('curl -H "Authorization: Bearer ${GITHUB_TOKEN}" https://api.github.com/user', "github",
          "variable reference")
    d.pos(f"wget --user=mirror --password={password(16)} https://downloads.acme-corp.io/nightly.tgz",
          "url-credentials", ["wget"], "wget --password")
    d.pos(f"mysql -h db.acme-corp.io -u report -p{password(14)} reports < export.sql", "database", ["mysql"],
          "mysql -p password")
    d.pos(f"PGPASSWORD='{password(18)}' psql -h pg.acme-corp.io -U etl warehouse", "database", ["postgres"],
          "PGPASSWORD")
    d.neg('PGPASSWORD="$(vault kv get -field=password secret/etl)" psql -h pg.acme-corp.io -U etl warehouse',
          "database", "command substitution")
    d.neg(f"gpg --verify dist.tar.gz.sig && echo {hexs(64)}", "hash", "digest echo")


def logs_and_csv():
    d = doc("data/aws-credentials.csv")
    d.add("User name,Password,Access key ID,Secret access key,Console login link")
    for user in ("svc-backup", "svc-terraform"):
        akid = "AKIA" + r(UP + "234567", 16)
        secret = r(B64CH, 40)
        line = d.next_line()
        d.add(f"{user},,{akid},{secret},https://123456789012.signin.aws.amazon.com/console")
        d.label(line, "aws", ["aws"], True, "AWS credentials CSV: key id", optional=True)
        d.label(line, "aws", ["aws"], True, "AWS credentials CSV: secret key")

    d = doc("data/users-export.csv")
    d.add("id,email,password_hash,api_key_last4,created_at")
    for _ in range(4):
        d.neg(f"{uid()},{r(LO, 7)}@acme-corp.io,$2b$12${r(ALNUM + './', 53)},{r(DG, 4)},2024-0{R.randint(1, 9)}-1{R.randint(0, 9)}",
              "hash", "bcrypt hash and UUID")
    d = doc("data/checksums.txt")
    for name in ("app-linux-amd64.tar.gz", "app-darwin-arm64.tar.gz", "app-windows-amd64.zip"):
        d.neg(f"{hexs(64)}  {name}", "hash", "sha256sum output")

    d = doc("logs/app.log")
    ts = lambda: f"2024-06-{R.randint(10, 28)}T{R.randint(10, 23)}:{R.randint(10, 59)}:{R.randint(10, 59)}.{R.randint(100, 999)}Z"
    d.add(f"{ts()} INFO  server started on :8080 pid=4121")
    d.pos(f"{ts()} DEBUG outgoing request POST https://api.stripe.com/v1/charges headers={{'Authorization': 'Bearer sk_live_51{r(ALNUM, 97)}'}}",
          "stripe", ["stripe"], "Stripe key in debug log")
    d.neg(f"{ts()} INFO  request_id={uid()} trace_id={hexs(32)} span_id={hexs(16)} status=200", "hash",
          "request and trace ids")
    d.pos(f"{ts()} ERROR could not connect: postgres://etl:{upw(16)}@10.0.3.12:5432/warehouse: timeout",
          "database", ["postgres"], "URI password in error log")
    d.pos(f"{ts()} DEBUG auth header: Authorization: Bearer {jwt()}", "jwt", ["jwt", "generic"], "JWT in log")
    d.neg(f"{ts()} INFO  token refreshed for client_id={uid()} expires_in=3599", "identifier", "token event")
    d.neg(f"{ts()} WARN  invalid api key ending in ...{r(ALNUM, 4)} for tenant acme", "identifier", "key suffix")
    d.pos(f"{ts()} DEBUG env: GITLAB_TOKEN=glpat-{r(URLSAFE, 20)} CI=true", "gitlab", ["gitlab"],
          "token in env dump")
    d.neg(f"{ts()} INFO  commit {hexs(40)} deployed to prod", "hash", "git commit id")

    d = doc("logs/access.log")
    ip = lambda: f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    d.pos(f'{ip()} - - [12/Jun/2024:10:11:12 +0000] "GET /api/v1/export?access_token={r(URLSAFE, 43)} HTTP/1.1" 200 5120',
          "url-credentials", ["url"], "access token in query string")
    d.neg(f'{ip()} - - [12/Jun/2024:10:11:13 +0000] "GET /static/app.{hexs(8)}.js HTTP/1.1" 200 88213', "hash",
          "asset hash")
    d.pos(f'{ip()} - - [12/Jun/2024:10:11:14 +0000] "GET /download?file=report.pdf&api_key={r(ALNUM, 32)} HTTP/1.1" 200 10',
          "url-credentials", ["url"], "api key in query string")
    d.neg(f'{ip()} - - [12/Jun/2024:10:11:15 +0000] "GET /reset-password?token_expired=true HTTP/1.1" 302 0',
          "identifier", "query flag")
    d.neg(f'{ip()} - - [12/Jun/2024:10:11:16 +0000] "POST /oauth/token HTTP/1.1" 200 512 "-" "okhttp/4.12.0"',
          "identifier", "token endpoint")


def lockfiles():
    d = doc("web/package-lock.json")
    d.add('{\n  "name": "web",\n  "version": "2.3.0",\n  "lockfileVersion": 3,\n  "packages": {')
    for name, ver in (("react", "18.3.1"), ("zod", "3.23.8"), ("jsonwebtoken", "9.0.2"), ("dotenv", "16.4.5")):
        d.add(f'    "node_modules/{name}": {{\n      "version": "{ver}",')
        d.add(f'      "resolved": "https://registry.npmjs.org/{name}/-/{name}-{ver}.tgz",')
        d.neg(f'      "integrity": "sha512-{b64(rbytes(64))}",', "hash", "npm integrity hash")
        d.add("      \"license\": \"MIT\"\n    },")
    d.add('    "": {}\n  }\n}')
    d = doc("web/yarn.lock")
    d.add("# yarn lockfile v1\n")
    for name in ("axios", "secret-handshake", "token-types"):
        d.add(f'{name}@^1.0.0:\n  version "1.{R.randint(0, 9)}.{R.randint(0, 9)}"')
        d.add(f'  resolved "https://registry.yarnpkg.com/{name}/-/{name}-1.0.0.tgz#{hexs(40)}"')
        d.neg(f"  integrity sha512-{b64(rbytes(64))}", "hash", "yarn integrity hash")
        d.add("")
    d = doc("cmd/api/go.sum")
    for mod in ("github.com/golang-jwt/jwt/v5 v5.2.1", "golang.org/x/oauth2 v0.21.0", "github.com/aws/aws-sdk-go-v2 v1.30.0"):
        d.neg(f"{mod} h1:{b64(rbytes(32))}", "hash", "go.sum hash")
        d.neg(f"{mod}/go.mod h1:{b64(rbytes(32))}", "hash", "go.sum hash")
    d = doc(".github/workflows/ci.yml")
    d.add("name: ci\non: [push, pull_request]\npermissions:\n  contents: read\njobs:\n  test:\n"
          "    runs-on: ubuntu-latest\n    steps:")
    d.neg(f"      - uses: actions/checkout@{hexs(40)} # v4.1.7", "hash", "pinned action SHA")
    d.neg(f"      - uses: actions/setup-node@{hexs(40)} # v4.0.3", "hash", "pinned action SHA")
    d.add("        with:\n          node-version: 20")
    d.add("      - run: npm ci && npm test\n        env:")
    d.neg("          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}", "npm", "Actions secret reference")
    d.neg("          SONAR_TOKEN: ${{ secrets.SONAR_TOKEN }}", "sonarqube", "Actions secret reference")
    d.neg("          AWS_ROLE_ARN: arn:aws:iam::123456789012:role/github-ci", "identifier", "role ARN")
    d.add("      - uses: actions/cache@v4\n        with:\n          path: ~/.npm")
    d.neg("          key: ${{ runner.os }}-node-${{ hashFiles('**/package-lock.json') }}", "identifier",
          "cache key expression")


def web_files():
    d = doc("web/public/index.html")
    d.add("<!doctype html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">")
    d.neg(f'  <link rel="icon" href="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQ{b64(rbytes(180))}">',
          "image", "base64 PNG data URI")
    d.neg(f'  <script src="https://cdn.acme-corp.io/lib.min.js" integrity="sha384-{b64(rbytes(48))}" crossorigin="anonymous"></script>',
          "hash", "subresource integrity hash")
    d.neg(f"  <meta name=\"csrf-token\" content=\"{{{{ csrf_token() }}}}\">", "generic", "template")
    d.neg(f'  <meta name="google-site-verification" content="{r(URLSAFE, 43)}">', "identifier",
          "site verification token (public)")
    d.add("</head>\n<body>")
    svg = b"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'><path d='M12 2L2 7l10 5 10-5-10-5z'/></svg>"
    d.neg(f'  <img alt="logo" src="data:image/svg+xml;base64,{b64(svg)}">', "image", "base64 SVG data URI")
    d.add("  <div id=\"root\"></div>\n</body>\n</html>")

    d = doc("web/src/styles/theme.css")
    d.add(":root {\n  --primary: #1a73e8;\n  --secondary: #fbbc04;\n}")
    d.neg(f".hero {{ background-image: url(\"data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD{b64(rbytes(240))}\"); }}",
          "image", "base64 JPEG in CSS")

    d = doc("web/src/api/client.ts")
    d.add('import axios from "axios";\n')
    d.neg('const API_KEY_HEADER = "x-api-key";', "identifier", "header name constant")
    d.neg("const apiKey = process.env.STRIPE_SECRET_KEY ?? \"\";", "identifier", "environment lookup")
    d.neg('export const TOKEN_STORAGE_KEY = "auth.accessToken";', "identifier", "storage key")
    d.neg("const password = await hashPassword(input.password, { cost: 12 });", "identifier", "code")
    d.neg('const secretName = `projects/${projectId}/secrets/stripe-key/versions/latest`;', "identifier",
          "secret manager path")
    d.neg("export function getAccessTokenFromRefreshToken(refreshToken: string): Promise<string> {",
          "identifier", "function name")
    d.add("  return axios.post(\"/oauth/token\", { grant_type: \"refresh_token\", refresh_token: refreshToken })\n"
          "    .then((r) => r.data.access_token);\n}")
    d.pos(f'const FALLBACK_MAPS_KEY = "AIza{r(URLSAFE, 35)}";', "gcp", ["gcp"], "hardcoded fallback key")
    d.neg(f'const GA_MEASUREMENT_ID = "G-{r(UP + DG, 10)}";', "identifier", "analytics id")
    d.neg(f'const SENTRY_RELEASE = "web@{hexs(40)}";', "hash", "release commit id")

    d = doc("web/src/i18n/en.json")
    d.add("{")
    d.neg('  "auth.password.placeholder": "Enter your password",', "identifier", "UI string")
    d.neg('  "auth.token.expired": "Your session token has expired. Please sign in again.",', "identifier",
          "UI string")
    d.neg('  "settings.apiKey.help": "Create an API key under Settings > Developer.",', "identifier", "UI string")
    d.neg('  "settings.secret.label": "Client secret (shown once)"', "identifier", "UI string")
    d.add("}")


def code_files():
    d = doc("services/ml/app/client.py")
    d.add("import os\nimport boto3\n\n")
    d.neg('API_KEY = os.environ["PARTNER_API_KEY"]', "identifier", "environment lookup")
    d.neg('DB_PASSWORD = os.getenv("DB_PASSWORD", "")', "identifier", "environment lookup")
    d.neg("secret = boto3.client(\"secretsmanager\").get_secret_value(SecretId=\"prod/ml/db\")[\"SecretString\"]",
          "identifier", "secret manager call")
    d.neg("token = request.headers.get(\"Authorization\", \"\").removeprefix(\"Bearer \")", "identifier", "code")
    d.neg('password_field = "password"', "identifier", "field name")
    d.neg("self.api_key = api_key", "identifier", "attribute assignment")
    d.neg("ACCESS_TOKEN_LIFETIME = timedelta(minutes=15)", "identifier", "code")
    d.pos(f'openai_client = OpenAI(api_key="{FORMATS["openai-project"][3]()}")', "openai", ["openai"],
          "key passed to a client constructor")
    d.pos(f'hf_hub.login(token="{FORMATS["huggingface"][3]()}")', "huggingface", ["huggingface"],
          "token passed to a function")
    d.neg(f'MODEL_SHA = "{hexs(40)}"', "hash", "model revision")
    d.neg(f'EMBEDDING_CACHE_KEY = "emb-v3-{hexs(12)}"', "hash", "cache key")

    d = doc("cmd/api/main.go")
    d.add("package main\n\nimport (\n\t\"os\"\n)\n")
    d.neg('const tokenHeader = "X-Auth-Token"', "identifier", "header name")
    d.neg('var apiKey = os.Getenv("DATADOG_API_KEY")', "identifier", "environment lookup")
    d.add("type DBConfig struct {")
    d.neg('\tPassword string `json:"password" yaml:"password"`', "identifier", "struct tag")
    d.neg('\tSecretARN string `json:"secret_arn"`', "identifier", "struct tag")
    d.add("}\n")
    d.pos(f'var stripeKey = "{FORMATS["stripe-restricted"][3]()}"', "stripe", ["stripe"], "hardcoded Go variable")
    d.neg(f'var buildID = "{uid()}"', "identifier", "UUID")
    d.add("func main() {")
    d.pos(f'\tclient := slack.New("{FORMATS["slack-bot"][3]()}")', "slack", ["slack"], "token literal in call")
    d.neg('\tdb, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))', "identifier", "environment lookup")
    d.add("\t_ = db\n\t_ = err\n\t_ = client\n}")

    d = doc("backend/src/main/java/com/acme/backend/PaymentConfig.java")
    d.add("package com.acme.backend;\n\nimport org.springframework.beans.factory.annotation.Value;\n\n"
          "public class PaymentConfig {")
    d.neg('    @Value("${stripe.api.key}")', "identifier", "property placeholder")
    d.add("    private String stripeApiKey;")
    d.neg('    private final String dbPassword = System.getenv("DB_PASSWORD");', "identifier", "environment lookup")
    d.neg('    private static final String SECRET_KEY_PARAM = "secretKey";', "identifier", "parameter name")
    d.neg("    private static final long serialVersionUID = -3042686055658047285L;", "identifier", "serialVersionUID")
    d.pos(f'    private static final String SENDGRID_KEY = "{FORMATS["sendgrid"][3]()}";', "sendgrid", ["sendgrid"],
          "hardcoded Java constant")
    d.pos(f'    private static final String JDBC_URL = "jdbc:postgresql://db.acme-corp.io:5432/pay?user=pay&password={upw(16)}";',
          "database", ["jdbc", "postgres"], "JDBC URL password")
    d.add("}")

    d = doc("infra/terraform/main.tf")
    d.add('provider "aws" {\n  region = var.region\n}\n\nresource "aws_db_instance" "orders" {\n'
          '  engine         = "postgres"\n  instance_class = "db.t4g.medium"\n  username       = "orders"')
    d.neg("  password       = var.db_password", "identifier", "variable reference")
    d.add("}\n\nresource \"aws_db_instance\" \"legacy\" {\n  engine   = \"mysql\"\n  username = \"admin\"")
    d.pos(f'  password = "{password(18)}"', "generic", ["generic"], "hardcoded Terraform password")
    d.add("}\n\nresource \"aws_db_instance\" \"reporting\" {\n  identifier              = \"reporting\"\n"
          "  instance_class          = \"db.r6g.large\"\n  master_username         = \"reporter\"")
    d.pos(f'  master_password         = "{password(20)}"', "generic", ["generic"], "aligned Terraform password")
    d.add('  backup_retention_period = 7')
    d.add("}\n\nresource \"aws_secretsmanager_secret_version\" \"api\" {\n  secret_id     = aws_secretsmanager_secret.api.id")
    d.neg("  secret_string = random_password.api.result", "identifier", "resource reference")
    d.add("}\n\nresource \"aws_instance\" \"bastion\" {")
    d.neg('  ami           = "ami-0c55b159cbfafe1f0"', "identifier", "AMI id")
    d.neg('  subnet_id     = "subnet-0bb1c79de3ef45a21"', "identifier", "subnet id")
    d.add("}\n\nresource \"aws_key_pair\" \"deployer\" {\n  key_name   = \"deployer\"")
    d.neg(f'  public_key = "{ssh_ed25519_pub("deployer@acme")}"', "public-key", "ssh public key in Terraform")
    d.add("}\n\nprovider \"datadog\" {")
    d.neg("  api_key = data.aws_ssm_parameter.dd_api_key.value", "identifier", "data source reference")
    d.pos(f'  app_key = "{hexs(40)}"', "datadog", ["datadog"], "Datadog app key in provider block")
    d.add("}\n\nresource \"aws_iam_access_key\" \"ci\" {\n  user = aws_iam_user.ci.name\n}")
    d.neg(f'# kms: arn:aws:kms:eu-west-1:123456789012:key/{uid()}', "identifier", "KMS key ARN")

    d = doc("infra/terraform/variables.tf")
    d.add('variable "db_password" {\n  type      = string\n  sensitive = true')
    d.neg('  default   = ""', "generic", "empty default")
    d.add("}\n\nvariable \"api_token\" {\n  type = string")
    d.neg('  description = "API token for the partner integration; set via TF_VAR_api_token"', "identifier",
          "description")
    d.add("}")


def fixture_files():
    d = doc("tests/fixtures/test_auth.py")
    d.add("import pytest\n\n")
    d.neg('FAKE_TOKEN = "fake-token"', "fixture", "test fixture")
    d.neg('TEST_PASSWORD = "test"', "fixture", "test fixture")
    d.neg('client = Client(api_key="test_api_key", base_url="http://localhost:8080")', "fixture", "test fixture")
    d.neg('assert redact("ghp_" + "a" * 36) == "ghp_****"', "fixture", "constructed in code")
    d.neg('DUMMY_SECRET = "dummy-secret-value-for-tests"', "fixture", "test fixture")
    d.neg('STRIPE_TEST_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"', "fixture", "Stripe documentation test key")
    d.neg('JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"',
          "fixture", "jwt.io documentation token")
    d.neg('MASKED = "sk_live_****************************abcd"', "fixture", "masked")
    d.neg('PASSWORD = "P@ssw0rd"', "fixture", "well-known weak test password")

    d = doc("tests/fixtures/tokens.yaml")
    d.add("# Revoked and malformed tokens used by the parser tests.")
    for i in range(3):
        d.neg(f"checksum_invalid_{i}: {gh_token_bad_checksum(R.choice(['ghp_', 'gho_', 'ghs_']))}", "github",
              "GitHub token with an invalid CRC32 checksum (not an issued token)")
    d.neg(f"npm_invalid: {gh_token_bad_checksum('npm_')}", "npm", "npm token with an invalid checksum")
    d.neg("truncated: ghp_abc123", "github", "truncated token")
    d.neg("short_key_id: AKIA1234", "aws", "truncated key id")
    d.neg("docs_oauth: gho_16C7e42F292c6912E7710c838347Ae178B4a", "github", "GitHub documentation token")
    d.neg("slack_docs: xoxb-not-a-real-token-this-will-not-work", "slack", "Slack documentation token")


def misc_negative_files():
    d = doc("db/migrations/20240512_api_keys.sql")
    d.add("CREATE TABLE api_keys (\n  id uuid PRIMARY KEY,\n  key_hash char(64) NOT NULL,\n  last4 char(4) NOT NULL\n);")
    for _ in range(3):
        d.neg(f"INSERT INTO api_keys (id, key_hash, last4) VALUES ('{uid()}', '{hexs(64)}', '{r(ALNUM, 4)}');",
              "hash", "hashed key in SQL seed")
    d.neg(f"UPDATE users SET password_hash = '$2a$10${r(ALNUM + './', 53)}' WHERE id = 1;", "hash",
          "bcrypt hash in SQL")

    d = doc("ops/auth/htpasswd.conf")
    # Password hashes are findings of their own kind (offline-crackable), not plaintext secrets.
    d.pos(f"admin:$apr1${r(ALNUM, 8)}${r(ALNUM + './', 22)}", "hash", ["apache"], "htpasswd MD5 hash")
    d.pos(f"deploy:{{SHA}}{b64(rbytes(20))}", "hash", ["apache"], "htpasswd SHA1 hash")
    d = doc("services/identity/config/hashing.yaml")
    d.neg(f"admin_password_hash: $argon2id$v=19$m=65536,t=3,p=4${b64(rbytes(16), pad=False)}${b64(rbytes(32), pad=False)}",
          "hash", "argon2 hash")
    d.neg(f"password_pepper_ref: vault:secret/data/identity#pepper", "identifier", "secret reference")
    d.neg(f"token_signing_key_id: {uid()}", "identifier", "key id")

    d = doc("web/dist/assets/app.js.map")
    d.add('{"version":3,"file":"app.js","sources":["../src/main.ts","../src/api/client.ts"],')
    d.neg('"mappings":"' + ";".join(",".join(r("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", R.randint(4, 8)) for _ in range(6)) for _ in range(30)) + '",',
          "identifier", "source map VLQ mappings")
    d.add('"names":["apiKey","accessToken","refreshToken","password"]}')

    d = doc("mobile/ios/Acme/Info.plist")
    d.add('<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>')
    d.add("  <key>GADApplicationIdentifier</key>")
    d.neg(f"  <string>ca-app-pub-{digits(16)}~{digits(10)}</string>", "identifier", "AdMob app id")
    d.add("  <key>CFBundleURLSchemes</key>")
    d.neg(f"  <string>com.googleusercontent.apps.{digits(12)}-{r(LO + DG, 32)}</string>", "identifier",
          "OAuth client URL scheme (public)")
    d.add("</dict>\n</plist>")


def doc_files():
    d = doc("docs/getting-started.md")
    d.add("# Getting started\n\nCopy `.env.example` to `.env` and fill in your credentials:\n\n```bash")
    d.neg("export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "github", "docs placeholder")
    d.neg("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "aws", "AWS documentation key")
    d.neg("export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws", "AWS documentation secret")
    d.neg("export OPENAI_API_KEY=<your-openai-key>", "openai", "docs placeholder")
    d.neg("export STRIPE_SECRET_KEY=sk_live_...", "stripe", "elided")
    d.neg("export DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DB", "database", "docs placeholders")
    d.add("```\n\nThen call the API:\n\n```bash")
    d.neg('curl -H "Authorization: Bearer $API_TOKEN" https://api.acme-corp.io/v1/me', "generic",
          "variable reference")
    d.neg('curl -u "admin:<password>" https://api.acme-corp.io/v1/admin', "url-credentials", "placeholder")
    d.add("```\n")
    d.neg("Tokens look like `ghp_` followed by 36 characters; never commit them.", "github", "prose")
    d.neg("The default password is `changeme`; you will be asked to change it on first login.", "generic", "prose")
    d.add("\n## Troubleshooting\n")
    d.pos(f"When I run it with `SLACK_BOT_TOKEN={FORMATS['slack-bot'][3]()}` I get `not_authed`, any idea?",
          "slack", ["slack"], "real token pasted into docs")
    d.pos(f"Example: `curl https://api.openai.com/v1/models -H \"Authorization: Bearer {FORMATS['openai-project'][3]()}\"`",
          "openai", ["openai"], "real key pasted into docs")

    d = doc("docs/api-keys.md")
    d.add("# API keys\n\n| Provider | Variable | Format |\n| --- | --- | --- |")
    d.neg("| GitHub | `GITHUB_TOKEN` | `ghp_<36 chars>` |", "github", "format description")
    d.neg("| Stripe | `STRIPE_SECRET_KEY` | `sk_live_<24+ chars>` |", "stripe", "format description")
    d.neg("| Slack | `SLACK_BOT_TOKEN` | `xoxb-<team>-<bot>-<secret>` |", "slack", "format description")
    d.neg("| AWS | `AWS_ACCESS_KEY_ID` | `AKIA` + 16 upper-case letters/digits |", "aws", "format description")
    d.add("\nRotate keys every 90 days. Example rotation log entry:\n")
    d.neg(f"    2024-05-01 rotated key id {uid()} (fingerprint SHA256:{b64(rbytes(32), pad=False)})",
          "hash", "ids and fingerprints")

    d = doc("services/billing/.env.example")
    d.add("# Copy to .env and fill in.")
    for key, value, fam in (("STRIPE_SECRET_KEY", "sk_live_your_key_here", "stripe"),
                            ("STRIPE_WEBHOOK_SECRET", "whsec_...", "stripe"),
                            ("GITHUB_TOKEN", "", "github"),
                            ("SENDGRID_API_KEY", "SG.your-sendgrid-key", "sendgrid"),
                            ("DATABASE_URL", "postgres://billing:changeme@localhost:5432/billing", "database"),
                            ("REDIS_URL", "redis://:${REDIS_PASSWORD}@localhost:6379", "database"),
                            ("JWT_SECRET", "generate-with-openssl-rand-hex-32", "generic"),
                            ("DD_API_KEY", "${DD_API_KEY}", "datadog"),
                            ("TWILIO_ACCOUNT_SID", "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "twilio"),
                            ("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/XXX/YYY/ZZZ", "slack"),
                            ("ANTHROPIC_API_KEY", "sk-ant-api03-...", "anthropic"),
                            ("ADMIN_PASSWORD", "********", "generic")):
        d.neg(f"{key}={value}", fam, "template value")

    d = doc("helm/orders/values.yaml")
    d.add("image:\n  repository: ghcr.io/acme/orders\n  tag: \"1.14.2\"\nsecrets:")
    d.neg("  stripeSecretKey: {{ .Values.global.stripe.secretKey | quote }}", "stripe", "helm template")
    d.neg('  dbPassword: "{{ .Values.postgresql.auth.password }}"', "generic", "helm template")
    d.neg("  githubToken: ${GITHUB_TOKEN}", "github", "variable reference")
    d.neg("  existingSecret: orders-credentials", "identifier", "secret name")
    d.neg("  apiKey: \"\"", "generic", "empty")
    d.add("postgresql:\n  auth:")
    d.neg("    password: \"\"", "generic", "empty")
    d.neg("    existingSecretPasswordKey: postgres-password", "identifier", "key name")
    d.add("redis:\n  auth:")
    d.pos(f"    password: {password(22)}", "generic", ["generic", "redis"], "hardcoded Helm value")

    d = doc("deploy/docker-compose.dev.yml")
    d.add("services:\n  db:\n    image: postgres:16\n    environment:")
    d.pos(f"      POSTGRES_PASSWORD: {password(16)}", "database", ["postgres", "generic"], "compose password")
    d.neg("      POSTGRES_USER: orders", "identifier", "user name")
    d.add("  cache:\n    image: redis:7")
    d.pos(f"    command: redis-server --requirepass {password(20)}", "database", ["redis", "generic"],
          "redis password on command line")
    d.add("  api:\n    build: .\n    environment:")
    d.neg("      DATABASE_URL: postgres://orders:${POSTGRES_PASSWORD}@db:5432/orders", "database",
          "variable reference")
    d.neg("      SECRET_KEY_BASE: ${SECRET_KEY_BASE:?set it}", "generic", "variable reference")
    d.pos(f"      MONGO_INITDB_ROOT_PASSWORD: {password(18)}", "database", ["mongodb", "generic"], "compose password")
    d.pos(f"      AZURE_STORAGE_CONNECTION_STRING: DefaultEndpointsProtocol=https;AccountName=stacme{r(LO + DG, 6)};AccountKey={azure_storage_key()};EndpointSuffix=core.windows.net",
          "azure", ["azure"], "Azure storage connection string")

    d = doc("services/payments/appsettings.Production.json")
    d.add('{\n  "Logging": { "LogLevel": { "Default": "Information" } },\n  "ConnectionStrings": {')
    d.pos(f'    "Default": "Server=tcp:sql-acme.database.windows.net,1433;Initial Catalog=payments;User ID=payments;Password={password(18)};Encrypt=True;",',
          "database", ["mssql", "generic"], "SQL Server connection string")
    d.pos(f'    "ServiceBus": "Endpoint=sb://acme-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={b64(rbytes(32))}",',
          "azure", ["azure"], "Service Bus connection string")
    d.neg('    "Reporting": "Server=(localdb)\\\\mssqllocaldb;Database=reports;Trusted_Connection=True;"', "database",
          "integrated security, no password")
    d.add("  },\n  \"AzureAd\": {")
    d.neg(f'    "TenantId": "{uid()}",', "azure", "tenant UUID")
    d.neg(f'    "ClientId": "{uid()}",', "azure", "client UUID")
    d.pos(f'    "ClientSecret": "{FORMATS["azure-ad-secret"][3]()}"', "azure", ["azure"], "Entra ID client secret")
    d.add("  }\n}")


# --------------------------------------------------------------------------
# Credentials in commands, build scripts and code idioms, added with the rules
# for them (see docs/accuracy.md). Generated after everything above so the
# files above stay byte-identical.

WORDS = ["Harbor", "Maple", "Falcon", "Cobalt", "Juniper", "Orchid", "Tundra", "Saffron", "Quarry", "Lantern"]


def human_pw():
    """A password as people choose them: a word, digits, a symbol."""
    return R.choice(WORDS) + str(R.randint(10, 9999)) + R.choice("!#@.*")


def app_password():
    """A Google-style app password: four groups of four lower-case letters."""
    return " ".join(r(LO, 4) for _ in range(4))


def wg_key():
    return b64(rbytes(32))


def breadth_files():
    d = doc("ops/windows/Deploy-Agents.ps1")
    d.add("#Requires -Modules VMware.PowerCLI\nparam([string]$Cluster = 'prod')\n")
    d.pos(f"Connect-VIServer -Server vc01.acme.local -User svc-deploy@vsphere.local -Password '{human_pw()}'",
          "command-line", ["vmware"], "PowerCLI password argument")
    d.neg("Connect-VIServer -Server $vc -User $env:VC_USER -Password $env:VC_PASSWORD", "command-line",
          "environment references")
    d.neg("Connect-VIServer -Server vc02.acme.local -Credential (Get-Credential)", "command-line",
          "interactive credential")
    d.pos(f'$secure = ConvertTo-SecureString "{password(16)}" -AsPlainText -Force', "command-line", ["windows"],
          "plain-text password made a SecureString")
    d.neg("$secure = ConvertTo-SecureString $env:SQL_SA_PASSWORD -AsPlainText -Force", "command-line",
          "environment reference")
    d.add('$cred = New-Object System.Management.Automation.PSCredential("ACME\\svc-sql", $secure)')
    d.pos(f"& psexec.exe \\\\sql-0{R.randint(1, 9)} -u ACME\\svc-sql -p {human_pw()} -accepteula -s net stop MSSQLSERVER",
          "command-line", ["windows"], "PsExec -p in PowerShell")
    d.pos(f'$wc.Credentials = New-Object System.Net.NetworkCredential("svc-download", "{password(18)}")',
          "code-credentials", ["dotnet"], "NetworkCredential in PowerShell")
    d.neg('$wc.Credentials = New-Object System.Net.NetworkCredential($user, $pass)', "code-credentials",
          "variables")

    d = doc("ops/windows/rollout.cmd")
    d.add("@echo off\nsetlocal\nfor /f %%h in (hosts.txt) do (")
    d.pos(f"  PsExec.exe \\\\%%h -u Administrator -p {human_pw()} -c -f install-agent.bat", "command-line",
          ["windows"], "PsExec -p in a batch loop")
    d.neg("  PsExec.exe \\\\%%h -u %ADMIN_USER% -p %ADMIN_PW% -c -f install-agent.bat", "command-line",
          "batch variable references")
    d.add(")")
    d.neg("psexec \\\\build-01 -s -priority low cmd /c cleanup.bat", "command-line", "no password option")

    d = doc("scripts/backup-nas.sh")
    d.add("#!/usr/bin/env bash\nset -euo pipefail")
    d.pos(f"sshpass -p '{password(14)}' rsync -az -e ssh /srv/backups/ backup@nas-01.acme.local:/volume1/backups/",
          "command-line", ["ssh"], "sshpass -p")
    d.neg('sshpass -e rsync -az -e ssh /srv/logs/ backup@nas-01.acme.local:/volume1/logs/', "command-line",
          "password from SSHPASS")
    d.neg('sshpass -p "$NAS_PASSWORD" ssh backup@nas-01.acme.local df -h', "command-line", "variable reference")
    d.pos(f"psql \"postgresql://backup:{human_pw().replace('#', '%23').replace('@', '%40')}@pg-replica.acme.local:5432/ledger\" -c 'select 1'",
          "database", ["postgres"], "short human password in a postgres URI")
    d.neg("psql \"postgresql://backup:$PGPASSWORD@pg-replica.acme.local:5432/ledger\" -c 'select 1'", "database",
          "variable reference")

    d = doc("vpn/wg0.conf")
    d.add("[Interface]\nAddress = 10.66.0.1/24\nListenPort = 51820")
    d.pos(f"PrivateKey = {wg_key()}", "private-key", ["wireguard"], "WireGuard interface private key")
    d.add("\n[Peer]\n# laptop-ops")
    d.neg(f"PublicKey = {wg_key()}", "public-key", "WireGuard peer public key")
    d.pos(f"PresharedKey = {wg_key()}", "private-key", ["wireguard"], "WireGuard pre-shared key")
    d.add("AllowedIPs = 10.66.0.2/32\n\n[Peer]\n# ci-runner")
    d.neg(f"PublicKey = {wg_key()}", "public-key", "WireGuard peer public key")
    d.add("AllowedIPs = 10.66.0.3/32")

    d = doc("infra/ansible/group_vars/vpn.yml")
    d.add("---\nwireguard_interface: wg0\nwireguard_port: 51820")
    d.pos(f"wireguard_private_key: \"{wg_key()}\"", "private-key", ["wireguard"], "WireGuard key in Ansible vars")
    d.neg(f"wireguard_public_key: \"{wg_key()}\"", "public-key", "WireGuard public key in Ansible vars")
    d.neg("wireguard_private_key_file: /etc/wireguard/wg0.key", "private-key", "key file path")

    d = doc("android/app/build.gradle")
    d.add("plugins {\n    id 'com.android.library'\n    id 'maven-publish'\n}\n\npublishing {\n    repositories {\n        maven {")
    d.add("            url 'https://artifacts.acme-corp.io/artifactory/mobile-release'\n            credentials {\n                username 'mobile-ci'")
    d.pos(f"                password '{password(24)}'", "gradle", ["gradle"], "Gradle repository password")
    d.add("            }\n        }\n        maven {\n            url 'https://artifacts.acme-corp.io/artifactory/mobile-snapshot'\n            credentials {")
    d.neg("                username System.getenv('ARTIFACTORY_USER')", "gradle", "environment lookup")
    d.neg("                password System.getenv('ARTIFACTORY_PASSWORD')", "gradle", "environment lookup")
    d.add("            }\n        }\n    }\n}")

    d = doc("libs/sdk/build.gradle.kts")
    d.add("publishing {\n    repositories {\n        maven {\n            url = uri(\"https://nexus.acme-corp.io/repository/maven-releases/\")")
    d.add("            credentials(PasswordCredentials::class) {\n                username = \"sdk-publisher\"")
    d.pos(f'                password = "{r(ALNUM, 32)}"', "gradle", ["gradle"], "Gradle Kotlin DSL repository password")
    d.add("            }\n        }\n        maven {\n            url = uri(\"https://maven.pkg.github.com/acme/sdk\")\n            credentials {")
    d.neg('                username = project.findProperty("gpr.user") as String?', "gradle", "project property")
    d.neg('                password = "$githubPackagesToken"', "gradle", "string template")
    d.add("            }\n        }\n    }\n}")

    d = doc("web/contact/send.php")
    d.add("<?php\nuse PHPMailer\\PHPMailer\\PHPMailer;\n\n$mail = new PHPMailer(true);\n$mail->isSMTP();")
    d.add("$mail->Host       = 'smtp.gmail.com';\n$mail->SMTPAuth   = true;\n$mail->Username   = 'contact@acme-corp.io';")
    d.pos(f"$mail->Password   = '{app_password()}';", "code-credentials", ["smtp"], "PHPMailer app password")
    d.add("$mail->Port       = 587;\n\n$alerts = new PHPMailer(true);")
    d.neg("$alerts->Password = getenv('ALERTS_SMTP_PASSWORD');", "code-credentials", "environment lookup")
    d.neg("$alerts->Password = $config['smtp']['password'];", "code-credentials", "configuration lookup")

    d = doc("legacy/Reports/Notifier.cs")
    d.add("using System.DirectoryServices;\nusing System.Net;\nusing System.Net.Mail;\n\nnamespace Acme.Reports\n{\n    public static class Notifier\n    {")
    d.add("        static SmtpClient Client() => new SmtpClient(\"smtp.acme-corp.io\", 587)\n        {\n            EnableSsl = true,")
    d.pos(f'            Credentials = new NetworkCredential("reports@acme-corp.io", "{password(16)}")', "code-credentials",
          ["dotnet"], "NetworkCredential literal password")
    d.add("        };\n")
    d.neg("        static NetworkCredential FromConfig(Settings s) => new NetworkCredential(s.User, s.Password);",
          "code-credentials", "properties")
    d.pos(f'        static DirectoryEntry Root() => new DirectoryEntry("LDAP://dc01.acme.local/DC=acme,DC=local", "ACME\\\\svc-reports", "{human_pw()}");',
          "code-credentials", ["dotnet"], "DirectoryEntry literal password")
    d.add("    }\n}")

    d = doc("k8s/bootstrap/token-secret.yaml")
    tid = r(LO + DG, 6)
    d.add(f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: bootstrap-token-{tid}\n  namespace: kube-system\ntype: bootstrap.kubernetes.io/token\nstringData:")
    d.neg(f"  token-id: {tid}", "identifier", "bootstrap token id (public half)")
    d.pos(f"  token-secret: {r(LO + DG, 16)}", "kubernetes", ["kubernetes"], "bootstrap token secret")
    d.add('  usage-bootstrap-authentication: "true"\n  usage-bootstrap-signing: "true"')

    d = doc("infra/terraform/okta/variables.tf")
    d.add('variable "okta_org_name" {\n  type    = string\n  default = "acme"\n}\n\nvariable "okta_api_token" {\n  type      = string\n  sensitive = true')
    d.pos(f'  default   = "00{r(URLSAFE, 40)}"', "okta", ["okta"], "Okta token as a Terraform variable default")
    d.add('}\n\nvariable "okta_admin_token" {\n  type      = string\n  sensitive = true')
    d.neg('  default   = ""', "okta", "empty default")
    d.add("}")

    d = doc("services/ledger/appsettings.Staging.json")
    d.add('{\n  "ConnectionStrings": {')
    d.pos(f'    "Ledger": "Driver={{ODBC Driver 18 for SQL Server}};Server=tcp:sql-stg.acme.local,1433;Database=ledger;Uid=ledger_app;Pwd={password(16)};Encrypt=yes;",',
          "database", ["mssql"], "ODBC connection string")
    d.pos(f'    "Archive": "Provider=SQLOLEDB.1;Data Source=archive-01;Initial Catalog=archive;User ID=archiver; Password= {password(14)}",',
          "database", ["mssql"], "OLE DB connection string, space after =")
    d.neg('    "Local": "Driver={ODBC Driver 18 for SQL Server};Server=(localdb)\\\\MSSQLLocalDB;Database=ledger;Trusted_Connection=yes;"',
          "database", "integrated security")
    d.neg('    "Template": "Server=sql-stg.acme.local;Database=ledger;User Id=ledger_app;Password=DbPassword;"',
          "database", "identifier-like placeholder")
    d.add('  }\n}')

    d = doc("services/admin/app.py")
    d.add("from flask import Flask, request, abort\n\napp = Flask(__name__)\n\n\n@app.post('/admin/login')\ndef login():")
    d.add("    user = request.form.get('user')")
    d.pos(f"    if user == 'root' and request.form['password'] == '{human_pw()}':", "generic", ["generic"],
          "hard-coded password comparison")
    d.add("        return 'ok'")
    d.neg("    if request.form['password'] != request.form['password_confirm']:", "generic", "comparison of two fields")
    d.add("        abort(400)")
    d.neg("    if request.form.get('password') == '':", "generic", "empty-string check")
    d.add("        abort(401)\n    return 'no'")

    d = doc("services/admin/config/auth.yaml")
    d.add("server:\n  port: 8443\njwt:\n  issuer: admin-api")
    d.pos(f"  secret: \"{password(24)}\"", "jwt", ["jwt", "generic"], "JWT secret nested under jwt:")
    d.add("  ttl: 900\nsession:")
    d.neg("  secret: ${SESSION_SECRET}", "generic", "variable reference")

    d = doc("legacy/Portal/Web.Release.config")
    d.add('<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <appSettings>')
    d.add('    <add key="SmtpHost" value="smtp.acme-corp.io" />')
    d.pos(f'    <add key="SmtpPassword" value="{password(14)}" />', "code-credentials", ["dotnet", "generic"],
          ".NET appSettings password")
    d.neg('    <add key="PasswordResetUrl" value="https://portal.acme-corp.io/account/reset" />', "code-credentials",
          "URL under a password key")
    d.neg('    <add key="TokenLifetimeMinutes" value="30" />', "code-credentials", "number under a token key")
    d.add("  </appSettings>\n</configuration>")

    d = doc("mobile/android/app/build.gradle")
    d.add("android {\n    namespace 'io.acmecorp.mobile'\n    defaultConfig {\n        applicationId 'io.acmecorp.mobile'")
    d.pos(f'        buildConfigField "String", "ANALYTICS_API_KEY", "\\"{hexs(32)}\\""', "code-credentials",
          ["android", "generic"], "buildConfigField API key")
    d.neg('        buildConfigField "String", "MAPS_API_KEY", "\\"${mapsApiKey}\\""', "code-credentials",
          "Gradle property interpolation")
    d.neg('        buildConfigField "String", "API_BASE_URL", "\\"https://api.acme-corp.io\\""', "code-credentials",
          "URL")
    d.add("    }\n}")

    d = doc("legacy/sso/src/main/java/com/acme/sso/Keys.java")
    body = b64(RSA_DER + rbytes(330))
    chunks = [body[i:i + 64] for i in range(0, len(body), 64)]
    d.add("package com.acme.sso;\n\nfinal class Keys {")
    d.pos('    static final String SIGNING_KEY = "-----BEGIN RSA PRIVATE KEY-----\\n" +\n' +
          "\n".join(f'        "{c}\\n" +' for c in chunks) + '\n        "-----END RSA PRIVATE KEY-----";',
          "private-key", ["pem"], "PEM split across Java string literals")
    d.neg('    static final String VERIFY_KEY = "-----BEGIN PUBLIC KEY-----\\n" +\n        "' + b64(PUB_DER + rbytes(40))[:64] +
          '\\n" +\n        "-----END PUBLIC KEY-----";', "public-key", "public key split across literals")
    d.add("}")

    d = doc("ci/sonar.gradle")
    d.add("sonarqube {\n    properties {\n        property 'sonar.projectKey', 'acme_ledger'")
    d.pos(f"        property 'sonar.login', '{hexs(40)}'", "sonarqube", ["sonarqube"], "Sonar token as a property argument")
    d.neg("        property 'sonar.host.url', 'https://sonarcloud.io'", "sonarqube", "host URL")
    d.add("    }\n}")


def config_format_files():
    """Credentials in the files admin and deploy tools write (issue 14: configuration formats)."""
    crypt = "./" + DG + UP + LO
    d = doc("etc/shadow")
    d.neg("root:*:19700:0:99999:7:::", "hash", "locked account")
    d.pos(f"svc-backup:$6${r(crypt, 16)}${r(crypt, 86)}:19700:0:99999:7:::", "hash", ["unix"], "SHA-512 crypt hash")
    d.pos(f"deploy:$y$j9T${r(crypt, 22)}${r(crypt, 43)}:20001:0:99999:7:::", "hash", ["unix"], "yescrypt hash")
    d.neg("daemon:!:19700::::::", "hash", "no password")

    d = doc("deploy/nginx/.htpasswd")
    d.pos(f"metrics:$apr1${r(crypt, 8)}${r(crypt, 22)}", "hash", ["apache"], "apr1-MD5 hash")
    d.pos(f"grafana:$2y$10${r(crypt, 53)}", "hash", ["apache"], "bcrypt hash")

    d = doc("home/ops/.pgpass")
    d.pos(f"db.internal.acme-corp.io:5432:orders:orders_app:{password(18)}", "database", ["postgresql"],
          "pgpass entry")
    d.neg("# hostname:port:database:username:password", "database", "format comment")
    d.pos(f"*:*:*:replicator:{password(20)}", "database", ["postgresql"], "pgpass wildcard entry")

    d = doc("home/ops/.config/filezilla/sitemanager.xml")
    d.add('<?xml version="1.0" encoding="UTF-8"?>\n<FileZilla3>\n  <Servers>\n    <Server>')
    d.add("      <Host>ftp.acme-corp.io</Host>\n      <Port>21</Port>\n      <User>webdeploy</User>")
    d.pos(f'      <Pass encoding="base64">{b64(password(14).encode())}</Pass>', "ftp", ["filezilla"],
          "FileZilla saved password")
    d.add("    </Server>\n  </Servers>\n</FileZilla3>")

    d = doc("www/wp-config.php")
    d.add("<?php\ndefine( 'DB_NAME', 'shop' );\ndefine( 'DB_USER', 'shop' );")
    d.pos(f"define( 'DB_PASSWORD', '{password(16)}' );", "database", ["wordpress", "generic"], "WordPress DB password")
    d.add("define( 'DB_HOST', 'db.acme-corp.io' );")
    d.pos(f"define( 'AUTH_KEY', '{r(UP + LO + DG + '!@#%^&*()-_[]{{}}~+=,.;:/?|', 64)}' );", "framework",
          ["wordpress"], "WordPress auth key")
    d.neg("define( 'NONCE_KEY', 'put your unique phrase here' );", "framework", "wp-config-sample placeholder")

    d = doc("db/dump/roles.sql")
    d.pos(f"CREATE ROLE reporting WITH LOGIN PASSWORD 'md5{hexs(32)}';", "database", ["postgresql"], "md5 role verifier")
    d.neg("ALTER ROLE app WITH LOGIN PASSWORD NULL;", "database", "no password")
    d.pos(f"CREATE USER 'shop'@'%' IDENTIFIED WITH 'mysql_native_password' AS '*{r(DG + 'ABCDEF', 40)}';",
          "database", ["mysql"], "mysql_native_password hash")

    # Client files that hold a password for user@host (the structure analyzers
    # report each as an identity; the rules report the value).
    d = doc("home/backup/.my.cnf")
    d.add("[mysqld]\ndatadir=/var/lib/mysql\n\n[client]\nuser = backup_agent")
    d.pos(f'password = "{password(18)}"', "database", ["mysql", "generic"], "my.cnf client password")
    d.add("host = db-primary.acme-corp.io")

    d = doc("home/ops/.msmtprc")
    d.add("defaults\nauth           on\ntls            on\n\naccount        alerts\nhost           smtp.mailgun.org")
    d.add("port           587\nuser           postmaster@mg.acme-corp.io")
    d.pos(f"password       {password(16)}", "email", ["smtp"], "msmtp account password")
    d.add("\naccount        personal\nhost           mail.acme-corp.io\nuser           ops")
    d.neg('passwordeval   "gpg --quiet --decrypt ~/.msmtp-ops.gpg"', "email", "password read from a command")

    d = doc("home/ci/.netrc")
    d.add("machine api.heroku.com\n  login deploy@acme-corp.io")
    d.pos(f"  password {password(20)}", "generic", ["netrc", "heroku", "generic"], "netrc password")
    d.neg("machine ftp.acme-corp.io login anonymous password guest", "generic", "anonymous login")

    d = doc("home/ci/.git-credentials")
    d.pos(f"https://deployer:glpat-{r(URLSAFE, 20)}@gitlab.acme-corp.io", "gitlab", ["gitlab", "http"],
          "git credential store token")

    d = doc("home/ops/.config/rclone/rclone.conf")
    d.add("[backups]\ntype = s3\nprovider = AWS")
    d.pos("access_key_id = AKIA" + r(UP + "234567", 16), "aws", ["aws"], "rclone S3 key id", optional=True)
    d.pos(f"secret_access_key = {r(B64CH, 40)}", "aws", ["aws", "generic"], "rclone S3 secret key")
    d.add("region = eu-west-1\n\n[nas]\ntype = sftp\nhost = nas.acme-corp.lan\nuser = backup")
    d.pos(f"pass = {r(URLSAFE, 32)}", "generic", ["generic"], "rclone obscured password")

    d = doc("home/ops/.s3cfg")
    d.add("[default]")
    d.pos("access_key = AKIA" + r(UP + "234567", 16), "aws", ["aws"], "s3cmd key id", optional=True)
    d.pos(f"secret_key = {r(B64CH, 40)}", "aws", ["aws", "generic"], "s3cmd secret key")
    d.add("host_base = s3.amazonaws.com\nuse_https = True")


def client_app_files():
    """Mail, transfer and database client configs (issue 14): mutt, fetchmail,
    the VS Code SFTP extension, WinSCP."""
    d = doc("home/ops/.muttrc")
    d.add('set from = "ops@acme-corp.io"\nset imap_user = "ops@acme-corp.io"')
    d.pos(f'set imap_pass = "{password(16)}"', "email", ["smtp", "generic"], "mutt IMAP password")
    d.add('set folder = "imaps://imap.acme-corp.io:993/"')
    d.pos(f'set smtp_url = "smtps://ops%40acme-corp.io:{r(ALNUM, 14)}@smtp.acme-corp.io:465/"', "email", ["smtp"],
          "mutt smtp_url with a password")
    d.neg('set smtp_pass = "`pass show mail/smtp`"', "email", "password read from a command")

    d = doc("home/backup/.fetchmailrc")
    d.add("set daemon 300\n\npoll imap.acme-corp.io with proto IMAP")
    d.pos(f"    user 'backup@acme-corp.io' there with password '{password(14)}' is 'backup' here", "email",
          ["fetchmail", "generic"], "fetchmail password")
    d.add("    options keep ssl\n")
    d.neg('poll mail.partner-corp.io protocol imap user "relay" auth kerberos_v5', "email", "entry without password")

    d = doc("shop/.vscode/sftp.json")
    d.add('{\n  "name": "production",\n  "host": "web1.acme-corp.io",\n  "protocol": "sftp",\n  "username": "deploy",')
    d.pos(f'  "password": "{password(14)}",', "ftp", ["sftp", "generic"], "VS Code SFTP password")
    d.add('  "remotePath": "/var/www/shop",\n  "uploadOnSave": true\n}')

    d = doc("ops/windows/WinSCP.ini")
    d.add("[Sessions\\deploy@web1.acme-corp.io]\nHostName=web1.acme-corp.io\nUserName=deploy")
    d.pos(f"Password={r(DG + 'ABCDEF', 50)}", "ftp", ["winscp"], "WinSCP obfuscated session password")
    d.add("\n[Sessions\\readonly@files.acme-corp.io]\nHostName=files.acme-corp.io\nUserName=readonly")


def jenkins_secret_v1(blocks):
    """hudson.util.Secret's stored form: {base64(1, IV length, data length, IV, AES-CBC data)}."""
    data = rbytes(16 * blocks)
    return "{" + b64(bytes([1]) + (16).to_bytes(4, "big") + len(data).to_bytes(4, "big") + rbytes(16) + data) + "}"


def jenkins_secret_bytes(blocks):
    """The credentials plugin's SecretBytes: {base64(8-byte salt, 7, AES-CBC data, 7 bytes of padding)}."""
    return "{" + b64(rbytes(8) + bytes([7]) + rbytes(16 * blocks) + rbytes(7)) + "}"


def jenkins_files():
    """Jenkins credentials in XML (issue 14): the encrypted store of a copied
    JENKINS_HOME, and plain values in XML written for create-credentials-by-xml."""
    d = doc("ci/jenkins_home/credentials.xml")
    d.add("<?xml version='1.1' encoding='UTF-8'?>")
    d.add('<com.cloudbees.plugins.credentials.SystemCredentialsProvider plugin="credentials@1337.v60b_d7b_c7b_c9f">')
    d.add('  <domainCredentialsMap class="hudson.util.CopyOnWriteMap$Hash">\n    <entry>')
    d.add("      <com.cloudbees.plugins.credentials.domains.Domain>\n        <specifications/>")
    d.add("      </com.cloudbees.plugins.credentials.domains.Domain>\n      <java.util.concurrent.CopyOnWriteArrayList>")
    d.add("        <com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>")
    d.add("          <scope>GLOBAL</scope>\n          <id>nexus-deploy</id>")
    d.neg("          <description>Nexus deploy user</description>", "jenkins", "credential description")
    d.add("          <username>ci-publisher</username>")
    d.pos(f"          <password>{jenkins_secret_v1(2)}</password>", "jenkins", ["jenkins"],
          "Jenkins-encrypted password (decryptable with the controller's master key)")
    d.add("          <usernameSecret>false</usernameSecret>")
    d.add("        </com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>")
    d.add('        <org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl plugin="plain-credentials@183.va_de8f1dd5a_2b_">')
    d.add("          <scope>GLOBAL</scope>\n          <id>slack-bot</id>\n          <description>Slack notifications</description>")
    d.pos(f"          <secret>{jenkins_secret_v1(3)}</secret>", "jenkins", ["jenkins"], "Jenkins-encrypted secret text")
    d.add("        </org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>")
    d.add("        <com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey>")
    d.add("          <scope>SYSTEM</scope>\n          <id>agent-ssh</id>\n          <username>jenkins</username>")
    d.add('          <privateKeySource class="com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey$DirectEntryPrivateKeySource">')
    d.pos(f"            <privateKey>{jenkins_secret_v1(104)}</privateKey>", "jenkins", ["jenkins"],
          "Jenkins-encrypted SSH private key")
    d.add("          </privateKeySource>")
    d.pos(f"          <passphrase>{jenkins_secret_v1(2)}</passphrase>", "jenkins", ["jenkins"],
          "Jenkins-encrypted key passphrase")
    d.add("        </com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey>")
    d.add("        <org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl>")
    d.add("          <scope>GLOBAL</scope>\n          <id>prod-kubeconfig</id>")
    d.neg("          <fileName>kubeconfig</fileName>", "jenkins", "file name of a secret file")
    d.pos(f"          <secretBytes>{jenkins_secret_bytes(36)}</secretBytes>", "jenkins", ["jenkins"],
          "Jenkins-encrypted secret file (SecretBytes)")
    d.add("        </org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl>")
    d.add("      </java.util.concurrent.CopyOnWriteArrayList>\n    </entry>\n  </domainCredentialsMap>")
    d.add("</com.cloudbees.plugins.credentials.SystemCredentialsProvider>")

    d = doc("ci/jenkins/credentials/artifactory.xml")
    d.add("<com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>")
    d.add("  <scope>GLOBAL</scope>\n  <id>artifactory-publish</id>\n  <description>Artifactory publisher</description>")
    d.add("  <username>ci-publisher</username>")
    d.pos(f"  <password>{password(18)}</password>", "jenkins", ["jenkins", "generic"],
          "plain password in XML for create-credentials-by-xml")
    d.add("</com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>")

    d = doc("ci/jenkins/credentials/sonar-token.xml")
    d.add("<org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>")
    d.add("  <scope>GLOBAL</scope>\n  <id>sonar-analysis</id>")
    d.pos(f"  <secret>{r(ALNUM, 20)} {r(ALNUM, 8)}</secret>", "jenkins", ["jenkins"],
          "plain secret text with a space, for create-credentials-by-xml")
    d.add("</org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>")
    d.add("<!-- rendered by ansible; the template beside it: -->")
    d.add("<org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>\n  <id>sonar-template</id>")
    d.neg("  <secret>${SONAR_TOKEN}</secret>", "jenkins", "template variable")
    d.neg("  <secret></secret>", "jenkins", "empty secret")
    d.add("</org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>")

    d = doc("ci/jenkins_home/jobs/app/config.xml")
    d.add("<?xml version='1.1' encoding='UTF-8'?>\n<flow-definition plugin=\"workflow-job@1400.v7fd111b_ec82f\">")
    d.add('  <definition class="org.jenkinsci.plugins.workflow.cps.CpsScmFlowDefinition">')
    d.add('    <scm class="hudson.plugins.git.GitSCM">\n      <userRemoteConfigs>\n        <hudson.plugins.git.UserRemoteConfig>')
    d.add("          <url>git@github.com:acme-corp/app.git</url>")
    d.neg("          <credentialsId>agent-ssh</credentialsId>", "jenkins", "a credential named by id")
    d.add("        </hudson.plugins.git.UserRemoteConfig>\n      </userRemoteConfigs>\n    </scm>")
    d.add("  </definition>\n</flow-definition>")


def jcasc_files():
    """Jenkins Configuration as Code (issue 14): credentials.system.domainCredentials
    in a jenkins.yaml, mostly ${VAR} references, some plain and one as a
    configuration export writes it (encrypted)."""
    d = doc("ci/jenkins/casc/jenkins.yaml")
    d.add("jenkins:\n  systemMessage: \"acme-corp CI, configured as code\"\n  numExecutors: 0")
    d.add("  securityRealm:\n    local:\n      allowsSignup: false\n      users:\n        - id: admin")
    d.neg("          password: ${JENKINS_ADMIN_PASSWORD}", "jenkins", "admin password from the environment")
    d.add("\ncredentials:\n  system:\n    domainCredentials:\n      - credentials:")
    d.add("          - usernamePassword:\n              scope: GLOBAL\n              id: artifactory-publish")
    d.add("              username: ci-publisher\n              description: Artifactory publisher")
    phrase = " ".join(R.choice(WORDS).lower() for _ in range(3)) + "~" + r(LO, 5)
    d.pos(f'              password: "{phrase}"', "jenkins", ["jenkins"],
          "plain pass phrase (spaces, no digit) in a JCasC usernamePassword")
    d.add("          - string:\n              scope: GLOBAL\n              id: sonar-analysis")
    d.neg('              secret: "${SONAR_TOKEN}"', "jenkins", "JCasC variable")
    d.add("          - string:\n              scope: GLOBAL\n              id: slack-bot\n              description: Slack notifications")
    d.pos(f'              secret: "{jenkins_secret_v1(3)}"', "jenkins", ["jenkins"],
          "Jenkins-encrypted secret text, as a JCasC export writes it")
    d.add("          - string:\n              scope: GLOBAL\n              id: pagerduty-events")
    d.pos(f"              secret: {r(UP + LO, 24)}", "jenkins", ["jenkins"], "plain secret text without a digit")
    d.add("          - basicSSHUserPrivateKey:\n              scope: SYSTEM\n              id: agent-ssh\n              username: jenkins")
    d.neg("              passphrase: ${SSH_KEY_PASSPHRASE}", "jenkins", "JCasC variable")
    d.add("              privateKeySource:\n                directEntry:\n                  privateKey: |")
    d.pos("\n".join("                    " + line for line in openssh_key().split("\n")), "private-key", ["pem"],
          "OpenSSH key in a JCasC block scalar")
    d.add("          - file:\n              scope: GLOBAL\n              id: prod-kubeconfig")
    d.neg("              fileName: kubeconfig", "jenkins", "file name of a secret file")
    d.neg('              secretBytes: "${readFileBase64:/run/secrets/prod-kubeconfig}"', "jenkins",
          "JCasC file reference")
    d.add("      - domain:\n          name: github.com\n        credentials:\n          - gitHubApp:")
    d.add(f'              id: github-app\n              appID: "{R.randint(100000, 999999)}"\n              owner: acme-corp')
    d.neg('              privateKey: "${decodeBase64:${GITHUB_APP_KEY_B64}}"', "jenkins", "JCasC base64 of a variable")
    d.add("\nunclassified:\n  location:\n    url: https://ci.acme-corp.io/")


def tool_config_files():
    """Package-manager, server, deploy-tool and machine configs (issue 14, second
    round): each credential with the user, host or service it opens."""
    d = doc("home/dev/.m2/settings.xml")
    d.add('<?xml version="1.0" encoding="UTF-8"?>\n<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">\n  <servers>')
    d.add("    <server>\n      <id>nexus-releases</id>\n      <username>deployer</username>")
    d.pos(f"      <password>{password(18)}</password>", "registry", ["maven", "generic"], "Maven server password")
    d.add("    </server>\n    <server>\n      <id>nexus-snapshots</id>\n      <username>${env.NEXUS_USER}</username>")
    d.neg("      <password>${env.NEXUS_PASSWORD}</password>", "registry", "Maven property reference")
    d.add("    </server>\n  </servers>\n</settings>")

    d = doc("src/NuGet.Config")
    d.add('<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>')
    d.add('    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />')
    d.add('    <add key="acme-feed" value="https://pkgs.acme-corp.io/nuget/v3/index.json" />')
    d.add('    <add key="partner" value="https://nuget.partner-corp.io/v3/index.json" />')
    d.add("  </packageSources>\n  <packageSourceCredentials>\n    <acme-feed>")
    d.add('      <add key="Username" value="ci-builder" />')
    d.pos(f'      <add key="ClearTextPassword" value="{password(20)}" />', "registry", ["nuget", "dotnet"],
          "NuGet feed clear-text password")
    d.add("    </acme-feed>\n    <partner>\n      <add key=\"Username\" value=\"acme\" />")
    d.neg('      <add key="ClearTextPassword" value="%PARTNER_FEED_PAT%" />', "registry", "environment variable")
    d.add("    </partner>\n  </packageSourceCredentials>\n</configuration>")

    d = doc("home/dev/.config/composer/auth.json")
    d.add('{\n    "http-basic": {\n        "repo.packagist.com": {')
    d.neg('            "username": "token",', "registry", "http-basic user name")
    d.pos(f'            "password": "{r(ALNUM, 40)}"', "registry", ["composer", "generic"],
          "Composer http-basic password")
    d.add('        }\n    },\n    "bearer": {')
    d.pos(f'        "packages.acme-corp.io": "{r(ALNUM, 32)}"', "registry", ["composer"], "Composer bearer token")
    d.add("    }\n}")

    d = doc("home/dev/.terraformrc")
    d.add('plugin_cache_dir = "$HOME/.terraform.d/plugin-cache"\n\ncredentials "tfe.acme-corp.io" {')
    d.pos(f'  token = "{r(ALNUM, 14)}.atlasv1.{r(ALNUM, 67)}"', "ci", ["terraform"], "Terraform Enterprise token")
    d.add('}\n\ncredentials "registry.acme-corp.io" {')
    d.neg('  token = "${TF_REGISTRY_TOKEN}"', "ci", "template reference")
    d.add("}")

    d = doc("home/dev/.terraform.d/credentials.tfrc.json")
    d.add('{\n  "credentials": {\n    "registry.acme-corp.io": {')
    d.pos(f'      "token": "{r(URLSAFE, 48)}"', "ci", ["terraform"], "terraform login token for a private registry")
    d.add("    }\n  }\n}")

    d = doc("web/.yarnrc.yml")
    d.add('nodeLinker: node-modules\nnpmScopes:\n  acme:\n    npmRegistryServer: "https://npm.acme-corp.io"')
    d.pos(f'    npmAuthIdent: "ci-reader:{password(16)}"', "registry", ["npm"], "Yarn npmAuthIdent user:password")
    d.neg('npmAuthToken: "${NPM_TOKEN}"', "registry", "environment variable")

    d = doc("deploy/tomcat/conf/tomcat-users.xml")
    d.add('<?xml version="1.0" encoding="UTF-8"?>\n<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">')
    d.add('  <role rolename="manager-gui"/>\n  <role rolename="manager-script"/>')
    d.pos(f'  <user username="admin" password="{password(16)}" roles="manager-gui,admin-gui"/>', "generic",
          ["tomcat", "generic"], "Tomcat manager password")
    d.pos(f'  <user username="ci-deploy" password="{password(14)}" roles="manager-script"/>', "generic",
          ["tomcat", "generic"], "Tomcat deploy password")
    d.add("<!--")
    d.neg('  <user username="tomcat" password="<must-be-changed>" roles="tomcat"/>', "generic",
          "the distribution's commented example")
    d.add("-->\n</tomcat-users>")

    d = doc("site/sftp-config.json")
    d.add('{\n    // The tab key will cycle through the settings when first created\n    "type": "sftp",\n')
    d.add('    "save_before_upload": true,\n    "upload_on_save": false,\n    "sync_down_on_open": false,\n')
    d.add('    "host": "web1.acme-corp.io",\n    "user": "deploy",')
    d.pos(f'    "password": "{password(14)}",', "ftp", ["sftp", "generic"], "Sublime SFTP password")
    d.neg('    //"ssh_key_file_password": "password",', "ftp", "commented default")
    d.add('    "remote_path": "/var/www/site/",\n    "connect_timeout": 30,\n}')

    d = doc("deploy/inventory/hosts.ini")
    d.add("[web]")
    d.pos(f"web1.acme-corp.io ansible_host=10.20.0.11 ansible_user=deploy ansible_password={password(16)}", "generic",
          ["ansible", "generic"], "Ansible connection password")
    d.add("web2.acme-corp.io ansible_host=10.20.0.12\n\n[web:vars]\nansible_user=deploy")
    d.pos(f"ansible_become_password={password(14)}", "generic", ["ansible", "generic"], "Ansible become password")
    d.add("\n[db]\ndb1.acme-corp.io\n\n[db:vars]\nansible_user=dbadmin")
    d.neg('ansible_password="{{ vault_db_password }}"', "generic", "Jinja reference to a vaulted variable")

    d = doc("deploy/inventory/host_vars/win1.acme-corp.io.yml")
    d.add("ansible_connection: winrm\nansible_user: Administrator")
    d.pos(f"ansible_password: '{password(18)}'", "generic", ["ansible", "generic"], "Ansible WinRM password")
    d.neg("ansible_become_password: !vault |", "generic", "vault-encrypted value")
    d.add("  $ANSIBLE_VAULT;1.1;AES256\n  " + "\n  ".join(hexs(80) for _ in range(3)))

    d = doc("etc/postfix/sasl_passwd")
    d.neg("# [smtp.example.com]:587 username:password", "email", "format comment")
    d.pos(f"[smtp.acme-corp.io]:587 relay@acme-corp.io:{password(16)}", "email", ["smtp", "generic"],
          "Postfix relay password")

    d = doc("etc/wpa_supplicant/wpa_supplicant.conf")
    d.add("ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev\nupdate_config=1\ncountry=GB\n")
    d.add('network={\n    ssid="acme-office"')
    d.pos(f'    psk="{password(16)}"', "generic", ["wifi"], "WPA passphrase")
    d.add("    key_mgmt=WPA-PSK\n}\n")
    d.add('network={\n    ssid="acme-guest"')
    d.neg("    key_mgmt=NONE", "generic", "open network")
    d.add("}")

    d = doc("etc/NetworkManager/system-connections/warehouse.nmconnection")
    d.add(f"[connection]\nid=warehouse\nuuid={uid()}\ntype=wifi\n\n[wifi]\nmode=infrastructure\nssid=acme-warehouse\n")
    d.add("[wifi-security]\nauth-alg=open\nkey-mgmt=wpa-psk")
    d.pos(f"psk={password(20)}", "generic", ["wifi"], "NetworkManager Wi-Fi PSK")
    d.add("\n[ipv4]\nmethod=auto")

    d = doc("etc/pgbouncer/userlist.txt")
    d.pos(f'"app" "{password(18)}"', "database", ["postgresql"], "PgBouncer plain password")
    d.pos(f'"reporting" "md5{hexs(32)}"', "database", ["postgresql"], "PgBouncer md5 verifier")
    d.neg('"pgbouncer" ""', "database", "user without password")

    d = doc("etc/fstab")
    d.add(f"UUID={uid()}  /  ext4  errors=remount-ro  0  1")
    d.pos(f"//nas.acme-corp.lan/backups  /mnt/backups  cifs  username=backup,password={password(16)},uid=1000,vers=3.0  0  0",
          "generic", ["smb", "generic"], "SMB mount password in fstab")
    d.neg("//nas.acme-corp.lan/media  /mnt/media  cifs  credentials=/etc/samba/media.cred,uid=1000  0  0", "generic",
          "credentials file reference")


def heidisql_encoded(plain):
    """HeidiSQL's stored form: each character's code plus a shift of 1-9 as two hex digits, then the shift."""
    shift = R.randint(1, 9)
    codes = (ord(c) + shift for c in plain)
    return "".join("%02X" % (n - 255 if n > 255 else n) for n in codes) + str(shift)


def remote_access_files():
    """Connection stores of remote-access and database admin tools (issue 14,
    third round): mRemoteNG, HeidiSQL, Remmina, WinSCP in a registry export.
    The encrypted values are random bytes of the length each scheme gives (the
    rules see their layout; the unit tests decrypt real ones)."""
    def mrng(n):  # salt, nonce, n bytes of AES-GCM ciphertext, tag
        return b64(rbytes(32 + n + 16))

    d = doc("ops/windows/mRemoteNG/confCons.xml")
    d.add('<?xml version="1.0" encoding="utf-8"?>')
    d.add('<mrng:Connections xmlns:mrng="http://mremoteng.org" Name="Connections" Export="false" '
          'EncryptionEngine="AES" BlockCipherMode="GCM" KdfIterations="1000" FullFileEncryption="false" '
          f'Protected="{mrng(18)}" ConfVersion="2.6">')
    d.add(f'    <Node Name="Servers" Type="Container" Expanded="true" Descr="" Icon="mRemoteNG" Panel="General" '
          f'Id="{uid()}" Username="" Domain="" Password="" Hostname="" Protocol="RDP" Port="3389">')
    d.pos(f'        <Node Name="dc1" Type="Connection" Descr="" Icon="mRemoteNG" Panel="General" Id="{uid()}" '
          f'Username="Administrator" Domain="ACME" Password="{mrng(16)}" Hostname="dc1.acme-corp.lan" '
          'Protocol="RDP" Port="3389" />', "remote-access", ["mremoteng"], "mRemoteNG RDP password (AES-GCM)")
    d.pos(f'        <Node Name="router" Type="Connection" Descr="core router" Icon="Network" Panel="General" '
          f'Id="{uid()}" Username="netadmin" Domain="" Password="{mrng(12)}" Hostname="10.0.0.1" '
          'Protocol="SSH2" Port="22" />', "remote-access", ["mremoteng"], "mRemoteNG SSH password")
    d.neg(f'        <Node Name="kiosk" Type="Connection" Descr="asks at logon" Icon="mRemoteNG" Panel="General" '
          f'Id="{uid()}" Username="kiosk" Domain="" Password="" Hostname="kiosk.acme-corp.lan" '
          'Protocol="VNC" Port="5900" />', "remote-access", "connection without a saved password")
    d.add("    </Node>\n</mrng:Connections>")

    d = doc("ops/windows/HeidiSQL/portable_settings.txt")
    d.add("Servers\\prod\\orders\\Host<|||>1<|||>db1.acme-corp.lan")
    d.add("Servers\\prod\\orders\\NetType<|||>3<|||>0")
    d.pos(f"Servers\\prod\\orders\\Password<|||>1<|||>{heidisql_encoded(password(14))}", "database",
          ["heidisql"], "HeidiSQL shifted-hex password")
    d.add("Servers\\prod\\orders\\Port<|||>1<|||>3306\nServers\\prod\\orders\\User<|||>1<|||>orders_rw")
    d.add("Servers\\reporting\\Host<|||>1<|||>pg.acme-corp.lan\nServers\\reporting\\NetType<|||>3<|||>8")
    d.neg(f"Servers\\reporting\\Password<|||>1<|||>{R.randint(1, 9)}", "database", "empty password (the shift alone)")
    d.add("Servers\\reporting\\User<|||>1<|||>report")

    d = doc("home/jdoe/.local/share/remmina/group_rdp_office_rdp-acme-corp-lan.remmina")
    d.add("[remmina]\ncolordepth=32\ndomain=ACME\ngateway_password=\ngateway_server=\nname=office")
    d.pos(f"password={b64(rbytes(16))}", "remote-access", ["remmina"], "Remmina 3DES profile password")
    d.add("protocol=RDP\nserver=rdp.acme-corp.lan:3389\nssh_tunnel_enabled=0")
    d.neg("ssh_tunnel_password=.", "remote-access", "password kept in the keyring")
    d.add("username=jdoe")

    d = doc("home/jdoe/.config/remmina/remmina.pref")
    d.add("[remmina_pref]\nsave_view_mode=true\nsave_when_connect=true")
    d.pos(f"secret={b64(rbytes(32))}", "remote-access", ["remmina"], "Remmina profile encryption secret")
    d.add("uid=" + uid())

    d = doc("ops/windows/winscp-sessions.reg")
    d.add("Windows Registry Editor Version 5.00\n")
    d.add("[HKEY_CURRENT_USER\\Software\\Martin Prikryl\\WinSCP 2\\Sessions\\deploy@web1.acme-corp.io]")
    d.add('"Version"=dword:00000002\n"HostName"="web1.acme-corp.io"\n"PortNumber"=dword:00000016\n"UserName"="deploy"')
    d.pos(f'"Password"="A35C{r(DG + "ABCDEF", 56)}"', "ftp", ["winscp"], "WinSCP session password in the registry")
    d.add('"FSProtocol"=dword:00000002\n')
    d.add("[HKEY_CURRENT_USER\\Software\\Martin Prikryl\\WinSCP 2\\Sessions\\readonly@files.acme-corp.io]")
    d.neg('"HostName"="files.acme-corp.io"', "ftp", "session without a saved password")
    d.add('"UserName"="readonly"')


def windows_admin_files():
    """Windows deployment and administration files: an answer file of a Packer
    template, a Group Policy Preferences Groups.xml in a SYSVOL copy, an .rdp
    file, a web.config with a machineKey, a VNC connection file. Hidden answer
    file values are real (base64 of UTF-16LE password + element name); GPP,
    DPAPI and VNC values are random bytes of the length each scheme gives (the
    unit tests decrypt real ones)."""
    def hidden(pw, element):
        return b64((pw + element).encode("utf-16-le"))

    def gpp(n_blocks):
        return b64(rbytes(16 * n_blocks), pad=False)

    d = doc("packer/windows-2022/answer_files/autounattend.xml")
    d.add('<?xml version="1.0" encoding="utf-8"?>\n<unattend xmlns="urn:schemas-microsoft-com:unattend">')
    d.add('  <settings pass="specialize">\n    <component name="Microsoft-Windows-Shell-Setup" '
          'processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">')
    d.add("      <ComputerName>BUILD-W22</ComputerName>\n      <TimeZone>UTC</TimeZone>\n    </component>")
    d.add('    <component name="Microsoft-Windows-UnattendedJoin" processorArchitecture="amd64" '
          'publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">')
    d.add("      <Identification>\n        <Credentials>\n          <Domain>corp.acme-corp.io</Domain>")
    d.pos(f"          <Password>{password(16)}</Password>", "windows", ["windows"], "domain join password (plain)")
    d.add("          <Username>svc_domainjoin</Username>\n        </Credentials>")
    d.add("        <JoinDomain>corp.acme-corp.io</JoinDomain>\n      </Identification>\n    </component>\n  </settings>")
    d.add('  <settings pass="oobeSystem">\n    <component name="Microsoft-Windows-Shell-Setup" '
          'processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">')
    d.add("      <AutoLogon>\n        <Password>")
    d.neg("          <Value>{{ user `winrm_password` }}</Value>", "windows", "Packer template variable")
    d.add("          <PlainText>true</PlainText>\n        </Password>\n        <Enabled>true</Enabled>")
    d.add("        <LogonCount>1</LogonCount>\n        <Username>Administrator</Username>\n      </AutoLogon>")
    d.add("      <UserAccounts>\n        <AdministratorPassword>")
    d.pos(f"          <Value>{hidden(password(14), 'AdministratorPassword')}</Value>", "windows", ["windows"],
          "Administrator password hidden by Windows SIM (PlainText false)")
    d.add("          <PlainText>false</PlainText>\n        </AdministratorPassword>\n        <LocalAccounts>")
    d.add('          <LocalAccount wcm:action="add" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">')
    d.add("            <Password>")
    d.pos(f"              <Value>{password(15)}</Value>", "windows", ["windows"], "local account password (plain)")
    d.add("              <PlainText>true</PlainText>\n            </Password>")
    d.add("            <Group>Administrators</Group>\n            <Name>ops</Name>\n          </LocalAccount>")
    d.add('          <LocalAccount wcm:action="add" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">')
    d.add("            <Password>")
    d.neg("              <Value>vagrant</Value>", "windows", "Vagrant base box's published default password")
    d.add("              <PlainText>true</PlainText>\n            </Password>")
    d.add("            <Group>Administrators</Group>\n            <Name>vagrant</Name>\n          </LocalAccount>")
    d.add('          <LocalAccount wcm:action="add" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">')
    d.add("            <Password>")
    d.neg("              <Value>*SENSITIVE*DATA*DELETED*</Value>", "windows", "what Setup writes after use")
    d.add("              <PlainText>true</PlainText>\n            </Password>")
    d.add("            <Group>Users</Group>\n            <Name>kiosk</Name>\n          </LocalAccount>")
    d.add("        </LocalAccounts>\n      </UserAccounts>\n    </component>\n  </settings>\n</unattend>")

    d = doc("infra/sysvol/corp.acme-corp.io/Policies/{4F1A2B3C-5D6E-4F70-8192-A3B4C5D6E7F8}/Machine/"
            "Preferences/Groups/Groups.xml")
    d.add('<?xml version="1.0" encoding="utf-8"?>')
    d.add('<Groups clsid="{3125E937-EB16-4b4c-9934-544FC6D24D26}">')
    d.add('  <User clsid="{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}" name="Administrator (built-in)" image="2" '
          f'changed="2018-06-11 09:41:02" uid="{{{uid().upper()}}}">')
    d.pos(f'    <Properties action="U" newName="" fullName="" description="" cpassword="{gpp(2)}" changeLogon="0" '
          'noChange="0" neverExpires="1" acctDisabled="0" userName="Administrator (built-in)"/>', "windows",
          ["windows"], "GPP local Administrator cpassword")
    d.add("  </User>")
    d.add('  <User clsid="{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}" name="helpdesk" image="2" '
          f'changed="2018-06-11 09:43:17" uid="{{{uid().upper()}}}">')
    d.neg('    <Properties action="U" newName="" fullName="" description="" cpassword="" changeLogon="0" '
          'noChange="0" neverExpires="0" acctDisabled="1" userName="helpdesk"/>', "windows",
          "empty cpassword (password not set by the policy)")
    d.add("  </User>\n</Groups>")

    d = doc("ops/jump-hosts/dc01.rdp")
    d.add("screen mode id:i:2\nuse multimon:i:0\ndesktopwidth:i:1920\ndesktopheight:i:1080\nsession bpp:i:32")
    d.add("full address:s:dc01.corp.acme-corp.io\nusername:s:ACME\\ops-admin")
    blob = "01000000D08C9DDF0115D1118C7A00C04FC297EB01000000" + rbytes(110).hex().upper()
    d.pos(f"password 51:b:{blob}", "windows", ["rdp"], "Remote Desktop saved password (DPAPI blob)")
    d.add("prompt for credentials:i:0\nauthentication level:i:2\ngatewayusagemethod:i:4")

    d = doc("ops/jump-hosts/web01.rdp")
    d.add("full address:s:web01.corp.acme-corp.io\nusername:s:ACME\\ops-admin")
    d.neg("prompt for credentials:i:1", "windows", ".rdp file without a saved password")

    d = doc("src/Acme.Portal/Web.config")
    d.add('<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <system.web>')
    d.add('    <compilation debug="false" targetFramework="4.8" />\n    <httpRuntime targetFramework="4.8" />')
    d.pos(f'    <machineKey validationKey="{rbytes(64).hex().upper()}"', "windows", ["aspnet"],
          "ASP.NET machineKey validationKey")
    d.pos(f'                decryptionKey="{rbytes(32).hex().upper()}" validation="HMACSHA256" decryption="AES" />',
          "windows", ["aspnet"], "ASP.NET machineKey decryptionKey")
    d.add("  </system.web>\n</configuration>")

    d = doc("src/Acme.Legacy/Web.config")
    d.add('<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <system.web>')
    d.neg('    <machineKey validationKey="AutoGenerate,IsolateApps" decryptionKey="AutoGenerate,IsolateApps" '
          'validation="HMACSHA256" decryption="Auto" />', "windows", "machineKey generated per application")
    d.add("  </system.web>\n</configuration>")

    d = doc("home/jdoe/Documents/lab-ws3.vnc")
    d.add("[Connection]\nHost=10.20.0.15:5901")
    d.pos(f"Password={rbytes(8).hex()}", "windows", ["vnc"], "VNC viewer saved password (DES, fixed key)")
    d.add("[Options]\nUseLocalCursor=1\nFullScreen=0")
def jetty_obf(plain):
    """Jetty's OBF: form (its Password tool): per byte i of n, with b1 = byte i and b2 = byte n-1-i,
    four base-36 digits of (127+b1+b2)*256 + (127+b1-b2) (ASCII bytes)."""
    def b36(n):
        d = ""
        while n:
            d = "0123456789abcdefghijklmnopqrstuvwxyz"[n % 36] + d
            n //= 36
        return d.rjust(4, "0")
    b = plain.encode()
    return "OBF:" + "".join(b36((127 + b[i] + b[-1 - i]) * 256 + (127 + b[i] - b[-1 - i])) for i in range(len(b)))


def java_db_tool_files():
    """Java application servers' user files (Jetty realm.properties, WildFly properties realms)
    and database client tools' connection stores (SQuirreL SQL, Robo 3T, DbVisualizer)."""
    d = doc("opt/jetty-base/etc/realm.properties")
    d.add("#\n# This file defines users passwords and roles for a HashLoginService\n#")
    d.add("# The format is\n#  <username>: <password>[,<rolename> ...]\n#")
    d.pos(f"deployer: {r(ALNUM, 16)}, admin, user", "generic", ["jetty", "generic"], "Jetty realm plain-text password")
    d.pos(f"metrics: MD5:{hexs(32)},user", "generic", ["jetty", "generic"], "Jetty realm MD5 password hash")
    d.pos(f"support: {jetty_obf(r(ALNUM, 14))},user", "generic", ["jetty", "generic"], "Jetty realm OBF: password")
    d.neg(f"# retired: {r(ALNUM, 16)},user", "generic", "commented-out user")
    d.neg("guest: ${JETTY_GUEST_PASSWORD},user", "generic", "template reference")
    d.neg("nobody: ,user", "generic", "empty credential")

    d = doc("opt/jetty-base/start.d/ssl.ini")
    d.add("--module=ssl\njetty.ssl.port=8443\njetty.sslContext.keyStorePath=etc/keystore.p12")
    d.pos(f"jetty.sslContext.keyStorePassword={jetty_obf(r(ALNUM, 12))}", "generic", ["jetty", "generic"],
          "Jetty keystore password in OBF: form")
    d.neg("jetty.sslContext.keyManagerPassword=${env.KEYMANAGER_PASSWORD}", "generic", "property reference")

    d = doc("opt/wildfly/standalone/configuration/mgmt-users.properties")
    d.add("#\n# Properties declaration of users for the realm 'ManagementRealm' which is the default realm")
    d.add("# for new installations.\n#\n# By default the properties realm expects the entries to be in the format: -")
    d.add("# username=HEX( MD5( username ':' realm ':' password))\n#")
    d.add("#$REALM_NAME=ManagementRealm$ This line is used by the add-user utility to identify the realm name "
          "already used in this file.\n#")
    d.neg(f"#admin={hexs(32)}", "generic", "the distribution's commented example user")
    d.pos(f"admin={hexs(32)}", "generic", ["wildfly", "generic"], "WildFly ManagementRealm user hash")
    d.pos(f"ci-deployer={hexs(32)}", "generic", ["wildfly", "generic"], "WildFly ManagementRealm user hash")

    d = doc("opt/wildfly/standalone/configuration/application-roles.properties")
    d.add("#\n# Properties declaration of users roles for the realm 'ApplicationRealm'.\n#")
    d.neg("ejb-client=guest,remoting", "generic", "user roles, not a password")

    d = doc("opt/wildfly/standalone/configuration/build.properties")
    d.neg(f"artifact.checksum={hexs(32)}", "generic", "an MD5 checksum in an ordinary properties file")

    d = doc("home/dev/.squirrel-sql/SQLAliases23.xml")
    d.add('<Beans>\n  <Bean Class="net.sourceforge.squirrel_sql.client.gui.db.SQLAlias">')
    d.add("    <autoLogon>false</autoLogon>\n    <connectAtStartup>false</connectAtStartup>")
    d.add('    <driverIdentifier Class="net.sourceforge.squirrel_sql.fw.id.UidIdentifier"><string>-3</string>'
          "</driverIdentifier>")
    d.add(f'    <identifier Class="net.sourceforge.squirrel_sql.fw.id.UidIdentifier"><string>{uid()}</string>'
          "</identifier>\n    <name>orders prod</name>")
    d.pos(f"    <password>{password(16)}</password>", "database", ["squirrel", "generic"],
          "SQuirreL alias saved password")
    d.add("    <url>jdbc:postgresql://db1.acme-corp.io:5432/orders</url>\n    <userName>orders_rw</userName>")
    d.add('  </Bean>\n  <Bean Class="net.sourceforge.squirrel_sql.client.gui.db.SQLAlias">')
    d.add(f'    <identifier Class="net.sourceforge.squirrel_sql.fw.id.UidIdentifier"><string>{uid()}</string>'
          "</identifier>\n    <name>local h2</name>")
    d.neg("    <password></password>", "database", "alias without a saved password")
    d.add("    <url>jdbc:h2:~/test</url>\n    <userName>sa</userName>\n  </Bean>\n</Beans>")

    d = doc("home/dev/.3T/robo-3t/1.4.4/robo3t.json")
    d.add('{\n    "autoConnectToShell": true,\n    "connections": [\n        {')
    d.add('            "configVersion": 4,\n            "connectionName": "prod",\n            "credentials": [\n'
          "                {")
    d.add('                    "databaseName": "admin",\n                    "enabled": true,')
    d.add('                    "mechanism": "SCRAM-SHA-1",\n                    "userName": "ops",')
    d.pos(f'                    "userPassword": "{password(18)}"', "database", ["mongodb", "generic"],
          "Robo 3T saved MongoDB password")
    d.add("                }\n            ],")
    d.add('            "serverHost": "mongo1.acme-corp.io",\n            "serverPort": 27017,\n            "ssh": {')
    d.add('                "enabled": false,\n                "host": "",\n                "passphrase": "",')
    d.neg('                "userPassword": ""', "database", "SSH tunnel without a saved password")
    d.add("            }\n        }\n    ]\n}")

    d = doc("home/dev/.dbvis/config70/dbvis.xml")
    d.add('<?xml version="1.0" encoding="UTF-8"?>\n<DbVisualizer>\n  <Databases>\n    <Database id="0">')
    d.add("      <Alias>orders-prod</Alias>\n      <Notes/>")
    d.add("      <Url>jdbc:mysql://mysql1.acme-corp.io:3306/orders</Url>\n      <Driver>MySQL</Driver>")
    d.add("      <Userid>orders_rw</Userid>")
    d.pos(f"      <Password>{b64(rbytes(16))}</Password>", "database", ["dbvisualizer", "generic"],
          "DbVisualizer saved (encrypted) password")
    d.add('    </Database>\n    <Database id="1">\n      <Alias>scratch</Alias>\n      <Userid>sa</Userid>')
    d.neg("      <Password></Password>", "database", "connection without a saved password")
    d.add("    </Database>\n  </Databases>\n</DbVisualizer>")

    d = doc("docs/jetty-passwords.md")
    d.add("# Obfuscating a password\n\nThe Password tool prints the obfuscated form and checksums:\n\n```")
    d.neg(f"{jetty_obf('secret')} (3)", "generic", "Jetty's documented example output, not a configured value")
    d.neg(f"MD5:{hexs(32)} (4)", "generic", "a checksum printed by the Password tool")
    d.add("```")
# Cisco type 7 and Junos $9$, written from their published algorithms (the
# unit tests check the library's decoders against encoders of their own).
CISCO_XLAT = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"
JUNOS_FAMILIES = ["QzF3n6/9CAtpu0O", "B1IREhcSyrleKvMW8LXx", "7N-dVbwsY2g4oaJZGUDj", "iHkq.mPf5T"]
JUNOS_ALPHA = "".join(JUNOS_FAMILIES)
JUNOS_WEIGHTS = [[1, 4, 32], [1, 16, 32], [1, 8, 32], [1, 64], [1, 32], [1, 4, 16, 128], [1, 32, 64]]
CRYPT = "./" + DG + UP + LO


def cisco7(plain):
    """Cisco type 7: an offset 0-15, then each character XORed with the fixed string from there, as hex."""
    seed = R.randint(0, 15)
    return "%02d" % seed + "".join("%02X" % (ord(c) ^ ord(CISCO_XLAT[(seed + i) % len(CISCO_XLAT)]))
                                   for i, c in enumerate(plain))


def junos9(plain):
    """Junos $9$: a start character, 3-0 fillers by its family, each byte's digits as steps in the alphabet."""
    start = R.choice(JUNOS_ALPHA)
    fillers = next(3 - i for i, fam in enumerate(JUNOS_FAMILIES) if start in fam)
    out = "$9$" + start + "".join(R.choice(JUNOS_ALPHA) for _ in range(fillers))
    prev = JUNOS_ALPHA.index(start)
    for pos, ch in enumerate(plain):
        weights, value, gaps = JUNOS_WEIGHTS[pos % 7], ord(ch), []
        for w in reversed(weights):
            gaps.insert(0, value // w)
            value %= w
        for gap in gaps:
            prev = (prev + gap + 1) % len(JUNOS_ALPHA)
            out += JUNOS_ALPHA[prev]
    return out


def crypt_hash(ident, salt_len, hash_len):
    return f"${ident}${r(CRYPT, salt_len)}${r(CRYPT, hash_len)}"


def device_pw(n=14):
    """A device password: letters, digits and symbols IOS and Junos take unquoted."""
    while True:
        s = r(ALNUM, n - 2) + r("!#%+-_.@", 2)
        s = "".join(R.sample(s, len(s)))
        if s[0].isalnum() and any(c.isdigit() for c in s) and any(c.isupper() for c in s):
            return s


def network_device_files():
    """Network device configurations: a Cisco IOS-XE running configuration as
    a backup tool saves it, an NX-OS and an ASA one, an Arista EOS switch, a
    Junos firewall in both forms, and the near misses that stand beside them in
    network-automation repositories (Jinja templates, a hardening guide)."""
    d = doc("network/backups/core-sw1-confg")
    d.add("Building configuration...\n\nCurrent configuration : 7342 bytes\n!")
    d.add("! Last configuration change at 10:12:44 UTC Tue Mar 5 2024 by netops\n!")
    d.add("version 17.3\nservice timestamps debug datetime msec\nservice timestamps log datetime msec")
    d.add("service password-encryption\nplatform punt-keepalive disable-kernel-core\n!\nhostname core-sw1\n!")
    d.add("vrf definition Mgmt-vrf\n !\n address-family ipv4\n exit-address-family\n!")
    d.pos(f"enable secret 5 {crypt_hash('1', 4, 22)}", "network", ["cisco"], "IOS enable secret, type 5 (MD5-crypt)")
    d.pos(f"enable password 7 {cisco7(device_pw())}", "network", ["cisco"], "IOS enable password, type 7")
    d.add("!\naaa new-model\n!\naaa group server tacacs+ ISE\n server name ISE-1\n!")
    d.add("aaa authentication login default group ISE local\naaa authorization exec default group ISE local\n!")
    d.pos(f"username admin privilege 15 secret 9 {crypt_hash('9', 14, 43)}", "network", ["cisco"],
          "local user, type 9 (scrypt)")
    d.pos(f"username netops privilege 15 password 7 {cisco7(device_pw())}", "network", ["cisco"],
          "local user, type 7")
    d.pos(f"username backup password 0 {device_pw()}", "network", ["cisco"], "local user in clear text (type 0)")
    d.neg("username oxidized privilege 15 nopassword", "network", "user without a password")
    d.add("!\nkey chain OSPF-KEYS\n key 1")
    d.pos(f"  key-string 7 {cisco7(device_pw(12))}", "network", ["cisco"], "key chain key-string, type 7")
    d.add("!\ninterface GigabitEthernet1/0/1\n description uplink to edge1\n no switchport")
    d.add(" ip address 10.0.0.1 255.255.255.252\n ip ospf authentication message-digest")
    d.pos(f" ip ospf message-digest-key 1 md5 7 {cisco7(device_pw(12))}", "network", ["cisco"],
          "OSPF MD5 key, type 7")
    d.add("!\ninterface Vlan10\n ip address 10.10.0.2 255.255.255.0\n standby 10 ip 10.10.0.1")
    d.pos(f" standby 10 authentication md5 key-string {device_pw(12)}", "network", ["cisco"],
          "HSRP key-string in clear text")
    d.add("!\nrouter bgp 65001\n bgp log-neighbor-changes\n neighbor 10.255.0.2 remote-as 65002")
    d.pos(f" neighbor 10.255.0.2 password 7 {cisco7(device_pw())}", "network", ["cisco"], "BGP neighbor MD5 key, type 7")
    d.add("!\ntacacs server ISE-1\n address ipv4 10.20.0.15")
    d.pos(f" key 7 {cisco7(device_pw())}", "network", ["cisco"], "TACACS+ server key, type 7")
    d.add("!")
    d.pos(f"radius-server host 10.20.0.16 auth-port 1812 acct-port 1813 key {device_pw()}", "network", ["cisco"],
          "RADIUS server key in clear text")
    d.add("!")
    d.pos(f"crypto isakmp key {device_pw()} address 203.0.113.5", "network", ["cisco"], "IPsec pre-shared key")
    d.neg(f"crypto isakmp key 6 {r(ALNUM + '[]^_`', 40)}AAB address 198.51.100.9", "network",
          "type 6 (AES under the device's master key): not reversible from the file")
    d.add("!\nip ssh version 2\nip scp server enable\n!")
    d.pos(f"snmp-server community {device_pw(12)} RO SNMP-RO", "network", ["cisco"], "SNMP read-only community")
    d.pos(f"snmp-server community {device_pw(12)} RW 99", "network", ["cisco"], "SNMP read-write community")
    d.neg("snmp-server community public RO", "network", "the default community: a finding of the analyzer")
    d.neg("snmp-server location DC1 row 4", "network", "SNMP location")
    d.add("snmp-server host 10.20.0.30 version 3 priv netmon\n!")
    d.pos(f"ntp authentication-key 1 md5 {cisco7(device_pw(10))} 7", "network", ["cisco"], "NTP key, type 7")
    d.add("ntp authenticate\nntp trusted-key 1\nntp server 10.20.0.1 key 1\n!")
    d.add("line con 0\n exec-timeout 5 0")
    d.pos(f" password 7 {cisco7(device_pw())}", "network", ["cisco"], "console line password, type 7")
    d.add(" login\nline vty 0 4\n access-class MGMT in\n exec-timeout 10 0")
    d.pos(f" password {device_pw()}", "network", ["cisco"], "VTY line password in clear text")
    d.add(" login local\n transport input ssh\nline vty 5 15")
    d.neg(" transport input none", "network", "line without a password")
    d.add("!\nend")

    d = doc("network/backups/n9k-leaf1.txt")
    d.add("!Command: show running-config\n!Running configuration last done at: Tue Mar  5 10:12:44 2024\n")
    d.add("version 9.3(10) Bios:version 05.47\nhostname n9k-leaf1\nfeature tacacs+\nfeature bgp\n")
    d.pos(f"username admin password 5 {crypt_hash('5', 10, 43)}  role network-admin", "network", ["cisco"],
          "NX-OS user, SHA-256-crypt")
    d.pos(f'tacacs-server host 10.20.0.15 key 7 "{r(LO, 5)}{r(UP + LO + DG, 7)}"', "network", ["cisco"],
          "NX-OS type 7 TACACS+ key")
    d.pos(f"snmp-server user admin network-admin auth md5 0x{hexs(32)} priv 0x{hexs(32)} localizedkey", "network",
          ["cisco"], "NX-OS SNMPv3 localized keys (both reported on the line)")
    d.pos(f"snmp-server community {device_pw(12)} group network-operator", "network", ["cisco"],
          "NX-OS SNMP community")
    d.add("\ninterface mgmt0\n  vrf member management\n  ip address 10.0.0.11/24")

    d = doc("network/backups/asa-fw1.cfg")
    d.add(": Saved\n:\n: Serial Number: FCH2043X1KL\n: Hardware:   ASA5516, 8192 MB RAM\n:\nASA Version 9.8(4)\n!")
    d.add("hostname asa-fw1")
    d.pos(f"enable password {r(CRYPT, 16)} encrypted", "network", ["cisco"], "ASA enable password hash")
    d.add("names\n!\ninterface GigabitEthernet1/1\n nameif outside\n security-level 0\n!")
    d.pos(f"username vpnadmin password {r(CRYPT, 16)} encrypted privilege 15", "network", ["cisco"],
          "ASA user, MD5 form")
    d.pos(f"username admin password $sha512$5000${b64(rbytes(16))}${b64(rbytes(16))} pbkdf2 privilege 15", "network",
          ["cisco"], "ASA user, PBKDF2-SHA-512")
    d.add("tunnel-group 198.51.100.7 type ipsec-l2l\ntunnel-group 198.51.100.7 ipsec-attributes")
    d.pos(f" ikev1 pre-shared-key {device_pw()}", "network", ["cisco"], "ASA tunnel-group pre-shared key")
    d.neg(" ikev2 remote-authentication pre-shared-key *****", "network", "masked in show running-config")

    d = doc("network/backups/leaf2.cfg")
    d.add("! Command: show running-config\n! device: leaf2 (DCS-7050SX3-48YC8, EOS-4.28.3M)\n!")
    d.add("transceiver qsfp default-mode 4x10G\n!\nhostname leaf2\n!")
    d.pos(f"username admin privilege 15 role network-admin secret sha512 {crypt_hash('6', 16, 86)}", "network",
          ["arista"], "EOS user, SHA-512-crypt")
    d.pos(f"username automation privilege 15 secret 0 {device_pw()}", "network", ["cisco", "arista"],
          "EOS user in clear text")
    d.add("!\ninterface Ethernet1\n   description spine1\n!\nend")

    d = doc("network/junos/fw1.conf")
    d.add("## Last commit: 2024-03-05 10:12:44 UTC by netops\nversion 21.4R3.15;\nsystem {\n    host-name fw1;")
    d.add("    root-authentication {")
    d.pos(f'        encrypted-password "{crypt_hash("6", 16, 86)}"; ## SECRET-DATA', "network", ["juniper"],
          "Junos root password hash")
    d.add("    }\n    login {\n        user netops {\n            uid 2001;\n            class super-user;")
    d.add("            authentication {")
    d.pos(f'                encrypted-password "{crypt_hash("1", 8, 22)}"; ## SECRET-DATA', "network",
          ["juniper"], "Junos user password hash (MD5-crypt)")
    d.neg(f'                ssh-rsa "{ssh_rsa_pub("netops@jump1")}"; ## SECRET-DATA', "network",
          "SSH public key of the user")
    d.add("            }\n        }\n    }\n    radius-server {")
    d.pos(f'        10.20.0.16 secret "{junos9(device_pw())}"; ## SECRET-DATA', "network", ["juniper"],
          "RADIUS secret, $9$")
    d.add("    }\n    services {\n        ssh {\n            root-login deny;\n        }\n    }\n}")
    d.add('snmp {\n    location "DC1 row 4";')
    d.pos(f"    community {device_pw(12)} {{", "network", ["juniper"], "Junos SNMP read-write community")
    d.add("        authorization read-write;\n    }")
    d.neg("    community public {", "network", "the default community")
    d.add("        authorization read-only;\n    }\n}\nprotocols {\n    bgp {\n        group TRANSIT {")
    d.add("            neighbor 10.255.0.2 {")
    d.pos(f'                authentication-key "{junos9(device_pw())}"; ## SECRET-DATA', "network", ["juniper"],
          "BGP authentication key, $9$")
    d.add("            }\n        }\n    }\n}\nsecurity {\n    ike {\n        policy IKE-POL {\n            mode main;")
    d.pos(f'            pre-shared-key ascii-text "{junos9(device_pw())}"; ## SECRET-DATA', "network",
          ["juniper"], "IKE pre-shared key, $9$")
    d.add("        }\n    }\n}\npolicy-options {")
    d.neg("    community TRANSIT-IN members 65001:100;", "network", "a BGP community, not SNMP")
    d.add("}")

    d = doc("network/junos/srx2.set")
    d.add("set version 21.4R3.15\nset system host-name srx2")
    d.pos(f'set system root-authentication encrypted-password "{crypt_hash("6", 16, 86)}"', "network", ["juniper"],
          "Junos root password hash, set form")
    d.add("set system login user ops class operator")
    d.pos(f'set system tacplus-server 10.20.0.17 secret "{junos9(device_pw())}"', "network", ["juniper"],
          "TACACS+ secret, $9$, set form")
    d.pos(f"set snmp community {device_pw(12)} authorization read-only", "network", ["juniper"],
          "SNMP community, set form")
    d.neg("set snmp community public authorization read-only", "network", "the default community")
    d.neg("set policy-options community TRANSIT-IN members 65001:100", "network", "a BGP community")
    d.add("set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/24")

    d = doc("network/ansible/roles/ios_base/templates/base.cfg.j2")
    d.add("hostname {{ inventory_hostname }}\n!")
    d.neg("enable secret {{ enable_secret }}", "network", "Jinja template")
    d.neg("username {{ item.name }} privilege 15 secret {{ item.secret }}", "network", "Jinja template")
    d.neg("snmp-server community {{ snmp_ro_community }} RO", "network", "Jinja template")
    d.neg("tacacs-server host {{ tacacs_host }} key {{ tacacs_key }}", "network", "Jinja template")
    d.neg('set system radius-server {{ radius_host }} secret "{{ radius_secret }}"', "network", "Jinja template")

    d = doc("network/docs/ios-hardening.md")
    d.add("# Hardening IOS devices\n\nNever keep `enable password` in a configuration: type 7 is reversible.")
    d.neg("Replace `enable password 7 <hash>` with `enable secret 9 <hash>`.", "network", "prose with placeholders")
    d.add("\n```")
    d.neg("enable secret <PASSWORD>", "network", "argument name")
    d.neg("username NAME privilege 15 secret WORD", "network", "argument names as the command reference prints them")
    d.neg("snmp-server community WORD RO", "network", "argument name")
    d.neg("tacacs-server key 7 $KEY", "network", "a variable")
    d.add("```\n\nThe default communities public and private must be removed:")
    d.neg("snmp-server community private RW", "network", "the default community in a guide")


def network_device_files_2():
    """More network device configurations: a MikroTik RouterOS export with
    show-sensitive and a provisioning script, a FortiGate configuration backup,
    VyOS configurations in both forms, and their near misses (a RouterOS export
    without show-sensitive, variables, templates)."""
    def ros_pw(n=14):
        return device_pw(n).replace("#", "x")

    d = doc("network/mikrotik/core-rtr1.rsc")
    d.add("# 2024-03-05 10:12:44 by RouterOS 7.14.1\n# software id = 8KQ2-XN4P\n#\n# model = RB4011iGS+")
    d.add("/interface bridge\nadd name=bridge-lan\n/interface wireless security-profiles")
    d.add("set [ find default=yes ] supplicant-identity=MikroTik")
    d.add("add authentication-types=wpa2-psk mode=dynamic-keys name=office \\")
    d.pos(f"    supplicant-identity=MikroTik wpa2-pre-shared-key={ros_pw(16)}", "network", ["mikrotik"],
          "RouterOS wireless security profile PSK, on a continued line")
    d.add("/interface wifi security")
    d.pos(f'add authentication-types=wpa2-psk,wpa3-psk name=sec-guest passphrase="{ros_pw(16)}"', "network",
          ["mikrotik"], "RouterOS 7 wifi passphrase, quoted")
    d.add("/ip ipsec peer\nadd address=203.0.113.5/32 exchange-mode=ike2 name=branch1\n/ip ipsec identity")
    d.pos(f"add peer=branch1 secret={ros_pw()}", "network", ["mikrotik"], "RouterOS IPsec identity PSK")
    d.neg("add auth-method=digital-signature certificate=r1 peer=legacy", "network", "certificate identity, no secret")
    d.add("/ppp secret")
    d.pos(f"add name=vpn-branch1 password={ros_pw()} profile=default-encryption service=l2tp", "network",
          ["mikrotik"], "RouterOS PPP secret")
    d.neg("add name=templated password=$vpnPass service=l2tp", "network", "a script variable")
    d.add("/radius")
    d.pos(f"add address=10.20.0.16 secret={ros_pw()} service=login,ppp", "network", ["mikrotik"],
          "RouterOS RADIUS secret")
    d.add("/snmp community\nset [ find default=yes ] disabled=yes")
    d.pos(f"add addresses=10.0.0.0/8 name={ros_pw(12)} write-access=yes", "network", ["mikrotik"],
          "RouterOS SNMP community with write access")
    d.add("/system identity")
    d.neg("set name=core-rtr1", "network", "the router's name, not a community")

    d = doc("network/mikrotik/export-hidden.rsc")
    d.add("# 2024-03-05 10:14:02 by RouterOS 7.14.1\n# software id = 8KQ2-XN4P\n/interface wireless security-profiles")
    d.neg("add authentication-types=wpa2-psk mode=dynamic-keys name=office supplicant-identity=MikroTik",
          "network", "export without show-sensitive: the key is left out")
    d.add("/ppp secret")
    d.neg("add name=vpn-branch1 profile=default-encryption service=l2tp", "network", "secret left out of the export")

    d = doc("network/mikrotik/provision.rsc")
    d.add(":local adminPass \"$1\"\n/ip service set telnet disabled=yes")
    d.pos(f"/user add name=netops password={ros_pw()} group=full", "network", ["mikrotik"],
          "RouterOS user password in a provisioning script")
    d.neg("/user set admin password=$adminPass", "network", "a script variable")

    d = doc("network/fortigate/FGT60F_7-2_1517_202403051012.conf")
    d.add("#config-version=FGT60F-7.2.5-FW-build1517-230606:opmode=0:vdom=0:user=admin\n#buildno=1517")
    d.add('config system global\n    set admintimeout 30\n    set hostname "fgt-hq"\nend')
    d.add('config system admin\n    edit "admin"\n        set accprofile "super_admin"\n        set vdom "root"')
    d.pos(f"        set password ENC SH2{b64(rbytes(44))}", "network", ["fortinet"], "FortiOS admin hash (SH2)")
    d.add("    next\nend\nconfig user local\n    edit \"vpnuser\"\n        set type password")
    d.pos(f"        set passwd ENC {fortios_enc()}", "network", ["fortinet"], "FortiOS local user, ENC (fixed key)")
    d.add("    next\nend\nconfig vpn ipsec phase1-interface\n    edit \"to-branch1\"\n        set interface \"wan1\"")
    d.add("        set remote-gw 203.0.113.5")
    d.pos(f"        set psksecret ENC {fortios_enc()}", "network", ["fortinet"], "FortiOS IPsec PSK, ENC")
    d.add("    next\nend\nconfig user tacacs+\n    edit \"ISE\"\n        set server \"10.20.0.15\"")
    d.pos(f"        set key ENC {fortios_enc()}", "network", ["fortinet"], "FortiOS TACACS+ key, ENC")
    d.add("    next\nend\nconfig system snmp community\n    edit 1")
    d.pos(f'        set name "{device_pw(12)}"', "network", ["fortinet"], "FortiOS SNMP community")
    d.add("        config hosts\n            edit 1\n                set ip 10.0.0.5 255.255.255.255\n            next")
    d.add("        end\n    next\nend")

    d = doc("network/fortigate/branch-onboarding.txt")
    d.add('config system admin\n    edit "netops"\n        set accprofile "super_admin"')
    d.pos(f"        set password {device_pw()}", "network", ["fortinet"], "FortiOS admin password in a CLI script")
    d.add("    next\nend\nconfig vpn ipsec phase1-interface\n    edit \"to-hq\"\n        set remote-gw 198.51.100.7")
    d.pos(f"        set psksecret {device_pw()}", "network", ["fortinet"], "FortiOS IPsec PSK in a CLI script")
    d.add("    next\nend\nconfig user local\n    edit \"lab\"")
    d.neg("        set passwd {{ lab_password }}", "network", "template")
    d.add("    next\nend")

    d = doc("network/vyos/config.boot")
    d.add("interfaces {\n    ethernet eth0 {\n        address 203.0.113.2/24\n    }\n    wireguard wg0 {")
    d.add("        address 10.8.0.1/24\n        peer branch1 {\n            allowed-ips 10.8.0.2/32")
    d.pos(f"            preshared-key {b64(rbytes(32))}", "network", ["vyos"], "VyOS WireGuard peer pre-shared key")
    d.add("        }")
    d.pos(f"        private-key {b64(rbytes(32))}", "network", ["vyos"], "VyOS WireGuard private key")
    d.add("    }\n}\nsystem {\n    host-name edge-vyos1\n    login {\n        user vyos {\n            authentication {")
    d.pos(f"                encrypted-password {crypt_hash('6', 16, 86)}", "network", ["vyos", "juniper"],
          "VyOS login hash (the Junos statement)")
    d.neg('                plaintext-password ""', "network", "emptied by commit")
    d.add("            }\n        }\n        user ops {\n            authentication {")
    d.pos(f"                plaintext-password {device_pw()}", "network", ["vyos"], "VyOS login password before commit")
    d.add("            }\n        }\n    }\n}\nvpn {\n    ipsec {\n        site-to-site {\n            peer 198.51.100.7 {")
    d.add("                authentication {")
    d.neg("                    mode pre-shared-secret", "network", "the mode, not the secret")
    d.pos(f"                    pre-shared-secret {device_pw()}", "network", ["vyos"], "VyOS IPsec PSK")
    d.add("                }\n            }\n        }\n    }\n}")
    d.add('// Warning: Do not remove the following line.\n// vyos-config-version: "bgp@3:ipsec@9:system@21"')

    d = doc("network/vyos/edge-vyos2.conf")
    d.add("set interfaces ethernet eth0 address '203.0.113.2/24'\nset system host-name 'edge-vyos2'")
    d.pos(f"set system login radius server 10.20.0.16 key '{device_pw()}'", "network", ["vyos"], "VyOS RADIUS key")
    d.pos(f"set vpn ipsec authentication psk branch1 secret '{device_pw()}'", "network", ["vyos"],
          "VyOS 1.4 IPsec PSK")
    d.pos(f"set service snmp community {device_pw(12)} authorization 'ro'", "network", ["vyos"],
          "VyOS SNMP community")
    d.neg("set service snmp community public authorization 'ro'", "network", "the default community")
    d.neg("set system login user vyos authentication plaintext-password '{{ vyos_password }}'", "network", "template")


def network_device_files_3():
    """Network device configurations, round 3: an HPE ProCurve / ArubaOS-Switch
    configuration with include-credentials, an Aruba AOS-CX one, an NX-OS
    switch's SNMPv3 users, and their near misses (templates, the default
    community)."""
    def aoscx_ciphertext():
        return b64(b"\x01\x00\x5a\xa5" + rbytes(44))

    d = doc("network/aruba/sw-access3.cfg")
    d.add("; J9850A Configuration Editor; Created on release #KB.16.10.0009")
    d.add("; Ver #14:01.4f.f8.1d.9b.3f.bf.bb.ef.7c.59.fc.6b.fb.9f.fc.ff.ff.37.ef:05")
    d.add('hostname "sw-access3"\nmodule A type j9993a\ninclude-credentials')
    d.pos(f'radius-server host 10.20.0.16 key "{device_pw()}"', "network", ["aruba"], "ProCurve RADIUS key, quoted")
    d.pos(f'tacacs-server host 10.20.0.15 key "{device_pw()}"', "network", ["aruba"], "ProCurve TACACS+ key")
    d.neg('snmp-server community "public" unrestricted', "network", "the factory default: a finding of the analyzer")
    d.pos(f'snmp-server community "{device_pw(12)}" manager unrestricted', "network", ["aruba"],
          "ProCurve read-write community")
    d.add('vlan 1\n   name "DEFAULT_VLAN"\n   untagged A1-A24\n   ip address dhcp-bootp\n   exit')
    d.add("aaa authentication ssh login tacacs local")
    d.pos(f'password manager user-name "netadmin" sha1 "{hexs(40)}"', "network", ["aruba"],
          "ProCurve manager password, unsalted SHA-1")
    d.pos(f'password operator user-name "monitor" plaintext "{device_pw()}"', "network", ["aruba"],
          "ProCurve operator password in clear text")

    d = doc("network/aruba/sw-access4-encrypted.cfg")
    d.add("; J9729A Configuration Editor; Created on release #WC.16.11.0002")
    d.add('hostname "sw-access4"\nencrypt-credentials\ninclude-credentials')
    d.pos(f'radius-server host 10.20.0.16 encrypted-key "{aoscx_ciphertext()}"', "network", ["aruba"],
          "ArubaOS-Switch encrypted-key, fingerprinted as stored")
    d.neg('password manager user-name "admin" sha1 "<hash>"', "network", "placeholder")

    d = doc("network/aruba/cx-core1.cfg")
    d.add("Current configuration:\n!\n!Version ArubaOS-CX FL.10.10.1020\n!export-password: default")
    d.add("hostname cx-core1")
    d.pos(f"user admin group administrators password ciphertext {aoscx_ciphertext()}", "network", ["aruba"],
          "AOS-CX user password, ciphertext")
    d.add("ntp server pool.ntp.org minpoll 4 maxpoll 4 iburst")
    d.pos(f"radius-server host 10.20.0.16 key ciphertext {aoscx_ciphertext()} vrf mgmt", "network", ["aruba"],
          "AOS-CX RADIUS key, ciphertext")
    d.pos(f"tacacs-server host 10.20.0.15 key plaintext {device_pw()} vrf mgmt", "network", ["aruba"],
          "AOS-CX TACACS+ key in clear text")
    d.add("ssh server vrf mgmt")
    d.pos(f"snmpv3 user monitor auth sha auth-pass ciphertext {aoscx_ciphertext()} priv aes priv-pass ciphertext "
          f"{aoscx_ciphertext()}", "network", ["aruba"], "AOS-CX SNMPv3 passphrases, ciphertext")
    d.add("vlan 1,10\ninterface 1/1/1\n    no shutdown\n    vlan access 10")

    d = doc("network/aruba/templates/cx-base.cfg")
    d.add("hostname {{ inventory_hostname }}")
    d.neg("user admin group administrators password plaintext {{ admin_password }}", "network", "template")
    d.neg('radius-server host 10.20.0.16 key plaintext <key> vrf mgmt', "network", "placeholder")

    d = doc("network/backups/n9k-spine1.txt")
    d.add("!Command: show running-config\nversion 9.3(10) Bios:version 05.47\nhostname n9k-spine1\nfeature tacacs+")
    d.pos(f"snmp-server user monitor network-operator auth sha {device_pw()} priv aes-128 {device_pw()}", "network",
          ["cisco"], "NX-OS SNMPv3 passphrases in clear text (a template's output)")
    d.neg("snmp-server user tmpl network-operator auth sha <passphrase> priv aes-128 <passphrase>", "network",
          "placeholders")
    d.add("interface mgmt0\n  vrf member management")

    def vrp_cipher():
        return "%^%#" + r(ALNUM + "!&()*+,-./:;=?@[]^_|~", 40) + "%^%#"

    d = doc("network/huawei/HW-CORE1.cfg")
    d.add("!Software Version V200R019C10SPC500\n#\n sysname HW-CORE1\n#\naaa")
    d.pos(f" local-user admin password irreversible-cipher $1a${r(CRYPT, 16)}${r(CRYPT, 40)}$", "network",
          ["huawei"], "VRP local user, irreversible-cipher hash")
    d.add(" local-user admin privilege level 15\n local-user admin service-type ssh terminal")
    d.pos(f" local-user netops password cipher {vrp_cipher()}", "network", ["huawei"],
          "VRP local user, cipher (fingerprinted as stored)")
    d.add("#\nradius-server template RAD")
    d.pos(f" radius-server shared-key cipher {vrp_cipher()}", "network", ["huawei"], "VRP RADIUS template key")
    d.add(" radius-server authentication 10.20.0.16 1812 weight 80\n#\nike peer BRANCH1")
    d.pos(f" pre-shared-key cipher {vrp_cipher()}", "network", ["huawei"], "VRP IKE peer pre-shared key")
    d.add(" remote-address 203.0.113.5\n#\nsnmp-agent")
    d.pos(f"snmp-agent community write simple {device_pw(12)}", "network", ["huawei"],
          "VRP write community in clear text")
    d.neg("snmp-agent community read public", "network", "the default community: a finding of the analyzer")
    d.add("#\nuser-interface vty 0 4\n authentication-mode password")
    d.pos(f" set authentication password cipher {vrp_cipher()}", "network", ["huawei"], "VRP VTY password, cipher")
    d.add("#\nreturn")

    d = doc("network/huawei/h3c-sw1.cfg")
    d.add("#\n version 7.1.070, Release 6555P01\n#\n sysname H3C-SW1\n#\nradius scheme RAD")
    d.add(" primary authentication 10.20.0.16")
    d.pos(f" key authentication cipher $c$3${b64(rbytes(30))}", "network", ["huawei"], "Comware RADIUS key, cipher")
    d.add("#\nlocal-user admin class manage")
    d.pos(f" password hash $h$6${b64(rbytes(12))}${b64(rbytes(64))}", "network", ["huawei"],
          "Comware local user, hash")
    d.add(" authorization-attribute user-role network-admin\n#\nlocal-user ops class manage")
    d.pos(f" password simple {device_pw()}", "network", ["huawei"], "Comware local user in clear text")
    d.neg(" password simple {{ ops_password }}", "network", "template")
    d.add("#\nreturn")

    def panos_enc():
        return "-AQ==" + b64(rbytes(32))

    d = doc("network/paloalto/running-config.xml")
    d.add('<?xml version="1.0"?>\n<config version="10.1.0" urldb="paloaltonetworks" detail-version="10.1.3">')
    d.add('  <mgt-config>\n    <users>\n      <entry name="admin">')
    d.pos(f"        <phash>$5${r(CRYPT, 16)}${r(CRYPT, 43)}</phash>", "network", ["paloalto"],
          "PAN-OS administrator phash (SHA-256-crypt)")
    d.add("        <permissions>\n          <role-based>\n            <superuser>yes</superuser>")
    d.add("          </role-based>\n        </permissions>\n      </entry>\n    </users>\n  </mgt-config>")
    d.add('  <shared>\n    <server-profile>\n      <radius>\n        <entry name="RAD">\n          <server>')
    d.add('            <entry name="nps1">\n              <ip-address>10.20.0.16</ip-address>')
    d.pos(f"              <secret>{panos_enc()}</secret>", "network", ["paloalto"],
          "PAN-OS RADIUS secret, -AQ== (master key)")
    d.add("            </entry>\n          </server>\n        </entry>\n      </radius>\n    </server-profile>\n  </shared>")
    d.add('  <devices>\n    <entry name="localhost.localdomain">\n      <network>\n        <ike>\n          <gateway>')
    d.add('            <entry name="GW-BRANCH1">\n              <authentication>\n                <pre-shared-key>')
    d.pos(f"                  <key>{panos_enc()}</key>", "network", ["paloalto"], "PAN-OS IKE gateway PSK, -AQ==")
    d.add("                </pre-shared-key>\n              </authentication>\n            </entry>")
    d.add("          </gateway>\n        </ike>\n      </network>")
    d.add("      <deviceconfig>\n        <system>\n          <hostname>PA-FW1</hostname>")
    d.add("          <snmp-setting><access-setting><version><v2c>")
    d.pos(f"            <snmp-community-string>{device_pw(12)}</snmp-community-string>", "network",
          ["paloalto"], "PAN-OS SNMP community in clear text")
    d.add("          </v2c></version></access-setting></snmp-setting>")
    d.neg("          <api-key-lifetime>0</api-key-lifetime>", "network", "a setting, no key")
    d.add("        </system>\n      </deviceconfig>\n    </entry>\n  </devices>\n</config>")

    d = doc("network/paloalto/bootstrap-set.txt")
    d.pos(f"set network ike gateway GW-BRANCH2 authentication pre-shared-key key {panos_enc()}", "network",
          ["paloalto"], "PAN-OS set form, IKE PSK -AQ==")
    d.pos(f"set mgt-config users ops phash $1${r(CRYPT, 8)}${r(CRYPT, 22)}", "network", ["paloalto"],
          "PAN-OS set form, phash (MD5-crypt)")


def fortios_enc():
    """A FortiOS ENC value: base64 of an IV and whole blocks (not starting like a hash scheme)."""
    while True:
        v = b64(rbytes(4 + 16 * R.randint(3, 8)))
        if v[:2] not in ("SH", "AK", "PB"):
            return v


def web_app_files():
    """Settings files of web applications and CMSs (patterns/config-webapps.yaml)."""
    d = doc("www/joomla/configuration.php")
    d.add("<?php\nclass JConfig {\n\tpublic $offline = false;\n\tpublic $sitename = 'Acme Intranet';")
    d.add("\tpublic $dbtype = 'mysqli';\n\tpublic $host = 'db.acme-corp.io';\n\tpublic $user = 'joomla_app';")
    d.pos(f"\tpublic $password = '{password(16)}';", "database", ["joomla"], "Joomla DB password")
    d.add("\tpublic $db = 'joomla_prod';\n\tpublic $dbprefix = 'jos_';")
    d.pos(f"\tpublic $secret = '{r(ALNUM, 16)}';", "framework", ["joomla"], "Joomla site secret")
    d.add("\tpublic $mailer = 'smtp';\n\tpublic $smtpauth = true;\n\tpublic $smtpuser = 'noreply@acme-corp.io';")
    d.pos(f"\tpublic $smtppass = '{password(14)}';", "email", ["joomla"], "Joomla SMTP password")
    d.add("\tpublic $smtphost = 'smtp.acme-corp.io';\n\tpublic $ftp_host = '127.0.0.1';\n\tpublic $ftp_user = '';")
    d.neg("\tpublic $ftp_pass = '';", "database", "FTP layer off: empty")
    d.add("}")

    d = doc("www/drupal/web/sites/default/settings.php")
    d.add("<?php\n/**\n * Database settings:\n *\n *   $databases['default']['default'] = [")
    d.add(" *     'database' => 'databasename',\n *     'username' => 'sqlusername',")
    d.neg(" *     'password' => 'sqlpassword',", "database", "the documented example in a comment")
    d.add(" *   ];\n */\n$databases = [];\n$databases['default']['default'] = [")
    d.add("  'database' => 'drupal_prod',\n  'username' => 'drupal',")
    d.pos(f"  'password' => '{password(18)}',", "database", ["drupal"], "Drupal DB password")
    d.add("  'prefix' => '',\n  'host' => 'mysql.acme-corp.io',\n  'port' => '3306',\n  'driver' => 'mysql',\n];")
    d.pos(f"$settings['hash_salt'] = '{r(URLSAFE, 43)}';", "framework", ["drupal"], "Drupal hash salt")
    d.add("$settings['config_sync_directory'] = '../config/sync';")

    d = doc("www/drupal7/sites/default/settings.php")
    d.add("<?php\n$databases = array (\n  'default' =>\n  array (\n    'default' =>\n    array (")
    d.add("      'database' => 'd7',\n      'username' => 'd7user',")
    d.pos(f"      'password' => '{password(16)}',", "database", ["drupal"], "Drupal 7 DB password, array() form")
    d.add("      'host' => 'localhost',\n      'port' => '',\n      'driver' => 'mysql',\n      'prefix' => '',\n    ),\n  ),\n);")
    d.pos(f"$drupal_hash_salt = '{r(URLSAFE, 43)}';", "framework", ["drupal"], "Drupal 7 hash salt")
    d.neg("$conf['cron_key'] = '';", "framework", "empty setting")

    d = doc("www/shop/app/etc/env.php")
    d.add("<?php\nreturn [\n    'backend' => [\n        'frontName' => 'admin_q8z'\n    ],\n    'crypt' => [")
    d.pos(f"        'key' => '{hexs(32)}'", "framework", ["magento"], "Magento 2 crypt key")
    d.add("    ],\n    'db' => [\n        'table_prefix' => '',\n        'connection' => [\n            'default' => [")
    d.add("                'host' => 'db.shop.acme-corp.io',\n                'dbname' => 'magento',")
    d.add("                'username' => 'magento',")
    d.pos(f"                'password' => '{password(16)}',", "database", ["magento"], "Magento 2 DB password")
    d.add("                'model' => 'mysql4',\n                'active' => '1'\n            ]\n        ]\n    ],")
    d.add("    'MAGE_MODE' => 'production',\n];")

    d = doc("www/shop1/app/etc/local.xml")
    d.add('<?xml version="1.0"?>\n<config>\n    <global>\n        <crypt>')
    d.pos(f"            <key><![CDATA[{hexs(32)}]]></key>", "framework", ["magento"], "Magento 1 crypt key")
    d.add("        </crypt>\n        <resources>\n            <default_setup>\n                <connection>")
    d.add("                    <host><![CDATA[localhost]]></host>\n                    <username><![CDATA[mage]]></username>")
    d.pos(f"                    <password><![CDATA[{password(14)}]]></password>", "database", ["magento"],
          "Magento 1 DB password")
    d.add("                    <dbname><![CDATA[magento1]]></dbname>\n                </connection>")
    d.add("            </default_setup>\n        </resources>\n    </global>\n</config>")

    d = doc("etc/phpmyadmin/config.inc.php")
    d.add("<?php")
    d.pos(f"$cfg['blowfish_secret'] = '{r(ALNUM, 32)}';", "framework", ["phpmyadmin"], "phpMyAdmin blowfish secret")
    d.add("$i = 0;\n$i++;\n$cfg['Servers'][$i]['auth_type'] = 'config';\n$cfg['Servers'][$i]['host'] = 'db1.acme-corp.io';")
    d.add("$cfg['Servers'][$i]['user'] = 'root';")
    d.pos(f"$cfg['Servers'][$i]['password'] = '{password(14)}';", "database", ["phpmyadmin"],
          "phpMyAdmin server password")
    d.add("$cfg['Servers'][$i]['controluser'] = 'pma';")
    d.pos(f"$cfg['Servers'][$i]['controlpass'] = '{password(14)}';", "database", ["phpmyadmin"],
          "phpMyAdmin control user password")
    d.neg("// $cfg['Servers'][$i]['controlpass'] = 'pmapass';", "database", "the sample's commented default")

    d = doc("www/wiki/LocalSettings.php")
    d.add('<?php\n$wgSitename = "AcmeWiki";\n$wgDBtype = "mysql";\n$wgDBserver = "wikidb.acme-corp.io";')
    d.add('$wgDBname = "wikidb";\n$wgDBuser = "wikiuser";')
    d.pos(f'$wgDBpassword = "{password(16)}";', "database", ["mediawiki"], "MediaWiki DB password")
    d.pos(f'$wgSecretKey = "{hexs(64)}";', "framework", ["mediawiki"], "MediaWiki secret key")
    d.pos(f'$wgUpgradeKey = "{hexs(16)}";', "framework", ["mediawiki"], "MediaWiki upgrade key")
    d.add("$wgSMTP = [\n    'host' => 'ssl://smtp.acme-corp.io',\n    'port' => 465,\n    'auth' => true,")
    d.add("    'username' => 'wiki@acme-corp.io',")
    d.pos(f"    'password' => '{password(14)}'", "email", ["mediawiki"], "MediaWiki SMTP password")
    d.add("];")

    d = doc("var/www/nextcloud/config/config.php")
    d.add("<?php\n$CONFIG = array (")
    d.neg(f"  'instanceid' => 'oc{r(LO + DG, 10)}',", "framework", "the instance id is no secret")
    d.pos(f"  'passwordsalt' => '{r(ALNUM, 30)}',", "framework", ["nextcloud"], "Nextcloud password salt")
    d.pos(f"  'secret' => '{r(ALNUM + '+/', 48)}',", "framework", ["nextcloud"], "Nextcloud secret")
    d.add("  'trusted_domains' =>\n  array (\n    0 => 'cloud.acme-corp.io',\n  ),")
    d.add("  'dbtype' => 'mysql',\n  'dbname' => 'nextcloud',\n  'dbhost' => 'localhost',\n  'dbuser' => 'oc_admin',")
    d.pos(f"  'dbpassword' => '{password(16)}',", "database", ["nextcloud"], "Nextcloud DB password")
    d.add("  'mail_smtpname' => 'cloud@acme-corp.io',")
    d.pos(f"  'mail_smtppassword' => '{password(14)}',", "email", ["nextcloud"], "Nextcloud SMTP password")
    d.add("  'installed' => true,\n);")

    d = doc("var/www/nextcloud-docker/config/config.php")
    d.add("<?php\n$CONFIG = array (")
    d.neg("  'passwordsalt' => '',", "framework", "blank before installation")
    d.neg("  'dbpassword' => getenv('MYSQL_PASSWORD'),", "database", "from the environment")
    d.add(");")

    d = doc("srv/gitea/custom/conf/app.ini")
    d.add("APP_NAME = Acme Git\nRUN_MODE = prod\n\n[database]\nDB_TYPE  = postgres\nHOST     = pg.acme-corp.io:5432")
    d.add("NAME     = gitea\nUSER     = gitea")
    d.pos(f"PASSWD   = {password(16)}", "database", ["gitea"], "Gitea DB password")
    d.add("\n[server]\nDOMAIN           = git.acme-corp.io\nLFS_START_SERVER = true")
    d.pos(f"LFS_JWT_SECRET   = {r(URLSAFE, 43)}", "framework", ["gitea"], "Gitea LFS JWT secret")
    d.add("\n[mailer]\nENABLED = true\nSMTP_ADDR = smtp.acme-corp.io\nUSER = git@acme-corp.io")
    d.pos(f"PASSWD = `{password(14)}`", "email", ["gitea"], "Gitea mailer password in backticks")
    d.add("\n[security]\nINSTALL_LOCK   = true")
    d.pos(f"SECRET_KEY     = {r(ALNUM, 64)}", "framework", ["gitea"], "Gitea secret key")
    d.neg("INTERNAL_TOKEN_URI = file:/etc/gitea/internal_token", "framework", "token kept in a file")
    d.add("\n[oauth2]")
    d.pos(f"JWT_SECRET = {r(URLSAFE, 43)}", "framework", ["gitea"], "Gitea OAuth2 JWT secret")

    d = doc("ops/gitlab/config/gitlab.rb")
    d.add("external_url 'https://gitlab.acme-corp.io'")
    d.pos(f"gitlab_rails['initial_root_password'] = '{password(16)}'", "database", ["gitlab"], "GitLab initial root password")
    d.add("gitlab_rails['db_host'] = 'pg.acme-corp.io'")
    d.pos(f"gitlab_rails['db_password'] = \"{password(18)}\"", "database", ["gitlab"], "GitLab external DB password")
    d.add("gitlab_rails['smtp_enable'] = true\ngitlab_rails['smtp_address'] = 'smtp.acme-corp.io'")
    d.add("gitlab_rails['smtp_user_name'] = 'gitlab@acme-corp.io'")
    d.pos(f"gitlab_rails['smtp_password'] = '{password(14)}'", "email", ["gitlab"], "GitLab SMTP password")
    d.neg("# gitlab_rails['smtp_password'] = 'password'", "email", "the template's commented default")
    d.pos(f"gitlab_rails['initial_shared_runners_registration_token'] = '{r(ALNUM, 20)}'", "ci", ["gitlab"],
          "GitLab initial runner registration token")

    d = doc("ops/gitlab/config/gitlab-secrets.json")
    d.add('{\n  "gitlab_rails": {')
    d.pos(f'    "secret_key_base": "{hexs(128)}",', "framework", ["gitlab"], "GitLab secret_key_base")
    d.pos(f'    "db_key_base": "{hexs(128)}",', "framework", ["gitlab"], "GitLab db_key_base")
    d.pos(f'    "otp_key_base": "{hexs(128)}"', "framework", ["gitlab"], "GitLab otp_key_base")
    d.add("  }\n}")

def web_app_files_2():
    """More self-hosted application settings (patterns/config-webapps-2.yaml): TYPO3,
    Grafana, Zabbix, Roundcube."""
    d = doc("var/www/typo3/typo3conf/LocalConfiguration.php")
    d.add("<?php\nreturn [\n    'BE' => [\n        'debug' => false,")
    d.pos(f"        'installToolPassword' => '$argon2i$v=19$m=65536,t=16,p=1${r(ALNUM, 22)}${r(ALNUM, 43)}',",
          "framework", ["typo3"], "TYPO3 Install Tool password hash")
    d.add("    ],\n    'DB' => [\n        'Connections' => [\n            'Default' => [")
    d.add("                'charset' => 'utf8mb4',\n                'dbname' => 'typo3',\n                'driver' => 'mysqli',")
    d.add("                'host' => 'db.acme-corp.io',")
    d.pos(f"                'password' => '{password(16)}',", "database", ["typo3"], "TYPO3 DB password")
    d.add("                'port' => 3306,\n                'user' => 'typo3',\n            ],\n        ],\n    ],")
    d.add("    'MAIL' => [\n        'transport' => 'smtp',")
    d.pos(f"        'transport_smtp_password' => '{password(14)}',", "email", ["typo3"], "TYPO3 SMTP password")
    d.add("        'transport_smtp_server' => 'smtp.acme-corp.io:587',\n        'transport_smtp_username' => 'web@acme-corp.io',")
    d.add("    ],\n    'SYS' => [")
    d.pos(f"        'encryptionKey' => '{hexs(96)}',", "framework", ["typo3"], "TYPO3 encryption key")
    d.add("        'sitename' => 'Acme',\n    ],\n];")

    d = doc("var/www/typo3/typo3conf/AdditionalConfiguration.php")
    d.add("<?php")
    d.neg("$GLOBALS['TYPO3_CONF_VARS']['DB']['Connections']['Default']['password'] = getenv('TYPO3_DB_PASSWORD');",
          "database", "from the environment")

    d = doc("etc/grafana/grafana.ini")
    d.add("[server]\nroot_url = https://grafana.acme-corp.io/\n\n[database]\ntype = postgres")
    d.add("host = pg.acme-corp.io:5432\nname = grafana\nuser = grafana")
    d.pos(f"password = {password(16)}", "database", ["grafana"], "Grafana DB password")
    d.add("\n[security]\nadmin_user = admin")
    d.pos(f"admin_password = {password(16)}", "framework", ["grafana"], "Grafana admin password")
    d.pos(f"secret_key = K{r(ALNUM, 31)}", "framework", ["grafana"], "Grafana secret key")
    d.add("\n[auth.generic_oauth]\nenabled = true\nclient_id = grafana")
    d.pos(f"client_secret = {r(ALNUM, 32)}", "framework", ["grafana"], "Grafana OAuth client secret")
    d.neg(";client_secret = some_secret", "framework", "commented sample")

    d = doc("ops/grafana/provisioning/datasources/warehouse.yaml")
    d.add("apiVersion: 1\ndatasources:\n  - name: Warehouse\n    type: postgres\n    url: pg.acme-corp.io:5432")
    d.add("    user: grafana_ro\n    jsonData:\n      database: warehouse\n    secureJsonData:")
    d.pos(f"      password: '{password(18)}'", "database", ["grafana"], "Grafana datasource password")
    d.add("  - name: Metrics\n    type: prometheus\n    url: http://prometheus:9090\n    basicAuth: true")
    d.add("    basicAuthUser: grafana\n    secureJsonData:")
    d.neg("      basicAuthPassword: $PROMETHEUS_PASSWORD", "database", "from the environment")

    d = doc("etc/zabbix/zabbix_server.conf")
    d.add("LogFile=/var/log/zabbix/zabbix_server.log\nDBHost=localhost\nDBName=zabbix\nDBUser=zabbix")
    d.neg("# DBPassword=", "database", "the template's commented setting")
    d.pos(f"DBPassword={password(16)}", "database", ["zabbix"], "Zabbix server DB password")

    d = doc("usr/share/zabbix/conf/zabbix.conf.php")
    d.add("<?php\n$DB['TYPE']     = 'MYSQL';\n$DB['SERVER']   = 'localhost';\n$DB['PORT']     = '0';")
    d.add("$DB['DATABASE'] = 'zabbix';\n$DB['USER']     = 'zabbix';")
    d.pos(f"$DB['PASSWORD'] = '{password(16)}';", "database", ["zabbix"], "Zabbix frontend DB password")
    d.add("$ZBX_SERVER_NAME = 'Acme monitoring';")

    d = doc("var/www/roundcube/config/config.inc.php")
    d.add("<?php\n$config = [];")
    d.pos(f"$config['db_dsnw'] = 'mysql://roundcube:{password(16)}@localhost/roundcubemail';", "database", ["mysql"],
          "Roundcube database URL")
    d.add("$config['imap_host'] = 'ssl://imap.acme-corp.io:993';\n$config['smtp_host'] = 'tls://smtp.acme-corp.io:587';")
    d.neg("$config['smtp_user'] = '%u';\n$config['smtp_pass'] = '%p';", "email", "the signed-in user's own login",
          offset=1)
    d.pos(f"$config['des_key'] = 'K{r(ALNUM, 23)}';", "framework", ["roundcube"], "Roundcube DES key")

    d = doc("var/www/moodle/config.php")
    d.add("<?php\nunset($CFG);\nglobal $CFG;\n$CFG = new stdClass();\n$CFG->dbtype    = 'pgsql';")
    d.add("$CFG->dbhost    = 'pg.acme-corp.io';\n$CFG->dbname    = 'moodle';\n$CFG->dbuser    = 'moodleuser';")
    d.pos(f"$CFG->dbpass    = '{password(16)}';", "database", ["moodle"], "Moodle DB password")
    d.add("$CFG->wwwroot   = 'https://learn.acme-corp.io';\nrequire_once(__DIR__ . '/lib/setup.php');")

    d = doc("var/www/forum/config.php")
    d.add("<?php\n$dbms = 'phpbb\\\\db\\\\driver\\\\mysqli';\n$dbhost = 'localhost';\n$dbport = '';")
    d.add("$dbname = 'phpbb';\n$dbuser = 'phpbb';")
    d.pos(f"$dbpasswd = '{password(16)}';", "database", ["phpbb"], "phpBB DB password")
    d.add("$table_prefix = 'phpbb_';")

    d = doc("var/www/prestashop/app/config/parameters.php")
    d.add("<?php return array (\n  'parameters' =>\n  array (\n    'database_host' => '127.0.0.1',")
    d.add("    'database_name' => 'prestashop',\n    'database_user' => 'ps_user',")
    d.pos(f"    'database_password' => '{password(16)}',", "database", ["prestashop"], "PrestaShop DB password")
    d.pos(f"    'secret' => '{r(ALNUM, 56)}',", "framework", ["prestashop"], "PrestaShop secret")
    d.pos(f"    'cookie_key' => '{r(ALNUM, 56)}',", "framework", ["prestashop"], "PrestaShop cookie key")
    d.neg("    'cookie_iv' => '',", "framework", "empty setting")
    d.add("  ),\n);")

    d = doc("usr/local/nagios/etc/resource.cfg")
    d.add("# Sets $USER1$ to be the path to the plugins")
    d.neg("$USER1$=/usr/local/nagios/libexec", "database", "the plugins' path")
    d.add("# Store the database password of check_mysql_health here")
    d.pos(f"$USER3$={password(16)}", "database", ["nagios"], "Nagios resource macro password")


def system_service_files():
    """Unix system-service configuration (issue 14, patterns/config-unix.yaml): PPP and
    IPsec secrets, smbpasswd, OpenLDAP, LDAP clients, hostapd, Jupyter."""
    d = doc("etc/ppp/chap-secrets")
    d.add("# Secrets for authentication using CHAP\n# client\tserver\tsecret\t\t\tIP addresses")
    d.pos(f'"acme-dsl@isp-net.example"\t*\t"{password(16)}"\t*', "network", ["ppp"], "PPP CHAP secret")
    d.pos(f"vpnuser\tpptpd\t{password(14)}\t10.8.0.10", "network", ["ppp"], "PPTP user secret")
    d.neg("fromfile\t*\t@/etc/ppp/fromfile.secret\t*", "network", "secret read from a file")

    d = doc("etc/ipsec.secrets")
    d.add("# ipsec.secrets - strongSwan IPsec secrets file")
    d.neg(": RSA moonKey.pem", "network", "names a key file")
    d.pos(f'10.0.1.1 203.0.113.7 : PSK "{password(20)}"', "network", ["ipsec"], "site-to-site PSK")
    d.pos(f'carol : XAUTH "{password(14)}"', "network", ["ipsec"], "XAUTH user password")
    d.neg(': PSK "${IPSEC_PSK}"', "network", "template")

    d = doc("var/lib/samba/private/smbpasswd")
    d.pos(f"backup:1001:{'X' * 32}:{r('0123456789ABCDEF', 32)}:[U          ]:LCT-{r('0123456789ABCDEF', 8)}:",
          "hash", ["samba"], "smbpasswd NT hash (pass-the-hash)")
    d.neg(f"guest:1003:NO PASSWORD{'X' * 21}:NO PASSWORD{'X' * 21}:[NU         ]:LCT-{r('0123456789ABCDEF', 8)}:",
          "hash", "no password")

    d = doc("etc/openldap/slapd.conf")
    d.add("include\t\t/etc/openldap/schema/core.schema\n\ndatabase\tmdb\nsuffix\t\t\"dc=acme-corp,dc=io\"")
    d.add('rootdn\t\t"cn=Manager,dc=acme-corp,dc=io"')
    d.pos(f"rootpw\t\t{password(16)}", "database", ["ldap"], "slapd.conf plain rootpw")
    d.add('directory\t/var/lib/ldap\n\ndatabase\tmdb\nsuffix\t\t"dc=lab,dc=io"\nrootdn\t\t"cn=admin,dc=lab,dc=io"')
    d.pos("rootpw\t\t{SSHA}" + base64.b64encode(bytes(R.getrandbits(8) for _ in range(24))).decode(), "hash",
          ["ldap"], "slapd.conf SSHA rootpw")

    d = doc("etc/openldap/slapd.d/cn=config/olcDatabase={1}mdb.ldif")
    d.add("dn: olcDatabase={1}mdb\nobjectClass: olcDatabaseConfig\nobjectClass: olcMdbConfig\nolcDatabase: {1}mdb")
    d.add("olcSuffix: dc=acme-corp,dc=io\nolcRootDN: cn=admin,dc=acme-corp,dc=io")
    d.pos("olcRootPW:: " + base64.b64encode(password(15).encode()).decode(), "database", ["ldap"],
          "olcRootPW base64 of a plain password")

    d = doc("etc/nslcd.conf")
    d.add("uid nslcd\ngid nslcd\nuri ldaps://ldap.acme-corp.io/\nbase dc=acme-corp,dc=io")
    d.add("binddn cn=nslcd,ou=services,dc=acme-corp,dc=io")
    d.pos(f"bindpw {password(16)}", "database", ["ldap"], "nslcd bind password")

    d = doc("etc/sssd/sssd.conf")
    d.add("[sssd]\nservices = nss, pam\ndomains = acme-corp.io\n\n[domain/acme-corp.io]\nid_provider = ldap")
    d.add("ldap_uri = ldap://dc1.acme-corp.io\nldap_default_bind_dn = cn=sssd,ou=services,dc=acme-corp,dc=io")
    d.neg("ldap_default_authtok_type = password", "database", "the type, not the token")
    d.pos(f"ldap_default_authtok = {password(18)}", "database", ["ldap"], "SSSD bind password")

    d = doc("etc/hostapd/hostapd.conf")
    d.add("interface=wlan0\ndriver=nl80211\nssid=acme-lab\nhw_mode=g\nchannel=6\nwpa=2\nwpa_key_mgmt=WPA-PSK")
    d.neg("#wpa_passphrase=secret passphrase", "generic", "commented default")
    d.pos(f"wpa_passphrase={password(16)}", "generic", ["wifi"], "hostapd WPA passphrase")
    d.pos(f"sae_password={password(14)}|id=guests", "generic", ["wifi"], "hostapd SAE password")

    d = doc("home/ds/.jupyter/jupyter_notebook_config.py")
    d.add("# Configuration file for jupyter-notebook.\nc = get_config()  # noqa\nc.NotebookApp.ip = '0.0.0.0'")
    d.pos(f"c.NotebookApp.password = u'sha1:{hexs(12)}:{hexs(40)}'", "hash", ["jupyter"], "Jupyter sha1 password hash")
    d.pos(f"c.ServerApp.token = '{hexs(48)}'", "generic", ["jupyter"], "Jupyter fixed token")
    d.neg("c.NotebookApp.token = ''", "generic", "token disabled")

    d = doc("etc/consul.d/consul.hcl")
    d.add('datacenter = "dc-east"\ndata_dir = "/opt/consul"\nserver = true')
    d.pos('encrypt = "' + base64.b64encode(bytes(R.getrandbits(8) for _ in range(32))).decode() + '"', "generic",
          ["consul"], "Consul gossip encryption key")
    d.add("acl {\n  enabled = true\n  default_policy = \"deny\"\n  tokens {")
    d.pos(f'    initial_management = "{uuid.UUID(int=R.getrandbits(128), version=4)}"', "generic", ["consul"],
          "Consul bootstrap (initial management) ACL token")
    d.neg('    agent = "${CONSUL_AGENT_TOKEN}"', "generic", "template")
    d.add("  }\n}")

    d = doc("etc/swanctl/swanctl.conf")
    d.add("connections {\n  rw {\n    local_addrs = 192.0.2.1\n    remote_addrs = %any\n  }\n}\nsecrets {")
    d.add("  ike-moon {\n    id = moon.acme-corp.io")
    d.pos("    secret = 0s" + base64.b64encode(bytes(R.getrandbits(8) for _ in range(32))).decode(), "network",
          ["ipsec"], "swanctl ike PSK")
    d.add("  }\n  eap-carol {\n    id = carol")
    d.pos(f'    secret = "{password(16)}"', "network", ["ipsec"], "swanctl EAP password")
    d.add("  }\n}")

    d = doc("home/jdoe/vpn/acme-office.ovpn")
    d.add("client\ndev tun\nproto udp\nremote vpn.acme-corp.io 1194\nnobind\npersist-key\npersist-tun")
    d.add("<auth-user-pass>\njdoe")
    d.pos(password(16), "network", ["openvpn"], "OpenVPN inline auth-user-pass password")
    d.add("</auth-user-pass>\nkey-direction 1\n<tls-crypt>\n#\n# 2048 bit OpenVPN static key\n#")
    d.add("-----BEGIN OpenVPN Static key V1-----")
    d.pos("\n".join(hexs(32) for _ in range(16)), "private-key", ["openvpn"], "OpenVPN tls-crypt static key")
    d.add("-----END OpenVPN Static key V1-----\n</tls-crypt>")


def client_app_files_2():
    """Credential stores of desktop and administration tools (round 3,
    patterns/config-clients-2.yaml): a Subversion auth cache, Pidgin's
    accounts.xml, a Navicat export and registry keys, MobaXterm.ini, SecureCRT
    sessions. Navicat's, MobaXterm's and SecureCRT's encrypted values are random of the length and alphabet each
    scheme gives (the unit tests decrypt real Navicat and SecureCRT ones)."""
    def svn(key, value):
        return f"K {len(key)}\n{key}\nV {len(value)}"

    realm = "<https://svn.acme-corp.io:443> Acme Corp Subversion"
    d = doc("home/ci/.subversion/auth/svn.simple/" + hashlib.md5(realm.encode()).hexdigest())
    d.add(svn("passtype", "simple") + "\nsimple")
    pw = password(16)
    d.add(svn("password", pw))
    d.pos(pw, "remote-access", ["subversion"], "Subversion password cached in plain text")
    d.add(svn("svn:realmstring", realm) + "\n" + realm)
    d.add(svn("username", "ci-build") + "\nci-build\nEND")

    realm = "<svn://svn.acme-corp.io:3690> legacy"
    d = doc("home/ci/.subversion/auth/svn.simple/" + hashlib.md5(realm.encode()).hexdigest())
    d.add(svn("passtype", "wincrypt") + "\nwincrypt")
    blob = b64(rbytes(170))
    d.add(svn("password", blob))
    d.neg(blob, "remote-access", "Subversion password encrypted with Windows DPAPI (wincrypt)")
    d.add(svn("svn:realmstring", realm) + "\n" + realm)
    d.add(svn("username", "ACME\\builder") + "\nACME\\builder\nEND")

    d = doc("home/ops/.purple/accounts.xml")
    d.add("<?xml version='1.0' encoding='UTF-8' ?>\n\n<account version='1.0'>")
    d.add("\t<account>\n\t\t<protocol>prpl-jabber</protocol>\n\t\t<name>alerts-bot@chat.acme-corp.io/Pidgin</name>")
    d.pos(f"\t\t<password>{password(18)}</password>", "remote-access", ["pidgin"], "Pidgin XMPP account password")
    d.add("\t\t<alias>Alerts</alias>\n\t\t<settings>")
    d.add("\t\t\t<setting name='connect_server' type='string'>xmpp.acme-corp.io</setting>\n\t\t</settings>")
    d.add("\t</account>\n\t<account>\n\t\t<protocol>prpl-irc</protocol>")
    d.neg("\t\t<name>jdoe@irc.libera.chat</name>", "remote-access", "account without a remembered password")
    d.add("\t</account>\n</account>")

    def navicat_hex(n):
        return r("0123456789ABCDEF", 32 * n)

    d = doc("ops/navicat/connections.ncx")
    d.add('<?xml version="1.0" encoding="UTF-8"?>\n<Connections Ver="1.5">')
    d.pos('\t<Connection ConnectionName="orders-prod" ConnType="MYSQL" ServiceProvider="Default" '
          f'Host="db1.acme-corp.io" Port="3306" UserName="orders_rw" Password="{navicat_hex(1)}" '
          'SavePassword="true" SSL="false"/>', "database", ["navicat"], "Navicat MySQL password (AES)")
    d.pos('\t<Connection ConnectionName="warehouse" ConnType="POSTGRESQL" ServiceProvider="Default" '
          'Host="10.8.0.21" Port="5432" Database="dwh" UserName="etl" Password="" SavePassword="false" '
          'SSH="true" SSH_Host="bastion.acme-corp.io" SSH_Port="22" SSH_UserName="ops" SSH_AuthenMethod="PASSWORD" '
          f'SSH_Password="{navicat_hex(2)}" SSH_SavePassword="true"/>', "remote-access", ["navicat"],
          "Navicat SSH tunnel password")
    d.neg('\t<Connection ConnectionName="local" ConnType="SQLITE" DatabaseFileName="C:\\data\\cache.db" '
          'UserName="" Password="" SavePassword="true"/>', "database", "SQLite connection without a password")
    d.add("</Connections>")

    d = doc("ops/navicat/navicat-servers.reg")
    d.add("Windows Registry Editor Version 5.00\n")
    d.add("[HKEY_CURRENT_USER\\Software\\PremiumSoft\\NavicatMSSQL\\Servers\\erp]")
    d.add('"Host"="mssql.acme-corp.io"\n"Port"=dword:00000599\n"UserName"="erp_app"')
    d.pos(f'"Pwd"="{r("0123456789ABCDEF", 2 * 14)}"', "database", ["navicat"], "Navicat server password in the registry")
    d.add("")
    d.add("[HKEY_CURRENT_USER\\Software\\PremiumSoft\\NavicatMSSQL\\Servers\\readonly]")
    d.add('"Host"="mssql.acme-corp.io"\n"UserName"="report"')
    d.neg('"Pwd"=""', "database", "server without a saved password")

    d = doc("ops/tools/MobaXterm/MobaXterm.ini")
    d.add("[Bookmarks]\nSubRep=\nImgNum=42")
    d.neg("web01 (deploy)=#109#0%web01.acme-corp.io%22%deploy%%-1%-1%%%22%%0%0%0%%%-1%0%0%0%%1080%%0%0%1#"
          "MobaFont%10%0%0%-1%15%236,236,236%30,30,30%180,180,192%0%-1%0%%xterm%-1%0%_Std_Colors_0_%80%24%0%1%-1%"
          "<none>%%0%0%-1#0# #-1", "remote-access", "session bookmark (no password in it)")
    d.add("\n[Passwords]")
    d.pos(f"ssh22:deploy@web01.acme-corp.io={r(B64CH, 46)}", "remote-access", ["mobaxterm"],
          "MobaXterm stored SSH password")
    d.pos(f"rdp3389:Administrator@10.8.0.5={r(B64CH, 38)}", "remote-access", ["mobaxterm"],
          "MobaXterm stored RDP password")
    d.neg("ssh22:guest@web02.acme-corp.io=", "remote-access", "entry without a password")
    d.add("\n[Credentials]")
    d.pos(f"domain-admin=ACME\\Administrator:{r(B64CH, 44)}", "remote-access", ["mobaxterm"],
          "MobaXterm stored credential")
    d.add("\n[Misc]\nPasswordsInRegistry=0\nMasterPasswordHash=")

    d = doc("ops/tools/MobaXterm/mobaxterm-user.reg")
    d.add("Windows Registry Editor Version 5.00\n")
    d.add("[HKEY_CURRENT_USER\\Software\\Mobatek\\MobaXterm]")
    d.neg(f'"SessionP"="{digits(10)}"', "remote-access", "MobaXterm's session seed (no password)")
    d.add("\n[HKEY_CURRENT_USER\\Software\\Mobatek\\MobaXterm\\P]")
    d.pos(f'"ssh22:backup@nas01.acme-corp.io"="{r(B64CH, 42)}"', "remote-access", ["mobaxterm"],
          "MobaXterm stored password in the registry")
    d.add("\n[HKEY_CURRENT_USER\\Software\\Mobatek\\MobaXterm\\C]")
    d.pos(f'"lab-root"="root:{r(B64CH, 40)}"', "remote-access", ["mobaxterm"],
          "MobaXterm stored credential in the registry")

    d = doc("ops/VanDyke/Config/Sessions/core-sw1.acme-corp.io.ini")
    d.add('S:"Username"=netops\nS:"Password"=')
    d.pos(f'S:"Password V2"=02:{hexs(96)}', "remote-access", ["securecrt"], "SecureCRT session password (V2)")
    d.add('S:"Hostname"=core-sw1.acme-corp.io\nS:"Protocol Name"=SSH2\nD:"[SSH2] Port"=00000016')
    d.add('S:"Firewall Name"=None\nD:"Session Password Saved"=00000001')

    d = doc("ops/VanDyke/Config/Sessions/lab/console.ini")
    d.add('S:"Username"=admin')
    d.neg('S:"Password V2"=', "remote-access", "session without a saved password")
    d.add('S:"Hostname"=10.9.0.1\nS:"Protocol Name"=Telnet')


B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def otp_seed_files():
    """One-time-password seeds of test accounts and bots, and what names a
    secret without being one (seed 49-51 triage)."""
    d = doc("mobile/e2e/data.js")
    d.add("const data = {")
    d.add("  server: 'https://chat-qa.acme-corp.io',")
    d.add("  users: {")
    d.add("    regular: {")
    d.add("      username: 'e2e-regular',")
    d.pos(f"      totpSecret: '{r(B32, 32)}',", "otp", ["otp"], "TOTP seed of an e2e test account")
    d.add("    },")
    d.add("  },")
    d.add("};")
    d.add("module.exports = data;")

    d = doc("ops/bots/enroll-2fa.sh")
    d.add("#!/bin/sh")
    d.add("# The release bot's authenticator entry (scan it into the shared phone).")
    d.pos(f"URI='otpauth://totp/ACME%20Release:release-bot@acme-corp.io?secret={r(B32, 26)}&issuer=ACME%20Release'",
          "otp", ["otp"], "TOTP seed in an otpauth URI")
    d.add('qrencode -t ansiutf8 "$URI"')
    d.neg("# Format: otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
          "otp", "the Key URI format's own example seed")

    d = doc("helm/airflow/values-prod.yaml")
    d.add("externalDatabase:")
    d.add("  type: mysql")
    d.add("  host: mysql.data.svc.cluster.local")
    d.neg('  userSecret: "airflow-cluster1-mysql-credentials"', "reference", "the name of a Kubernetes Secret")
    d.add("git:")
    d.neg("  secret: airflow-cluster1-git-keys", "reference", "the name of the Secret holding ssh keys")

    d = doc("mobile/app/i18n/locales/nl.json")
    d.add("{")
    d.add('  "Login": "Inloggen",')
    d.neg('  "E2EE_password": "E2EE-wachtwoord",', "translation", "Dutch for E2EE password")
    d.add('  "Logout": "Uitloggen"')
    d.add("}")


def kickstart_files():
    """Kickstart files: the installed system's root and user passwords (seed-54 triage)."""
    d = doc("infra/packer/http/rocky9/ks.cfg")
    d.add("text\nlang en_US.UTF-8\nkeyboard us\ntimezone UTC --utc\nnetwork --bootproto=dhcp --activate")
    d.pos(f"rootpw --plaintext {password(14)}", "password", ["kickstart"], "kickstart root password")
    d.pos(f"user --name=ci-runner --groups=wheel --password={password(14)} --plaintext", "password", ["kickstart"],
          "kickstart user password")
    d.add("bootloader --location=mbr\nreboot\n\n%packages\n@core\n%end")

    d = doc("infra/packer/http/rocky9-hardened/ks.cfg")
    d.add("lang en_US.UTF-8\nkeyboard us\ntimezone UTC --utc")
    d.pos("rootpw --iscrypted $6$" + r(ALNUM, 16) + "$" + r(ALNUM + "./", 86), "hash", ["kickstart"],
          "kickstart root password hash")
    d.pos("user --name=ops --groups=wheel --iscrypted --password=$6$" + r(ALNUM, 16) + "$" + r(ALNUM + "./", 86),
          "hash", ["kickstart"], "kickstart user password hash")
    d.add("bootloader --location=mbr\n%packages\n@core\n%end")


def encrypted_token_files():
    """An encrypted JWT (JWE) beside signed ones: a cloud login's refresh token (seed-53 triage)."""
    def part(n):
        return b64(rbytes(n), url=True, pad=False)
    header = b64(b'{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}', url=True, pad=False)
    d = doc("home/.cloud/production_auth.json")
    d.add("{")
    d.pos(f'  "refresh_token": "{header}.{part(256)}.{part(12)}.{part(420)}.{part(16)}"', "jwt", ["jwt"],
          "Cognito refresh token (JWE)")
    d.add("}")


def seed_57_65_files():
    """Credentials the seed 57-65 triage found only the catch-alls reporting,
    and values those samples showed are not credentials."""
    d = doc("bots/twitter_tools.py")
    d.add("import tweepy")
    d.add("")
    d.pos(f"consumer_key = '{r(ALNUM, 25)}'", "twitter", ["twitter"], "Twitter consumer key beside tweepy")
    d.pos(f"consumer_secret = '{r(ALNUM, 50)}'", "twitter", ["twitter"], "Twitter consumer secret beside tweepy")
    d.pos(f"access_token = '{digits(19)}-{r(ALNUM, 30)}'", "twitter", ["twitter"], "Twitter user access token")
    d.pos(f"access_token_secret = '{r(ALNUM, 45)}'", "twitter", ["twitter"], "Twitter user access token secret")
    d.add("auth = tweepy.OAuthHandler(consumer_key, consumer_secret)")

    d = doc("k8s/notification-deployment.yml")
    d.add("        env:")
    d.add("          - name: AWS_MAIL_SERVER_HOST")
    d.add('            value: "email-smtp.us-east-1.amazonaws.com"')
    d.add("          - name: AWS_MAIL_SERVER_PASSWORD")
    ses = b64(bytes([4]) + rbytes(32))
    d.pos(f'            value: "{ses}"', "aws", ["aws", "generic"], "SES SMTP password (version byte 4)")

    d = doc("node_modules/debug/.coveralls.yml")
    d.pos(f"repo_token: {r(ALNUM, 33)}", "coveralls", ["coveralls", "generic"], ".coveralls.yml repo token")

    d = doc("notebooks/paper_trading.py")
    d.add("import alpaca_trade_api as tradeapi")
    d.pos(f'API_KEY = "PK{r(UP + DG, 18)}"', "alpaca", ["alpaca", "generic"], "Alpaca key id", optional=True)
    d.pos(f'API_SECRET = "{r(ALNUM, 40)}"', "alpaca", ["alpaca", "generic"], "Alpaca secret key")
    d.add("API_BASE_URL = 'https://paper-api.alpaca.markets'")

    d = doc("ops/backup.sh")
    d.add("#!/bin/bash")
    d.add(f"export RCLONE_CONFIG_R2_ENDPOINT=https://{hexs(32)}.r2.cloudflarestorage.com")
    d.pos(f"export AWS_ACCESS_KEY_ID={hexs(32)}", "cloudflare", ["cloudflare", "generic"], "R2 access key id", optional=True)
    d.pos(f"export AWS_SECRET_ACCESS_KEY={hexs(64)}", "cloudflare", ["cloudflare", "generic"], "R2 secret access key")

    d = doc("ansible/inventory/host_vars/k8s-0.sops.yml")
    enc = f"ENC[AES256_GCM,data:{b64(rbytes(12))},iv:{b64(rbytes(32))},tag:{b64(rbytes(16))},type:str]"
    d.neg(f"ansible_become_pass: {enc}", "sealed", "a SOPS-encrypted value")
    d.add("sops:")
    d.add("    kms: []")

    d = doc("deploy/helm/oauth2-proxy/values.yaml")
    d.add("config:")
    d.neg("  existingSecret: oauth2-proxy-config", "reference", "the name of a Kubernetes Secret")
    d.add("keystores:")
    d.add("  pkcs12:")
    d.neg("    passwordSecretRef: cert-manager-pkcs12", "reference", "cert-manager's reference to a Secret")

    d = doc("docs/ssh.go")
    d.add("package dataprovider")
    d.neg('const SSHLoginMethodKeyAndPassword = "publickey+password"', "name", "an SSH login method's name")
    d.add("func setLogin(u *User) {")
    d.neg("\tu.Password = sha512CryptPwd", "code", "a variable assigned unquoted")
    d.add("}")

    d = doc("provisioning/datasources/loki.yaml")
    d.add("datasources:")
    d.add("  - name: Loki")
    d.add("    jsonData:")
    d.add('      httpHeaderName1: "X-Scope-OrgID"')
    d.add("    secureJsonData:")
    d.neg('      httpHeaderValue1: "tenant1"', "name", "a Loki tenant's name")


def der(tag, body):
    """One DER element: tag, definite length, body."""
    n = len(body)
    if n < 0x80:
        length = bytes([n])
    elif n < 0x100:
        length = bytes([0x81, n])
    else:
        length = bytes([0x82, n >> 8, n & 0xFF])
    return bytes([tag]) + length + body


def der_int(nbytes):
    """A positive INTEGER of nbytes random bytes (a leading 0x00 keeps it positive)."""
    return der(0x02, b"\x00" + bytes([R.randrange(0x80, 0x100)]) + rbytes(nbytes - 1))


def seed_78_80_files():
    """Keys and secrets the seed 78-80 triage found unreported or reported
    only by the catch-alls, and values it showed are not credentials."""
    # A Keycloak realm export's RSA key: PKCS#1 DER in base64, no PEM lines
    # (random integers laid out as a 2048-bit key's).
    rsa = der(0x30, der(0x02, b"\x00") + der_int(256) + der(0x02, b"\x01\x00\x01") + der_int(256) +
              der_int(128) + der_int(128) + der_int(128) + der_int(128) + der_int(128))
    d = doc("identity/keycloak/realm-export.json")
    d.add("{")
    d.add('  "realm": "services",')
    d.add('  "components": {')
    d.add('    "org.keycloak.keys.KeyProvider": [ {')
    d.add('      "name": "rsa-generated",')
    d.add('      "config": {')
    d.pos(f'        "privateKey" : [ "{b64(rsa)}" ],', "private-key", ["der"], "realm RSA key, base64 DER")
    d.add('        "priority" : [ "100" ]')
    d.add("      }")
    d.add("    } ]")
    d.add("  }")
    d.add("}")
    # An EC P-256 key in SEC 1 DER, as a payment SDK's properties take it.
    ec = der(0x30, der(0x02, b"\x01") + der(0x04, rbytes(32)) +
             bytes.fromhex("a00a06082a8648ce3d030107") + der(0xA1, der(0x03, b"\x00\x04" + rbytes(64))))
    d = doc("backend/src/main/resources/pay.properties")
    d.add("pay.merchant.id=" + digits(10))
    d.pos(f"pay.merchant.private-key={b64(ec)}", "private-key", ["der"], "merchant EC key, base64 DER")

    d = doc("samples/okta/.samples.config.json")
    d.add("{")
    d.add('  "oidc": {')
    d.add(f'    "oktaUrl": "https://dev-{digits(6)}.oktapreview.com",')
    d.add(f'    "clientId": "{r(ALNUM, 20)}",')
    d.pos(f'    "clientSecret": "{r(ALNUM, 30)}{r(DG, 2)}{r(UP, 2)}{r(ALNUM, 6)}",', "okta", ["okta", "generic"],
          "Okta client secret, Okta named in a sibling key")
    d.add("  }")
    d.add("}")

    d = doc("logstash/twitter.conf")
    d.add("input {")
    d.add("  twitter {")
    d.pos(f'    oauth_token        => "{digits(10)}-{r(ALNUM, 36)}{r(DG, 2)}{r(UP, 1)}"', "twitter", ["twitter"],
          "Twitter access token, arrow aligned")
    d.add('    keywords           => [ "outage" ]')
    d.add("  }")
    d.add("}")

    d = doc("puppet/modules/java/checksums.json")
    d.add("{")
    d.neg(f'  "manifests/package/redhat.pp": "{hexs(32)}",', "hash", "a Puppet module file's MD5")
    d.add("}")

    d = doc("tests/test_logstash_secrets.py")
    d.add("def test_password_secret(content_b64):")
    d.neg('    assert s["data"] == {"ELASTICSEARCH_PASSWORD": content_b64}', "code", "a variable as a dict's value")

    d = doc("test/openid4vci.test.js")
    d.neg("  expect(issued).to.have.property('credential_identifier', 'UniversityDiplomaRecord-2024');", "name",
          "a verifiable credential configuration's name")

    d = doc("backend/alembic.ini")
    d.add("[alembic]")
    d.neg("sqlalchemy.url = postgresql://postgres:changethis@db/app", "placeholder", "a template's password to change")
    d = doc("api/.env.dist")
    d.neg('MERCURE_JWT_SECRET="!ChangeThisMercureHubJWTSecretKey!"', "placeholder", "a template's key to change")


def seed_81_83_files():
    """Keys and secrets the seed 81-83 triage found unreported or reported only
    by the catch-alls, and values it showed are not credentials."""
    # A Webex (Cisco Spark) token of the older form: base64 of a UUID run on.
    text = str(uuid.UUID(int=R.getrandbits(128))) + hexs(8) + "-" + hexs(3)
    d = doc("labs/spark_room.py")
    d.add("import requests")
    d.add("url = 'https://api.ciscospark.com/v1/rooms'")
    d.pos(f"token = '{b64(text.encode())}'", "webex", ["webex", "generic"], "Webex token without org suffix")
    d.add("headers = {'Authorization': 'Bearer ' + token}")

    d = doc("postman/Meraki.postman_environment.json")
    d.add("{")
    d.add('  "values": [')
    d.add("    {")
    d.add('      "key": "X-Cisco-Meraki-API-Key",')
    d.pos(f'      "value": "{hexs(40)}",', "meraki", ["meraki", "generic"], "Meraki key as a Postman value")
    d.add('      "enabled": true')
    d.add("    }")
    d.add("  ]")
    d.add("}")

    d = doc("servers/ark/Engine.ini")
    d.add("[EpicOnlineServices]")
    d.pos(f"DedicatedServerClientId=xyza7891{r(ALNUM, 24)}", "epic", ["epic"], "EOS client id", optional=True)
    d.pos(f"DedicatedServerClientSecret={r(ALNUM, 20)}{r(DG, 1)}{r(UP, 1)}{r(ALNUM + '_-', 21)}", "epic", ["epic"],
          "EOS client secret beside its id")

    d = doc("modules/register/captchakeys.php")
    d.add("<?php")
    d.add(f'$sitekey = "6Lc{r(ALNUM, 37)}"; // from http://www.google.com/recaptcha/admin')
    d.pos(f'$secretkey = "6Lc{r(ALNUM, 37)}";', "gcp", ["gcp", "generic"], "reCAPTCHA secret, reCAPTCHA in a comment")

    d = doc("natours/config.env")
    d.add(f"EMAIL_USERNAME={hexs(14)}")
    d.pos(f"EMAIL_PASSWORD={hexs(14)}", "mailtrap", ["mailtrap", "generic"], "Mailtrap inbox SMTP password")
    d.add("EMAIL_HOST=smtp.mailtrap.io")

    d = doc("netmiko/examples/jinja2_crypto.py")
    d.add('template = """')
    d.neg("crypto isakmp key my_key address 1.1.1.1 no-xauth", "placeholder", "a template's stand-in key")
    d.add('"""')

    d = doc("languages/de/fastdl.xml")
    d.neg("<example>Beispiel: ftp://Deinusername:Deinftppasswort@Adresse/Pfad</example>", "placeholder",
          "a translated example URL")

    d = doc("thunderstore/.env.template")
    d.add("KAFKA_USERNAME=")
    d.add("KAFKA_PASSWORD=")
    d.neg("KAFKA_CA_CERT=", "name", "the next setting after an empty password")

    d = doc("docs/panel-api.rst")
    d.neg('   curl -H "X-Access-Token: demo1111-2222-3333-4444-55556666" https://panel.local/api/servers',
          "placeholder", "digits counted off in API docs")

    d = doc("vendor/golang.org/x/crypto/acme/tls_test.go")
    d.add("const (")
    d.neg(f'\ttoken = "{r(ALNUM, 20)}{r(DG, 2)}{r(ALNUM + "_-", 21)}"', "nonce", "an ACME challenge token")
    d.add("\t// echo -n <token.testKeyECThumbprint> | shasum -a 256")
    d.add(f'\tsan   = "{hexs(32)}.token.acme.invalid"')
    d.add(")")


def seed_84_86_files():
    """Keys and secrets the seed 84-86 triage found reported only by the
    catch-alls, and values it showed are not credentials."""
    d = doc("playbooks/callback_plugins/tasks_timing.py")
    d.add("import datadog")
    d.pos(f"        datadog.initialize(api_key='{hexs(32)}', app_key='{hexs(40)}')", "datadog", ["datadog", "generic"],
          "Datadog app key in an initialize call", offset=0)

    d = doc("templates/ckan/google_analytics_token.json.erb")
    d.add("{")
    d.add(f'  "client_id": "{digits(12)}-{r(LO + DG, 32)}.apps.googleusercontent.com",')
    d.pos(f'  "refresh_token": "1/{r(ALNUM + "_-", 43)}",', "gcp", ["gcp", "generic"], "legacy Google refresh token")
    d.add("}")

    d = doc("dapp/hardhat.config.js")
    d.add("module.exports = {")
    d.add("  networks: {")
    d.pos(f"    mainnet: {{ url: 'https://eth-mainnet.g.alchemy.com/v2/{r(ALNUM, 30)}{r(DG, 2)}' }},", "alchemy",
          ["alchemy", "generic"], "Alchemy key in an RPC URL")
    d.pos(f"    sepolia: {{ url: 'https://sepolia.infura.io/v3/{hexs(32)}' }},", "infura", ["infura", "generic"],
          "Infura key in an RPC URL")
    d.add("  },")
    d.add("  etherscan: {")
    d.pos(f'    apiKey: "{r(UP + DG, 32)}{r(DG, 2)}",', "etherscan", ["etherscan", "generic"], "Etherscan key below its block")
    d.add("  },")
    d.neg(f"  linkToken: '0x{hexs(40)}',", "address", "a LINK token contract's address")
    d.add("};")

    d = doc("workflows/1984_Code_Automation_Webhook.json")
    d.add('{ "parameters": { "values": { "string": [')
    d.pos(f'  {{ "name": "apiKey", "value": "n8n_api_{hexs(80)}" }}', "n8n", ["n8n", "generic"], "n8n API key in a Set node")
    d.add("] } } }")

    d = doc("dailycheckin/docker-compose.yml")
    d.add("    environment:")
    d.pos(f"      - DINGTALK_ACCESS_TOKEN={hexs(64)}", "dingtalk", ["dingtalk", "generic"], "DingTalk robot token, named")

    d = doc("docker/graph-node/cloudbuild.yaml")
    d.add("secrets:")
    d.add("- kmsKeyName: projects/dapp/locations/global/keyRings/ci/cryptoKeys/docker-hub-push")
    d.add("  secretEnv:")
    d.neg(f"    PASSWORD: 'CiQA{r(ALNUM, 140)}=='", "sealed", "Cloud KMS ciphertext")

    d = doc("icinga/templates/resource.cfg.erb")
    d.neg("$USER5$=alerts@example.gov.uk", "name", "the SMTP login beside the password macro")
    d.pos(f"$USER6$={r(ALNUM, 16)}", "nagios", ["nagios"], "the SMTP password macro")
    d.neg("$USER7$=smtp.gmail.com:587", "name", "the SMTP host and port")

    d = doc("media_platform/douyin/client.py")
    d.neg(f'            # "msToken": "{r(ALNUM + "_-", 100)}7",', "id", "Douyin's anti-bot device token")
    d = doc("docs/README.md")
    d.neg(f'    "dingtalk_access_token": "{hexs(20)}xxxxxxxxxxxxxxxxxxxxxxxx{hexs(20)}",', "placeholder", "a masked key")


def seed_87_89_files():
    """Keys the seed 87-89 triage (notebooks and LLM apps, mobile apps, older
    PHP applications) found only by the catch-alls, and values it showed are
    not credentials."""
    d = doc("agents/journalist_agent.py")
    d.add("from phi.tools.serpapi_tools import SerpApiTools")
    d.pos(f'    tools=[SerpApiTools(api_key="{hexs(64)}")],', "serpapi", ["serpapi", "generic"], "SerpApi key in a tool's call")
    d.pos(f'agentops.init(api_key="{hexs(8)}-{hexs(4)}-4{hexs(3)}-a{hexs(3)}-{hexs(12)}")', "agentops", ["agentops", "generic"],
          "AgentOps key, a UUID")
    d.pos(f'os.environ["ZAPIER_NLA_API_KEY"] = "sk-ak-{r(UP, 4)}{r(LO, 10)}{r(DG, 4)}{r(ALNUM, 8)}"', "zapier", ["zapier", "generic"],
          "Zapier NLA key")
    d.pos(f'    "url": "https://mcp.alphavantage.co/mcp?apikey={r(UP, 8)}{r(DG, 4)}{r(UP + DG, 4)}"', "alphavantage",
          ["alphavantage", "generic", "url"], "Alpha Vantage key in an MCP server URL")

    d = doc("ios/App/GiphyConfig.swift")
    d.pos(f'        Giphy.configure(apiKey: "{r(UP, 8)}{r(LO, 12)}{r(DG, 4)}{r(ALNUM, 8)}")', "giphy", ["giphy", "generic"],
          "GIPHY SDK key")
    d.neg('    internal val passwordValidationDebounce = 500.milliseconds', "code", "a Kotlin duration")
    d.neg('    public const string PasswordGeneratorUppercase = "pwGenerator:uppercase";', "name", "a settings store's key")
    d.neg("            buildConfigField \"String\", \"PODCASTINDEX_API_KEY\", '\"' + podcastindexApiKey + '\"'", "code",
          "a Gradle property concatenated into a build field")

    d = doc("e107_handlers/hybridauth/config.php")
    d.add('    "Facebook" => array(')
    d.add('        "enabled" => true,')
    d.pos(f'        "keys" => array("id" => "{digits(15)}", "secret" => "{hexs(32)}"),', "facebook", ["facebook", "generic"],
          "Facebook app secret in a login library's provider list")
    d.add('    ),')
    d.neg(f"      'flickr.png' => '{hexs(32)}',", "checksum", "a file's checksum in a CMS's integrity list")
    d.neg(f"            'e-token' => '{hexs(32)}',", "csrf", "e107's form token")
    d.neg('$mail->Password = "your password";', "placeholder", "a placeholder sentence")
    d.neg('our $user_passwd_min = "!!RT_USER_PASSWD_MIN!!";', "placeholder", "a build's substitution marker")
    d.neg('    var password1_sel = "#new_password1";', "selector", "a form field's selector")
    d.neg("                SET lost_password_request_count=lost_password_request_count+1", "code", "a counter's update in SQL")
    d.neg(f'  $url = "buglist.cgi?cmdtype=dorem&remaction=forget&token={digits(10)}-{hexs(32)}";', "csrf",
          "Bugzilla's form token")

    d = doc(".github/e2e/homeassistant/.storage/auth_provider.homeassistant")
    salt = "$2b$12$" + r(ALNUM + "./", 53)
    d.neg(f'      "password": "{b64(salt.encode())}",', "hash", "a bcrypt hash stored in base64")


def seed_90_92_files():
    """Values the seed 90-92 triage (browser extensions, administrators'
    scripts, student projects) showed are not credentials."""
    d = doc("test/specs/dictionaries/baidu/requests.mock.ts")
    d.neg(f"  window.bdstoken = '{hexs(32)}';", "csrf", "Baidu's page token")
    d.neg(f"  \"audio\": \"https://mojidict.oss-cn-hangzhou.aliyuncs.com/tts/{hexs(8)}.mp3?OSSAccessKeyId=LTAI{r(ALNUM, 16)}"
          f"&Expires={digits(10)}&Signature={r(ALNUM, 27)}%3D\",", "presigned", "an OSS presigned link's key id")

    d = doc("userscripts/README.md")
    d.neg(f'   <source media="(prefers-color-scheme: dark)" srcset="https://api.star-history.com/chart?repos=acme/tools'
          f'&type=date&theme=dark&sealed_token={r(ALNUM, 40)}_{r(ALNUM, 40)}-{r(ALNUM, 38)}" />',
          "public", "star-history's embed token")

    d = doc("scripts/ResetMFAMethods.ps1")
    d.neg('    $body = @{ "Password" = "#microsoft.graph.passwordAuthenticationMethod"; }', "code", "an OData type name")
    d.neg('$AzureApplicationId = "00000002-0000-0ff1-ce00-000000000000"', "id", "Exchange Online's first-party app id")

    d = doc("install/install_kubectl.sh")
    d.neg('"$srcdir/../packages/install_binary.sh" "https://dl.k8s.io/release/v1.29.0/bin/linux/amd64/kubectl"', "code",
          "a script calling a sibling with a URL")

    d = doc("site/public/js/pdf/pdf.min.js")
    d.neg("this._host=base._host;this._port=base._port;this._username=base._username;this._password=base._password}state=\"relative\"",
          "code", "minified fields named like a connection string")

    d = doc("Network_Devices/Cisco/README.md")
    d.neg("snmp-server community [SNMP COMMUNITY] RO", "placeholder", "a slot in brackets")

    d = doc("docs/manage-users-zh.md")
    d.neg('%any  %any  : PSK "你的IPsec预共享密钥"', "placeholder", "'your IPsec pre-shared key' in Chinese")

    d = doc("site/tests/app/models/ConfigTester.php")
    d.add("        $config = [")
    d.add("            'dbname' => 'submitty',")
    d.add("            'username' => 'submitty_course_dbuser',")
    d.neg("            'password' => 'submitty_course_dbpass',", "name", "a test's field name as the value")
    d.add("        ];")


def seed_93_95_files():
    """A key the seed 93-95 triage (organisations' websites, Go and Rust
    services, integration connectors) found only by the catch-alls, and
    values it showed are not credentials."""
    d = doc("handbook/engineering/digitalocean.md")
    d.add("```bash")
    d.pos(f"export DO_API_TOKEN={hexs(64)}", "digitalocean", ["digitalocean", "generic"], "a DigitalOcean token of the old form")
    d.add("```")

    d = doc("bin/dist_build.sh")
    d.neg(f': ${{SIGNKEY:="{r("0123456789ABCDEF", 40)}"}}', "fingerprint", "a GPG key's fingerprint")

    d = doc("dendrite-sample.polylith.yaml")
    d.add("  database:")
    d.neg("    connection_string: postgresql://username@password:hostname/dendrite_syncapi?sslmode=disable", "url",
          "a sample URL's words in the wrong order")

    d = doc("docker/README.md")
    d.neg(f"    --env FCM_API_KEY=AIRaNdOmX4ULR-L0kWcaR9DOSo2V{r(LO, 4)}Gc1x8Mz3ePq", "placeholder", "a key that says it is random")

    d = doc("docs/_config.yml")
    d.add("algolia:")
    d.add(f"  application_id: '{r(UP + DG, 10)}'")
    d.neg(f"  search_only_api_key: '{hexs(32)}'", "public", "Algolia's search-only key")


def seed_96_98_files():
    """Keys the seed 96-98 triage (Rails applications, ASP.NET applications,
    game clients) found only by the catch-alls, and values it showed are not
    credentials."""
    d = doc("spec/vcr_cassettes/v1_bikes_create.yml")
    d.add("    request:")
    d.pos(f"      uri: https://api.honeybadger.io/v1/notices?api_key=hbp_{r(UP, 6)}{r(LO, 6)}{r(DG, 6)}{r(ALNUM, 18)}", "honeybadger",
          ["honeybadger", "url", "generic"], "a Honeybadger project key in a recorded request")
    d.neg(f'      string: \'{{"id":1,"embed_token":"{hexs(40)}","name":"Morning Ride"}}\'', "public", "Strava's embed token")

    d = doc("spec/controllers/integrations_controller_spec.rb")
    d.pos(f"  let(:token) {{ 'CAAG{r(UP, 30)}{r(LO, 40)}{r(DG, 10)}{r(ALNUM, 60)}' }}", "facebook", ["facebook", "generic"],
          "a Facebook token of the pre-2015 form")
    d.neg("    jwt.secret = Rails.application.credentials.devise&.jwt_secret_key", "code", "Ruby reading the credentials store")

    d = doc("ProjectSettings/ProjectSettings.asset")
    d.add("  psp2PatchOriginalPackage: ")
    d.neg(f"  psp2PackagePassword: {r(ALNUM, 32)}", "default", "Unity's default for the PS Vita target")
    d.add("  psp2KeystoneFile: ")

    d = doc("src/Jobs/Extensions.cs")
    d.neg("            Pass = hangfireOptions.Password!,", "code", "a null-forgiving member read")
    d.neg('    var url = $"https://app.plex.tv/desktop#!/server/{serverId}/details?key=library%2Fmetadata%2F{mediaId}";', "path",
          "a percent-encoded path in a deep link")

    d = doc("src/ClientApp/yarn.lock")
    d.neg('    "@inquirer/password": "npm:^4.0.16"', "version", "a package's version spec")

    d = doc("deploy/docker/docker-compose.yml")
    d.neg("      JwtOptions__SigningKey: ${JWT_SIGNING_KEY:?JWT_SIGNING_KEY is required}", "template", "a required variable")

    d = doc("samples/PlayGround.API/appsettings.json")
    d.neg('    "SigningKey": "replace-with-256-bit-secret-min-32-chars",', "placeholder", "a value asking to be replaced")
    d.neg(f'  "body": {{ "raw": "{{\\r\\n  \\"RoleId\\": \\"{hexs(8)}-{hexs(4)}-4{hexs(3)}-a{hexs(3)}-{hexs(12)}\\"\\r\\n}}" }},', "id",
          "an application role's id")

    d = doc("resources/views/home/changelog.blade.php")
    d.neg(f'<iframe src="https://app.datadoghq.com/graph/embed?token={hexs(64)}&amp;height=300&amp;width=600"></iframe>', "public",
          "a Datadog shared graph")


def seed_99_101_files():
    """Keys the seed 99-101 triage (Spring Boot applications, notebook collections,
    dotfiles) showed missed or found only by the catch-alls, and values it showed are
    not credentials."""
    d = doc("blade-ops/blade-resource/src/main/resources/application.yml")
    d.add("oss:")
    d.add("  name: qiniu")
    d.pos(f"  secret-key: {r(URLSAFE, 40)}", "storage", ["generic"], "a storage service's secret key in kebab case")
    d = doc("yudao-server/src/main/resources/application.yaml")
    d.add("  ai:")
    d.add("    zhipu:")
    d.pos(f"      api-key: {hexs(32)}.{r(UP, 4)}{r(LO, 4)}{r(DG, 2)}{r(ALNUM, 6)}", "zhipu", ["zhipu", "generic"], "a Zhipu AI key")

    d = doc("notebooks/en/generate_preference_dataset.ipynb")
    d.neg('    "    tokenizer_id=\\"meta-llama/Meta-Llama-3-8B-Instruct\\",\\n",', "name", "a tokenizer's model")
    d.neg('    "    password=PASSWORD\\n",', "code", "a variable passed by name, escaped newline after it")
    d.neg('    "elastic_password = \'\\\\u003Cpassword>\' #@param {type: \\"string\\"}\\n",', "placeholder",
          "an escaped angle-bracket placeholder")
    d.neg(f'    "image/png": "iVBORw0KGgoAAAANSUhEUgAA{r(B64CH, 30)}+1//0{r(ALNUM, 44)}/{r(B64CH, 30)}"', "media",
          "a refresh token's prefix inside base64 media")

    d = doc("src/views/demo/charts/map/Google.vue")
    d.neg(f'const MAP_URL = "https://maps.googleapis.com/maps/api/js?key=AIzaSy{r(ALNUM, 32)}&signed_in=true";', "cut",
          "a Google key one character short")

    d = doc("hosts/common/optional/wireless.nix")
    d.add("      eduroam = {")
    d.add("        auth = ''")
    d.neg("          password=ext:eduroam", "reference", "wpa_supplicant's external password")
    d = doc("hosts/electra/services/mail.nix")
    d.neg("      smtp_sasl_password_maps = \"texthash:/run/secrets/smtp-relay-creds\";", "reference", "a Postfix lookup table")

    d = doc(".config/gcloud/legacy_credentials/dev@example.com/.boto")
    d.add("[OAuth2]")
    d.add("client_id = 32555940559.apps.googleusercontent.com")
    d.neg("client_secret = ZmssLNjJy2998hD4CTg2ejr2", "public", "the Cloud SDK's own client secret")
    d.add("")
    d.add("[Credentials]")
    d.pos(f"gs_oauth2_refresh_token = 1//0{r(ALNUM, 20)}-{r(URLSAFE, 80)}", "gcp", ["gcp", "generic"],
          "the user's refresh token beside it")

    d = doc("chrome-user-data/Default/Preferences")
    d.neg(f'{{"media_router":{{"receiver_id_hash_token":"{b64(rbytes(64))}"}}}}', "salt",
          "Chromium's Cast salt")
    d = doc("extensions/mssql/out/lib/core.umd.min.js")
    d.neg("function f(a,b){if(a&&key===oldSeqRecord.key&&b){return nextSeqRecordKey}}", "code", "a comparison in minified code")


def seed_102_104_files():
    """An Android string resource the seed 104 triage (Android applications) showed missed, and
    MediaWiki's edit token in an API call's URL, which is no credential."""
    d = doc("src/main/res/values-v1/apis.xml")
    d.add('<?xml version="1.0" encoding="utf-8"?>')
    d.add("<resources>")
    d.pos(f'    <string name="BUGSNAG_API_KEY">{hexs(32)}</string>', "bugsnag", ["bugsnag", "generic"],
          "a Bugsnag key in an Android string resource")
    d.add("</resources>")
    d = doc("app/src/main/java/org/example/upload/CaptionInterface.java")
    d.neg(f'    @POST("/w/api.php?action=wbsetlabel&format=json&language=en&id=M80983832&token={hexs(40)}%2B%5C")', "csrf",
          "MediaWiki's edit token")


def seed_105_110_files():
    """What the seed 105-110 triage rounds (Flask services, Kubernetes operators, WordPress and
    Laravel apps, PHP CMS sites) showed: Laravel's APP_KEY missed in .env files, cached configs
    and phpunit.xml, a pixel's shared HMAC key, and values that are no credentials (a Secret's
    name, a Go field read, labels and rules where a password goes, public client tokens)."""
    d = doc("laravel-app/.env.production")
    d.add("APP_NAME=Invoices")
    d.add("APP_ENV=production")
    d.pos(f"APP_KEY=base64:{b64(rbytes(32))}", "laravel", ["laravel"], "a Laravel app key in a committed .env")
    d.add("APP_DEBUG=false")
    d = doc("laravel-app/bootstrap/cache/config.php")
    d.add("<?php return array (")
    d.add("  'app' => ")
    d.add("  array (")
    d.add("    'name' => 'Wave',")
    d.pos(f"    'key' => 'base64:{b64(rbytes(32))}',", "laravel", ["laravel"], "the app key in Laravel's cached config")
    d.add("    'cipher' => 'AES-256-CBC',")
    d.add("  ),")
    d.add(");")
    d = doc("laravel-app/phpunit.xml")
    d.add("<phpunit>")
    d.add("    <php>")
    d.pos(f'        <env name="APP_KEY" value="base64:{b64(rbytes(32))}"/>', "laravel", ["laravel"],
          "a test suite's app key in phpunit.xml")
    d.add("    </php>")
    d.add("</phpunit>")
    d = doc("laravel-app/app/Http/Controllers/InstallerController.php")
    d.add("        $this->validate($request, [")
    d.neg("            'database_password' => 'required',", "password", "a validation rule where a password goes")
    d.add("        ]);")
    d.neg("            'MANDRILL_API_KEY' => $oldMailOtherCredential,", "mandrill", "a PHP variable where a key goes")
    d = doc("laravel-app/resources/lang/de/installer.php")
    d.add("<?php return [")
    d.neg("    'database_password' => 'Datenbank Passwort',", "password", "a translated label")
    d.add("];")
    d = doc("laravel-app/resources/views/checkout.blade.php")
    d.add("<script>")
    d.neg(f"    Paddle.Initialize({{ token: 'live_{hexs(27)}' }});", "paddle", "Paddle's client-side token, public by design")
    d.add("</script>")
    d = doc("magento/app/code/local/Tracking/Helper/CustomPixel.php")
    d.add("<?php")
    d.add("class Tracking_Helper_CustomPixel {")
    d.pos(f"    const TRIALPAY_SHARED_KEY = '{hexs(64)}';", "generic", ["generic"], "a pixel's shared HMAC key")
    d.add("}")
    d = doc("simplesamlphp/attributemap/name2oid.php")
    d.add("<?php $attributemap = array(")
    d.neg("    'userPassword'                  => 'urn:oid:2.5.4.35',", "password", "an LDAP attribute's OID")
    d.add(");")
    d = doc("operator/docs/backups.rst")
    d.add("   backup:")
    d.add("     storages:")
    d.add("       s3-us-west:")
    d.neg("           credentialsSecret: my-cluster-name-backup-s3", "generic", "the name of the Secret holding credentials")
    d = doc("operator/vendor/mongo-driver/auth/aws_conv.go")
    d.add("func (ac *awsConversation) getCredentials() {")
    d.neg("\tac.password = es2Resp.SecretAccessKey", "password", "a Go field read")
    d.add("}")
    d = doc("wordpress-plugin/phpunit/README.md")
    d.add("```php")
    d.neg("define( 'DB_PASSWORD', 'password' );", "wordpress", "the setting's own word in a README")
    d.add("```")
    d = doc("edd/includes/gateways/amazon-payments.php")
    d.add("$args = array(")
    d.neg(f"    'solutionProviderToken' => 'AAAAAQAAAAEAAAAQ{b64(rbytes(96))}',", "generic",
          "Amazon Pay's partner referral token in a sign-up URL")
    d.add(");")
    # seeds 109-113: a Firebase App Check debug token, a Traefik label's apr1 hash; CircleCI 1.0's pwd:
    d = doc("web/src/firebase-init.ts")
    d.add("if (import.meta.env.DEV) {")
    d.pos(f'  (self as any).FIREBASE_APPCHECK_DEBUG_TOKEN = "{uid()}";', "firebase", ["firebase"],
          "an App Check debug token in a web app")
    d.add("}")
    d = doc("selfhosted/traefik/docker-compose.yml")
    d.add("services:")
    d.add("  traefik:")
    d.add("    labels:")
    salt = r("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 8)
    body = r("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 22)
    d.pos(f'      - "traefik.http.middlewares.auth.basicauth.users=admin:$$apr1$${salt}$${body}"', "traefik", ["traefik"],
          "an apr1 hash in a Traefik label")
    d = doc("backend/configs/circle.yml")
    d.add("general:")
    d.neg("  pwd: Circle-1/backend", "password", "a working directory under pwd:")
    d = doc("privacyidea/tests/test_container.py")
    d.neg('    assert qr == "pia://container/SMPH01?issuer=pi&serial=SMPH01&passphrase=Enter%20your%20passphrase"', "password",
          "a prompt's text in a URL")



def seed_114_122_files():
    """What the seed 114-122 triage rounds (iOS apps, Chef and Salt, legacy Java web apps, Symfony
    and CodeIgniter, JVM services, Salesforce and Shopify apps, Flutter apps, R and science
    workflows, API test suites) showed: a Google app password, a WeChat Pay merchant key,
    JavaMail's PasswordAuthentication, keys in Clojure maps, a short password in a .properties
    file, a commented WireGuard key, an Agora token; and values that are no credentials (pod
    checksums, key names in a list, debconf questions, form tokens, routes, Secret Manager names,
    Codecov ciphertext, an idempotence key)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    d = doc("scripts/mail_parser.py")
    d.add('GMAIL_USER = "deals.bot@acme-mail.io"')
    d.pos(f'GMAIL_APP_PASSWORD = "{r(letters, 4)} {r(letters, 4)} {r(letters, 4)} {r(letters, 4)}"', "google", ["google"],
          "a Google app password in a script")
    d = doc("shop/vendor/wxpay/WxPay.Config.php")
    d.add("<?php")
    d.add("class WxPayConfig")
    d.add("{")
    d.add(f"\tconst APPID = 'wx{hexs(16)}';")
    d.add(f"\tconst MCHID = '{digits(10)}';")
    d.pos(f"\tconst KEY = '{r(alnum, 32)}';", "wechat", ["wechat", "generic"], "a WeChat Pay merchant's API key")
    d.add("}")
    d = doc("portal/src/main/webapp/multipleemail.jsp")
    d.add("Session session = Session.getDefaultInstance(props, new javax.mail.Authenticator() {")
    d.add("    protected PasswordAuthentication getPasswordAuthentication() {")
    d.pos(f'        return new PasswordAuthentication("mentor.portal@acme-mail.io", "{password(14)}");', "java", ["java"],
          "JavaMail's PasswordAuthentication with a literal password")
    d.add("    }")
    d.add("});")
    d = doc("clj-app/profiles.clj")
    d.add("{:dev {:env {:database-url \"jdbc:postgresql://localhost/app_dev\"")
    d.pos(f'              :deploy-api-key "{r(alnum, 32)}"}}}}', "generic", ["generic"], "a key in a Leiningen profile's map")
    d = doc("legacy/WEB-INF/RtaCredentials.properties")
    d.add("soapreq.username=marine_ws")
    d.pos(f"soapreq.password={r(letters, 4)}{r('0123456789', 1)}{r('ABCDEFGHJKLMNPQRSTUVWXYZ', 3)}", "password", ["generic"],
          "an eight-character password in a .properties file")
    d = doc("vpn/laptop-wg1.conf")
    d.add("[Interface]")
    d.pos(f"# PrivateKey = {b64(rbytes(32))}", "wireguard", ["wireguard"], "a WireGuard key on a commented line")
    d.add("Address = 10.8.0.2/24")
    d = doc("old-laravel/.env")
    d.pos(f"APP_KEY={r(alnum, 32)}", "laravel", ["laravel", "generic"], "a Laravel 5.0 app key, before base64:")
    d = doc("ios-app/Podfile.lock")
    d.add("SPEC CHECKSUMS:")
    d.neg(f"  1PasswordExtension: {hexs(40)}", "password", "a pod's checksum")
    d.add(f"  AppCenter: {hexs(40)}")
    d = doc("ios-app/Podfile")
    d.add("plugin 'cocoapods-keys', {")
    d.add("  :keys => [")
    d.add("    'SegmentWriteKey',")
    d.neg("    'CardflightProductionAPIClientKey',", "segment", "the next key name in cocoapods-keys' list")
    d.add("  ]")
    d.add("}")
    d = doc("salt/mysql/server.sls")
    d.neg("{%   set debconf_root_password = 'percona-server-server-5.7/root-pass' %}", "password", "a debconf question")
    d = doc("struts/jsps/FclBl.jsp")
    d.neg(f'<input type="hidden" name="org.apache.struts.taglib.html.TOKEN" value="{hexs(32)}"/>', "generic",
          "a Struts form token in a rendered page")
    d = doc("mapos/application/config/routes_api.php")
    d.neg("$route['api/v1/reGenToken'] = 'api/v1/UsuariosController/reGenToken';", "generic", "a route to a controller")
    d = doc("mapos/application/config/email.php")
    d.add("$config['smtp_user']        = 'seuemail@gmail.com';")
    d.neg("$config['smtp_pass']        = 'senhadoemail';", "password", "a Portuguese label where a password goes")
    d = doc("flutter-app/lib/core/services/agora_service.dart")
    d.add('const String appId = "' + hexs(32) + '";')
    d.add("const String token =")
    d.pos("    '007eJ" + b64(zlib.compress(rbytes(110))) [2:] + "';", "agora", ["agora"], "an Agora RTC token in a Flutter app")
    d = doc("nextflow/plugins/nf-google/src/test/GoogleBatchTaskHandlerTest.groovy")
    d.neg("        def secrets = '{\"ALT_PASS\":\"projects/my-project/secrets/tower-wf123-ALT_PASS/versions/latest\"}'", "password",
          "a Google Secret Manager resource name")
    d = doc("cromwell/codecov.yml")
    d.add("coverage:")
    d.add("  notify:")
    d.add("    slack:")
    d.add("      default:")
    d.neg(f"        url: secret:{b64(rbytes(96))}", "generic", "Codecov's encrypted form of a webhook URL")
    d = doc("pn-load-test/src/output.txt")
    d.neg(f'{{"title":"Conflict","detail":"Duplicated notification for senderPaId##paProtocolNumber##idempotenceToken=' +
          f'{uid()}##{digits(18)}##null"}}', "generic", "an idempotence key in an error message")
    d = doc("finance/src/main/kotlin/JwtTokenService.kt")
    d.neg('    @Value("\\${custom.project.jwt.key:default-secret-key-must-be-at-least-32-bytes}") jwtKey: String,', "jwt",
          "a description where the signing key goes")

def main():
    build_slots()
    k8s_files()
    key_files()
    gcp_service_account()
    docker_files()
    npmrc_etc()
    url_files()
    logs_and_csv()
    lockfiles()
    web_files()
    code_files()
    fixture_files()
    misc_negative_files()
    doc_files()
    breadth_files()
    config_format_files()  # last: the files before keep their random values
    client_app_files()
    jenkins_files()
    jcasc_files()
    tool_config_files()
    remote_access_files()
    windows_admin_files()
    java_db_tool_files()
    network_device_files()
    network_device_files_2()
    web_app_files()
    system_service_files()
    network_device_files_3()
    client_app_files_2()
    web_app_files_2()
    otp_seed_files()
    kickstart_files()
    encrypted_token_files()
    seed_57_65_files()
    seed_78_80_files()
    seed_81_83_files()
    seed_84_86_files()
    seed_87_89_files()
    seed_90_92_files()
    seed_93_95_files()
    seed_96_98_files()
    seed_99_101_files()
    seed_102_104_files()
    seed_105_110_files()
    seed_114_122_files()

    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    seen = set()
    labels = []
    for d in DOCS:
        if d.path in seen:
            sys.exit(f"duplicate path {d.path}")
        seen.add(d.path)
        full = os.path.join(OUT, d.path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8", newline="\n") as f:
            f.write(d.content())
        labels.extend(d.labels)
    labels.sort(key=lambda l: (l["path"], l["line"], not l["positive"], l["family"], l["note"]))
    with open(os.path.join(HERE, "labels.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for lab in labels:
            f.write(json.dumps(lab, sort_keys=True) + "\n")
    pos = sum(1 for l in labels if l["positive"] and not l.get("optional"))
    neg = sum(1 for l in labels if not l["positive"])
    print(f"{len(DOCS)} files, {pos} positives, {neg} negatives, "
          f"{sum(1 for l in labels if l.get('optional'))} optional identifiers")


if __name__ == "__main__":
    main()
