def test_password_secret(content_b64):
    assert s["data"] == {"ELASTICSEARCH_PASSWORD": content_b64}
