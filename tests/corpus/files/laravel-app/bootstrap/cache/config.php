<?php return array (
  'app' => 
  array (
    'name' => 'Wave',
    'key' => 'base64:j+lGatEi1tkcI3Bqf7RYzdorr8F/7amMcyRVEh4G3CY=',
    'cipher' => 'AES-256-CBC',
  ),
);
