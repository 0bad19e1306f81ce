<?php
$CONFIG = array (
  'instanceid' => 'oceaupmgt3a2',
  'passwordsalt' => 'o3DxpzvC6HjHRVsvuQDojBZ3Vq8EtF',
  'secret' => 'C4rzYtuSQWvZtk8yDFqxFgu/lm0FQcg/vWYNCYlssd+Vaffa',
  'trusted_domains' =>
  array (
    0 => 'cloud.acme-corp.io',
  ),
  'dbtype' => 'mysql',
  'dbname' => 'nextcloud',
  'dbhost' => 'localhost',
  'dbuser' => 'oc_admin',
  'dbpassword' => '7_7+WFMqNcjfDKAh',
  'mail_smtpname' => 'cloud@acme-corp.io',
  'mail_smtppassword' => 'Ii%U679axo3b.I',
  'installed' => true,
);
