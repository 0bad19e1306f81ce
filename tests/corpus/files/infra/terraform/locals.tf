terraform {
  required_version = ">= 1.5"
}

locals {
  github_refresh_token     = "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"
  shopify_api_secret       = "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"
  gem_host_api_key         = "rubygems_54ab4365d632d33f49028fe8dc30cd62567731de654ce6a4"
  max_connections          = "100"
  op_service_account_token = "ops_eyJzaWduSW5BZGRyZXNzIjoiYWNtZS4xcGFzc3dvcmQuY29tIiwidXNlckF1dGgiOnsibWV0aG9kIjoiU1JQZy00MDk2IiwiYWxnIjoiUEJFUzJnLUhTMjU2IiwiaXRlcmF0aW9ucyI6NjUwMDAwLCJzYWx0IjoiNGY0WnktR200dEJSN0wya3poQ3NZQSJ9LCJlbWFpbCI6ImVucTZvejZ2dmJqeXRAMXBhc3N3b3Jkc2VydmljZWFjY291bnRzLmNvbSIsInNycFgiOiIyZWY2NzZmZWY5MDA4NzIwMDZiY2U1ODAzMGNmZTNmZGE3ZGI5MDRkOGNjNjkxZDRkNWFmNWFlMmYzNTFlMzBjIiwibXVrIjp7ImFsZyI6IkEyNTZHQ00iLCJleHQiOnRydWUsImsiOiJfbUI2U0JGZjhRMG5MRHllRHNrYzFMdVZ3d1AtR2JYRHEwek1HZkpUQ2lsIiwia2V5X29wcyI6WyJlbmNyeXB0IiwiZGVjcnlwdCJdLCJrdHkiOiJvY3QiLCJraWQiOiJtcCJ9LCJzZWNyZXRLZXkiOiJBMy1IU0dMTTAiLCJkZXZpY2VVdWlkIjoiYjhpZGVtemoxbGQ1NXltdnlrZTN6ZmZwaGUifQ"
  airtable_token           = "patbrqWnxeYhCNvsR.51da02f8ed2dd99450742dda60a085b05ea6b1fc67603e07379acfa664bb7443"
  cf_api_token             = "hD5A1aFyivSYvv8VGGGuSaayelaiAMa5gqxj__sl"
  databricks_token         = "dapi7fff2e3d0f0ec88967c5d608c0b21ac4"
  log_format               = "json"
  telegram_bot_token       = "3623516053:AAtQT7AXrp2W0uwK-UvL2_DL-j8LfdFPGVv"
  stripe_restricted_key    = "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"
  doppler_token            = "dp.st.prd.sVQUtARftsp9qVPg3VBBRqPx9j3cETqqdmOrJ4Uo3jM"
  google_maps_api_key      = "AIzaqZyZHyMvGzjl_kNTdxM6ke91o4kx6lwZJUp"
}
