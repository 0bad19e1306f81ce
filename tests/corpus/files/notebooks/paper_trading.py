import alpaca_trade_api as tradeapi
API_KEY = "PKD8Y2X80VVFQ95U0OI6"
API_SECRET = "m1t015MD95HG1Zz55YVJYhugig17g2jmHbOGVMPV"
API_BASE_URL = 'https://paper-api.alpaca.markets'
