import tweepy

consumer_key = '94sNULO1gboFyLs2UMkDwi1g2'
consumer_secret = 'sryPED98VXYXBrd13ikt1nZXgWw5BJQe8fyoUW2C0IDnwnqiKH'
access_token = '7629243433382680937-mcNLFIqrlmax4F1YA7JjQZBJEtLBAg'
access_token_secret = '3QTtTVdgXzDRsFuEMW0IsIj9ivIPYrDai2NRqRinQL4TK'
auth = tweepy.OAuthHandler(consumer_key, consumer_secret)
