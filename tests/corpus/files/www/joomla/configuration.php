<?php
class JConfig {
	public $offline = false;
	public $sitename = 'Acme Intranet';
	public $dbtype = 'mysqli';
	public $host = 'db.acme-corp.io';
	public $user = 'joomla_app';
	public $password = 'IK0.xABAmz1aPi_O';
	public $db = 'joomla_prod';
	public $dbprefix = 'jos_';
	public $secret = 'o7proOsSpA7treGO';
	public $mailer = 'smtp';
	public $smtpauth = true;
	public $smtpuser = 'noreply@acme-corp.io';
	public $smtppass = '2SE8+xQklrwE1_';
	public $smtphost = 'smtp.acme-corp.io';
	public $ftp_host = '127.0.0.1';
	public $ftp_user = '';
	public $ftp_pass = '';
}
