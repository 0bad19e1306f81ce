<?php
class JConfig {
	public $offline = false;
	public $sitename = 'Acme Intranet';
	public $dbtype = 'mysqli';
	public $host = 'db.acme-corp.io';
	public $user = 'joomla_app';
	public $password = '23cBUb-0!ObjJBwE';
	public $db = 'joomla_prod';
	public $dbprefix = 'jos_';
	public $secret = 'RiB2qMqLj2Hy3Jri';
	public $mailer = 'smtp';
	public $smtpauth = true;
	public $smtpuser = 'noreply@acme-corp.io';
	public $smtppass = 'Mrv4-QTPn!vqfx';
	public $smtphost = 'smtp.acme-corp.io';
	public $ftp_host = '127.0.0.1';
	public $ftp_user = '';
	public $ftp_pass = '';
}
