import os
import requests

# TODO: move to the secret store
GITHUB_TOKEN = "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"

def list_repos(org):
    headers = {"Authorization": f"token {GITHUB_TOKEN}"}
    return requests.get(f"https://api.github.com/orgs/{org}/repos", headers=headers).json()

def notify(text):
    # read from the environment: fine
    token = os.environ["SLACK_BOT_TOKEN"]
    return requests.post("https://slack.com/api/chat.postMessage", data={"token": token, "text": text})
