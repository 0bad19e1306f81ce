      eduroam = {
        auth = ''
          password=ext:eduroam
