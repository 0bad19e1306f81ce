<?php
$CONFIG = array (
  'passwordsalt' => '',
  'dbpassword' => getenv('MYSQL_PASSWORD'),
);
