<?php
$databases = array (
  'default' =>
  array (
    'default' =>
    array (
      'database' => 'd7',
      'username' => 'd7user',
      'password' => 'MpP7.v%TS3elWe9F',
      'host' => 'localhost',
      'port' => '',
      'driver' => 'mysql',
      'prefix' => '',
    ),
  ),
);
$drupal_hash_salt = 'c6PGgRwyZLJIZQueOIQpB41wKdz-_LW_k4uoJZ86Njw';
$conf['cron_key'] = '';
