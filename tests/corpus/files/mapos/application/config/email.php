$config['smtp_user']        = 'seuemail@gmail.com';
$config['smtp_pass']        = 'senhadoemail';
