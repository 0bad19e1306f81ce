<?php
$wgSitename = "AcmeWiki";
$wgDBtype = "mysql";
$wgDBserver = "wikidb.acme-corp.io";
$wgDBname = "wikidb";
$wgDBuser = "wikiuser";
$wgDBpassword = "Ouy1uDw%yOC9~56k";
$wgSecretKey = "59a7549bd23821c328c3da94228a5936bf5bae2ff4b8b60716272bd07e6d5068";
$wgUpgradeKey = "5db673a20cc303a9";
$wgSMTP = [
    'host' => 'ssl://smtp.acme-corp.io',
    'port' => 465,
    'auth' => true,
    'username' => 'wiki@acme-corp.io',
    'password' => 'Q-513ddF!2yDou'
];
