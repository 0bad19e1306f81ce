<?php
return [
    'BE' => [
        'debug' => false,
        'installToolPassword' => '$argon2i$v=19$m=65536,t=16,p=1$TnxmohzuUxQJienYr1rhfH$SsLMCo3NxOATG8i2VW4gtvH3a1oUKHSquTkPoORlCxy',
    ],
    'DB' => [
        'Connections' => [
            'Default' => [
                'charset' => 'utf8mb4',
                'dbname' => 'typo3',
                'driver' => 'mysqli',
                'host' => 'db.acme-corp.io',
                'password' => 'u_R0Sx97xPF0VU+D',
                'port' => 3306,
                'user' => 'typo3',
            ],
        ],
    ],
    'MAIL' => [
        'transport' => 'smtp',
        'transport_smtp_password' => 'TzVzL+603d.KER',
        'transport_smtp_server' => 'smtp.acme-corp.io:587',
        'transport_smtp_username' => 'web@acme-corp.io',
    ],
    'SYS' => [
        'encryptionKey' => 'efc7567a026b0a8857c35b58a47e1bccc0cf873902b188a0d6f06882799174df99b4400cbf10e2f15ef77751e7496322',
        'sitename' => 'Acme',
    ],
];
