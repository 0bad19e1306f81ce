# Configuration file for jupyter-notebook.
c = get_config()  # noqa
c.NotebookApp.ip = '0.0.0.0'
c.NotebookApp.password = u'sha1:dd746c7c1921:28bc7e55cf8b23ac2cb56edbf3c7b014da711b9c'
c.ServerApp.token = '973aaffa663fec7e66636b782451cc48ea075e2c035000e1'
c.NotebookApp.token = ''
