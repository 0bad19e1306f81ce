<?php return array (
  'parameters' =>
  array (
    'database_host' => '127.0.0.1',
    'database_name' => 'prestashop',
    'database_user' => 'ps_user',
    'database_password' => 'tb1HZMgRF-b!Lkj9',
    'secret' => 'btv8jXjaqRQSxCyNiMUq1Cht5HwNdFv8pZ85q6eVuXikqTWa5LFnaz49',
    'cookie_key' => 'ZGR5AxW41KiR5dORE5zPDyFRtpYZM14o1jjnqrXZcQF6v3WObZOLOysG',
    'cookie_iv' => '',
  ),
);
