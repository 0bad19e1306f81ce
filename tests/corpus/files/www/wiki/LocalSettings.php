<?php
$wgSitename = "AcmeWiki";
$wgDBtype = "mysql";
$wgDBserver = "wikidb.acme-corp.io";
$wgDBname = "wikidb";
$wgDBuser = "wikiuser";
$wgDBpassword = "8GPotm%Ni.C7CJvy";
$wgSecretKey = "1e215b5739f4dfe951510deff07cd50128593eeddfbd6517b23e98605a51af56";
$wgUpgradeKey = "d1e3e3693e82e70e";
$wgSMTP = [
    'host' => 'ssl://smtp.acme-corp.io',
    'port' => 465,
    'auth' => true,
    'username' => 'wiki@acme-corp.io',
    'password' => 'uTMEceV1%Lh.IP'
];
