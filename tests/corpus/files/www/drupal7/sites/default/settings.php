<?php
$databases = array (
  'default' =>
  array (
    'default' =>
    array (
      'database' => 'd7',
      'username' => 'd7user',
      'password' => 'b8!8L0J8O0rVQ9+3',
      'host' => 'localhost',
      'port' => '',
      'driver' => 'mysql',
      'prefix' => '',
    ),
  ),
);
$drupal_hash_salt = 'm_aOFG_uQxWqGoarWo_b5HJa1dJ7EfzcdBOgJPuM_ag';
$conf['cron_key'] = '';
