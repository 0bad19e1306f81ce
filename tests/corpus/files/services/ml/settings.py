"""Runtime settings for the ML service."""
import os

DEBUG = False
ALLOWED_HOSTS = ["ml.acme-corp.io"]
settings = {}

settings["session_secret"] = '1f55bjBLuWea9KQEp44h0RGIzJT7opykv3vdSHTWzjuidiAq'
settings["snyk_token"] = 'aee40bc9-f50b-423e-a298-c303166ad0de'
GITHUB_OAUTH_TOKEN = "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"
CACHE_TTL = "3600"
settings["posthog_personal_api_key"] = 'phx_1MVPBXFTnbNVK2wERaUu47FwhIvyL1Ep0qPGXw3ltFBRLqO'
settings["alibaba_cloud_access_key_secret"] = 'Ne4lJpZfINiOJFFPq6MYI1dOthnq3y'
settings["aws_access_key_id"] = 'AKIAERKPBHOKZWMGH4SV'
RESEND_API_KEY = "re_4mAZYHE3_oz1zpDtmhHAWpEkQMdfcjqWH"
settings["region"] = 'eu-west-1'
settings["sentry_org_token"] = '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'
settings["replicate_api_token"] = 'r8_uuizUc44ScI7f5awvqypSAITkAyu9SCg2g65f'
SLACK_WEBHOOK_URL = "https://hooks.slack.com/services/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"
settings["heroku_api_key"] = 'HRKU-WI-UGUvfVFLTE2hs1AUWSDv0vfqpBKkR9bjYxUmAo3d8CcbGd7YRm3F-rmZ7'
MAX_CONNECTIONS = "100"
settings["twilio_auth_token"] = 'b71261828b128799863f4c83bee9d2d4'
