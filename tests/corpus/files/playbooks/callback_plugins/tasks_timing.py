import datadog
        datadog.initialize(api_key='23b1bc262ffdd26262f1571d1e97601c', app_key='f63077052d995687375d8db3d000b69d840dff24')
