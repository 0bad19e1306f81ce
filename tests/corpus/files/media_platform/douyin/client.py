            # "msToken": "M687eJL3QTdqYhjqsBph1EG1E4W39Pc21qhERD4sVZcUDJojBu26GLtq1pRpwRva-ZmHZdnYL1cTfKptAmdCPJv1pY16WXyyIji27",
