        def secrets = '{"ALT_PASS":"projects/my-project/secrets/tower-wf123-ALT_PASS/versions/latest"}'
