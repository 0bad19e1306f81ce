<?php
return [
    'BE' => [
        'debug' => false,
        'installToolPassword' => '$argon2i$v=19$m=65536,t=16,p=1$05MxU3T9bUuHJWwh4wS9RO$oBUQ5TMb4l4GNANNwwO3QCBptumhSFtSeOoT4mxa56I',
    ],
    'DB' => [
        'Connections' => [
            'Default' => [
                'charset' => 'utf8mb4',
                'dbname' => 'typo3',
                'driver' => 'mysqli',
                'host' => 'db.acme-corp.io',
                'password' => 'jCu~b0DjHmYBl-0g',
                'port' => 3306,
                'user' => 'typo3',
            ],
        ],
    ],
    'MAIL' => [
        'transport' => 'smtp',
        'transport_smtp_password' => 'L9NgS48QI_k1-Y',
        'transport_smtp_server' => 'smtp.acme-corp.io:587',
        'transport_smtp_username' => 'web@acme-corp.io',
    ],
    'SYS' => [
        'encryptionKey' => 'bd3c0c34cb5d1fc7bf24068888a7ff7f953f505702f2298ed954086004be696d898f22db75034df0865726b0e78950ff',
        'sitename' => 'Acme',
    ],
];
