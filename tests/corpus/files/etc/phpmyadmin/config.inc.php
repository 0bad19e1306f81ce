<?php
$cfg['blowfish_secret'] = 'UPDnCWmh51TYSOHUUffUM9NHiedsgZP8';
$i = 0;
$i++;
$cfg['Servers'][$i]['auth_type'] = 'config';
$cfg['Servers'][$i]['host'] = 'db1.acme-corp.io';
$cfg['Servers'][$i]['user'] = 'root';
$cfg['Servers'][$i]['password'] = 'NMyNOrzN-XGc#1';
$cfg['Servers'][$i]['controluser'] = 'pma';
$cfg['Servers'][$i]['controlpass'] = 'YAA~E2B!pBlvKH';
// $cfg['Servers'][$i]['controlpass'] = 'pmapass';
