<?php
/**
 * Database settings:
 *
 *   $databases['default']['default'] = [
 *     'database' => 'databasename',
 *     'username' => 'sqlusername',
 *     'password' => 'sqlpassword',
 *   ];
 */
$databases = [];
$databases['default']['default'] = [
  'database' => 'drupal_prod',
  'username' => 'drupal',
  'password' => 'LP1zxqq-1J9gKOdKP!',
  'prefix' => '',
  'host' => 'mysql.acme-corp.io',
  'port' => '3306',
  'driver' => 'mysql',
];
$settings['hash_salt'] = 'dgrgNdjzpWFVEvs537lCZnM3rLjSArid7eGoFu3g4_B';
$settings['config_sync_directory'] = '../config/sync';
