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
  'password' => 'WsqIdJ6DowDmK1E~!J',
  'prefix' => '',
  'host' => 'mysql.acme-corp.io',
  'port' => '3306',
  'driver' => 'mysql',
];
$settings['hash_salt'] = 'Fd-D7ta-atACQ71u_NoI7u7Pl8p81qbVFChM_C07EHm';
$settings['config_sync_directory'] = '../config/sync';
