import requests
url = 'https://api.ciscospark.com/v1/rooms'
token = 'ODc4NGJlMzctMTBiOC1mYWM4LWQ1MzQtOTkwYjcyYTY4ODgwZGMwNDdjMzYtY2My'
headers = {'Authorization': 'Bearer ' + token}
