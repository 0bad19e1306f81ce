template = """
crypto isakmp key my_key address 1.1.1.1 no-xauth
"""
