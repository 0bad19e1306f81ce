<?php
return [
    'backend' => [
        'frontName' => 'admin_q8z'
    ],
    'crypt' => [
        'key' => '4802bc120b67b53e2cc60fd911d4d47b'
    ],
    'db' => [
        'table_prefix' => '',
        'connection' => [
            'default' => [
                'host' => 'db.shop.acme-corp.io',
                'dbname' => 'magento',
                'username' => 'magento',
                'password' => 'DqM%DxCx_jH9Ouyb',
                'model' => 'mysql4',
                'active' => '1'
            ]
        ]
    ],
    'MAGE_MODE' => 'production',
];
