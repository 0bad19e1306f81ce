import os
import boto3


API_KEY = os.environ["PARTNER_API_KEY"]
DB_PASSWORD = os.getenv("DB_PASSWORD", "")
secret = boto3.client("secretsmanager").get_secret_value(SecretId="prod/ml/db")["SecretString"]
token = request.headers.get("Authorization", "").removeprefix("Bearer ")
password_field = "password"
self.api_key = api_key
ACCESS_TOKEN_LIFETIME = timedelta(minutes=15)
openai_client = OpenAI(api_key="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")
hf_hub.login(token="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")
MODEL_SHA = "2df4c107387c72f623c4df24d4997a29f117e43d"
EMBEDDING_CACHE_KEY = "emb-v3-79f76fea6e49"
