<?php
$CONFIG = array (
  'instanceid' => 'ocgl8l5uf6r0',
  'passwordsalt' => 'X8RDZsVdsABBDMmriUpfetNHgQeG5N',
  'secret' => 'BbcGr63S2p8nju4Vvm68KoDtMhQCnZZNrOwbLPKcIxsIO1Vn',
  'trusted_domains' =>
  array (
    0 => 'cloud.acme-corp.io',
  ),
  'dbtype' => 'mysql',
  'dbname' => 'nextcloud',
  'dbhost' => 'localhost',
  'dbuser' => 'oc_admin',
  'dbpassword' => 'eyhSiu8RhLUkj!G!',
  'mail_smtpname' => 'cloud@acme-corp.io',
  'mail_smtppassword' => 'KaV1PxL5tb.m.j',
  'installed' => true,
);
