<?php
use PHPMailer\PHPMailer\PHPMailer;

$mail = new PHPMailer(true);
$mail->isSMTP();
$mail->Host       = 'smtp.gmail.com';
$mail->SMTPAuth   = true;
$mail->Username   = 'contact@acme-corp.io';
$mail->Password   = 'zgck xcbi abbv lgjy';
$mail->Port       = 587;

$alerts = new PHPMailer(true);
$alerts->Password = getenv('ALERTS_SMTP_PASSWORD');
$alerts->Password = $config['smtp']['password'];
