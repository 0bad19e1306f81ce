external_url 'https://gitlab.acme-corp.io'
gitlab_rails['initial_root_password'] = 'QA5H#EO8PxO0Z_rx'
gitlab_rails['db_host'] = 'pg.acme-corp.io'
gitlab_rails['db_password'] = "lbIdJ5IJO~_KsAiXN3"
gitlab_rails['smtp_enable'] = true
gitlab_rails['smtp_address'] = 'smtp.acme-corp.io'
gitlab_rails['smtp_user_name'] = 'gitlab@acme-corp.io'
gitlab_rails['smtp_password'] = 'EJOtB5WF!FrLQ!'
# gitlab_rails['smtp_password'] = 'password'
gitlab_rails['initial_shared_runners_registration_token'] = 'EhcWi3uPJw7yTilzC4ZB'
