<?php
return [
    'backend' => [
        'frontName' => 'admin_q8z'
    ],
    'crypt' => [
        'key' => 'b12aed0ad4547e4460bfa0cfa0ae83cc'
    ],
    'db' => [
        'table_prefix' => '',
        'connection' => [
            'default' => [
                'host' => 'db.shop.acme-corp.io',
                'dbname' => 'magento',
                'username' => 'magento',
                'password' => 'K%ZX-roqe9MFydtT',
                'model' => 'mysql4',
                'active' => '1'
            ]
        ]
    ],
    'MAGE_MODE' => 'production',
];
