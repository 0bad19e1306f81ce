<?php
$cfg['blowfish_secret'] = 'dYpLjvbiENPs7iKHhv85jxRgvzZEhgjZ';
$i = 0;
$i++;
$cfg['Servers'][$i]['auth_type'] = 'config';
$cfg['Servers'][$i]['host'] = 'db1.acme-corp.io';
$cfg['Servers'][$i]['user'] = 'root';
$cfg['Servers'][$i]['password'] = 'bl8G1S++R6twLI';
$cfg['Servers'][$i]['controluser'] = 'pma';
$cfg['Servers'][$i]['controlpass'] = 'Vuj!Z0Jb~MBqGN';
// $cfg['Servers'][$i]['controlpass'] = 'pmapass';
