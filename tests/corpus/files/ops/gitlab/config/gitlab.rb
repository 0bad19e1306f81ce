external_url 'https://gitlab.acme-corp.io'
gitlab_rails['initial_root_password'] = 'Gm674#Wj~Xi2kFtu'
gitlab_rails['db_host'] = 'pg.acme-corp.io'
gitlab_rails['db_password'] = "SXJeZ4Y2xmTBQ#SpG%"
gitlab_rails['smtp_enable'] = true
gitlab_rails['smtp_address'] = 'smtp.acme-corp.io'
gitlab_rails['smtp_user_name'] = 'gitlab@acme-corp.io'
gitlab_rails['smtp_password'] = 'FQvs2Fi0Q!Zkl%'
# gitlab_rails['smtp_password'] = 'password'
gitlab_rails['initial_shared_runners_registration_token'] = 'IuLsphOBuaG95WZBRYDu'
