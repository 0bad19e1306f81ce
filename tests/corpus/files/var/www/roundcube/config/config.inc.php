<?php
$config = [];
$config['db_dsnw'] = 'mysql://roundcube:6i%HdDfvCh2+h9nE@localhost/roundcubemail';
$config['imap_host'] = 'ssl://imap.acme-corp.io:993';
$config['smtp_host'] = 'tls://smtp.acme-corp.io:587';
$config['smtp_user'] = '%u';
$config['smtp_pass'] = '%p';
$config['des_key'] = 'KrMuOZ06HsoOMBL57YBRP5TV';
