<?php return array (
  'parameters' =>
  array (
    'database_host' => '127.0.0.1',
    'database_name' => 'prestashop',
    'database_user' => 'ps_user',
    'database_password' => 'Bbp~iSr2LMfox-Vl',
    'secret' => 'qzoFCftaUuzkR27p68XanTWHkEI5JrVVMFXjaPXZ0o0ho0OHj822PPwW',
    'cookie_key' => 'ehD1XEpTXBoWWFPhqdjiPCgBRHqbgzt6WlMsfeGs8L1vZJnmLesljJv3',
    'cookie_iv' => '',
  ),
);
