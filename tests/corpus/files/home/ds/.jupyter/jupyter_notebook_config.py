# Configuration file for jupyter-notebook.
c = get_config()  # noqa
c.NotebookApp.ip = '0.0.0.0'
c.NotebookApp.password = u'sha1:fd3d3157010a:7596eac0974bcac221a5d6da36907df21f9843d0'
c.ServerApp.token = '362ae08fc7b9912411fb3a0073f33a8f13188844a5740ca4'
c.NotebookApp.token = ''
